import Testing
@testable import Scenario

@Suite("Built-in names")
struct BuiltinNameTests {
    @Test("a bare name, a .yaml name and the shipped path all pick the built-in file",
          arguments: ["switch-16", "switch-16.yaml", "Topologies/switch-16.yaml"])
    func lookup(name: String) {
        #expect(BuiltinName.lookup(name, folder: "Topologies", in: BuiltinTopologies.files)?.name == "switch-16")
    }

    @Test("other paths are not built-in names")
    func otherPaths() {
        #expect(BuiltinName.lookup("elsewhere/switch-16.yaml", folder: "Topologies", in: BuiltinTopologies.files) == nil)
        #expect(BuiltinName.lookup("switch-17", folder: "Topologies", in: BuiltinTopologies.files) == nil)
    }

    @Test("an unknown config name suggests the nearest built-in")
    func unknownConfig() {
        #expect(throws: Diagnostic.self) { try ConfigFile.resolve("gpt3-175b-megatorn") }
        let diagnostic = BuiltinName.unknown("gpt3-175b-megatorn", kind: "config", among: BuiltinConfigs.files)
        #expect(diagnostic.suggestion == "gpt3-175b-megatron")
        #expect(diagnostic.message == "no such config file, and no built-in config of that name")
    }
}
