import Foundation
import Testing
import Topology
import Workload
@testable import Scenario

/// The package's `Configs/` directory, found from this source file so tests run from anywhere.
let configsDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Configs")

/// Every YAML file in `Configs/`, so that a newly added file is tested without listing it here.
func configFiles() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: configsDirectory.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted()
}

@Suite("Config files")
struct ConfigFileTests {
    private func load(_ name: String) throws -> ConfigFile {
        try ConfigFile.load(path: configsDirectory.appendingPathComponent(name).path)
    }

    @Test("the Configs directory holds the shipped scenarios, and each is built into the binary")
    func directory() {
        #expect(configFiles() == ["bert-large-dp.yaml", "dlrm.yaml", "gpt3-175b-megatron.yaml", "llama2-70b-h100.yaml",
                                  "llama3-405b-16k.yaml", "megatron-1t.yaml", "resnet50-dp.yaml"])
        #expect(BuiltinConfigs.files.map { $0.name + ".yaml" } == configFiles())
    }

    @Test("every file in Configs/ reads, validates, fits in memory, and is named after its file", arguments: configFiles())
    func everyFile(name: String) throws {
        let config = try load(name)
        #expect(config.name + ".yaml" == name)
        #expect(config.summary?.isEmpty == false)
        #expect(config.source?.isEmpty == false)
        #expect(config.workload.plan.ranks <= config.topology.npuCount)
        #expect(config.workload.memory().fits, "\(config.workload.memory().verdict)")
    }

    @Test("the GPT-3 config is Megatron's 175B plan (SC21 Table 1): t 8, p 8, d 16, 96 microbatches, on A100")
    func gpt3() throws {
        let config = try load("gpt3-175b-megatron.yaml")
        let plan = config.workload.plan
        #expect((plan.tensor, plan.pipeline, plan.data, plan.microbatches) == (8, 8, 16, 96))
        #expect(plan.recomputation == .full)
        #expect(plan.gradientBucket == .mebibytes(40))
        #expect(config.workload.accelerator.name == "a100")
        #expect(config.topologyName == "dgx-a100-cluster")
        #expect(config.topology.npuCount == 3072)
        #expect(config.workload.model.parameters == 174_615_822_336)
    }

    @Test("the 1T config has Narayanan et al.'s 1,008 billion parameters")
    func trillion() throws {
        let parameters = try load("megatron-1t.yaml").workload.model.parameters
        #expect((parameters / 1e9).rounded() == 1008)
    }

    @Test("the data-parallel configs build task graphs with one gradient all-reduce per bucket on every rank",
          arguments: ["bert-large-dp.yaml", "resnet50-dp.yaml", "dlrm.yaml"])
    func dataParallelGraphs(name: String) throws {
        let config = try load(name)
        let graph = try config.workload.taskGraph()
        #expect(graph.ranks == config.workload.plan.ranks)
        let buckets = graph.tasks[0].filter { $0.category == "dp" }.count
        #expect(buckets >= 1)
        #expect(graph.tasks.allSatisfy { $0.filter { $0.category == "dp" }.count == buckets })
        #expect(graph.tasks.allSatisfy { $0.last?.category == "optimizer" })
    }
}

@Suite("Config file errors")
struct ConfigErrorTests {
    /// A valid config with `replacing` swapped for `with`.
    private func error(_ replacing: String, _ with: String) -> String {
        let base = """
        name: test
        topology: dgx-a100-cluster
        accelerator: a100
        model:
          kind: transformer
          layers: 96
          hidden: 12288
          heads: 96
          sequence-length: 2048
          vocabulary: 51200
        parallel:
          ranks: 1536
          tensor: 8
          pipeline: 12
          global-batch: 1536
        """
        let text = base.replacingOccurrences(of: replacing, with: with)
        precondition(text != base, "'\(replacing)' is not in the base config")
        do {
            _ = try ConfigFile.parse(text: text, path: "test.yaml")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("the base config is valid")
    func base() {
        #expect(error("name: test", "name: test2") == "no error")
    }

    @Test("tensor x pipeline x data that is not the ranks points at 'ranks'")
    func rankProduct() {
        #expect(error("  pipeline: 12\n", "  pipeline: 12\n  data: 8\n") == "test.yaml:12:10: error: 'parallel.ranks': "
            + "tensor x pipeline x data = 8 x 12 x 8 = 768, not the 1536 ranks asked for (expected sizes whose product is 1536)")
    }

    @Test("layers that do not split over the pipeline point at 'layers'")
    func layers() {
        #expect(error("layers: 96", "layers: 90") == "test.yaml:6:11: error: 'model.layers': 90 layers do not split "
            + "evenly over pipeline = 12 (90 mod 12 = 6) (expected a layer count divisible by 12)")
    }

    @Test("heads that do not split over tensor point at 'heads'")
    func heads() {
        #expect(error("heads: 96", "heads: 100").hasPrefix("test.yaml:8:10: error: 'model.heads': 100 attention heads do not split over tensor = 8"))
    }

    @Test("a batch that does not split into microbatches points at 'global-batch'")
    func batch() {
        #expect(error("global-batch: 1536", "global-batch: 1500").hasPrefix(
            "test.yaml:15:17: error: 'parallel.global-batch': global batch 1500 does not split into microbatches of 1 over 16"))
    }

    @Test("more ranks than the topology's NPUs points at 'topology'")
    func tooManyRanks() {
        #expect(error("topology: dgx-a100-cluster", "topology: dgx-h100-superpod") == "test.yaml:2:11: error: 'topology': "
            + "the plan needs 1536 ranks but topology 'dgx-h100-superpod' has 256 NPUs (expected at most 256 ranks, or a larger topology)")
    }

    @Test("an unknown accelerator lists the catalogue and suggests the nearest")
    func accelerator() {
        #expect(error("accelerator: a100", "accelerator: a10") == "test.yaml:3:14: error: 'accelerator' has an unknown value "
            + "'a10' (expected one of: v100, a100, h100, h200, b200, mi300x, tpu-v4, or a mapping); did you mean 'a100'?")
        #expect(error("accelerator: a100", "accelerator: H10").hasSuffix("did you mean 'h100'?"))
    }

    @Test("an unknown topology lists the built-ins and suggests the nearest")
    func topology() {
        #expect(error("topology: dgx-a100-cluster", "topology: dgx-a100-clustr").hasSuffix("did you mean 'dgx-a100-cluster'?"))
        #expect(error("topology: dgx-a100-cluster", "topology: nowhere.yaml").hasPrefix(
            "test.yaml:2:11: error: 'topology' names no built-in topology and no readable file: 'nowhere.yaml'"))
    }

    @Test("misspelt keys and choices get a did-you-mean at their line")
    func spelling() {
        #expect(error("  tensor: 8", "  tensr: 8").hasPrefix("test.yaml:13:3: error: unknown key 'tensr' in 'parallel'"))
        #expect(error("  tensor: 8", "  tensr: 8").hasSuffix("did you mean 'tensor'?"))
        #expect(error("  global-batch: 1536", "  global-batch: 1536\n  recompute: ful").hasSuffix("did you mean 'full'?"))
        #expect(error("kind: transformer", "kind: transfomer").hasSuffix("did you mean 'transformer'?"))
    }

    @Test("an inline accelerator reads its units and checks its efficiencies")
    func inlineAccelerator() throws {
        let inline = "accelerator:\n  name: mine\n  peak-bf16: 500 TFLOPS\n  hbm: 96 GB\n  hbm-bandwidth: 3 TB/s\n  matmul-efficiency: 0.7"
        #expect(error("accelerator: a100", inline) == "no error")
        #expect(error("accelerator: a100", inline.replacingOccurrences(of: "0.7", with: "1.7")).hasPrefix(
            "test.yaml:8:22: error: 'accelerator.matmul-efficiency' is 1.7, outside (0, 1]"))
        #expect(error("accelerator: a100", inline.replacingOccurrences(of: "500 TFLOPS", with: "500")).contains("has no unit: '500'"))
    }

    @Test("a topology given as a path resolves against the config's directory")
    func topologyPath() throws {
        let text = """
        name: small
        topology: ../Topologies/switch-16.yaml
        accelerator: h100
        model: { kind: transformer, layers: 4, hidden: 256, heads: 4, sequence-length: 128, vocabulary: 1000 }
        parallel: { ranks: 16, tensor: 2, pipeline: 2, global-batch: 32 }
        """
        let config = try ConfigFile.parse(text: text, path: configsDirectory.appendingPathComponent("small.yaml").path)
        #expect(config.topology.npuCount == 16)
        #expect(config.workload.plan.data == 4)
    }

    @Test("plan settings out of range are reported at their value")
    func planRanges() {
        #expect(error("  global-batch: 1536", "  global-batch: 1536\n  zero-stage: 4")
            == "test.yaml:16:15: error: 'parallel.zero-stage' is 4 (expected a ZeRO stage from 0 to 3)")
        #expect(error("  global-batch: 1536", "  global-batch: 1536\n  chunks: 3").hasPrefix(
            "test.yaml:16:11: error: 'parallel.chunks' is 3 but schedule '1f1b' has one chunk per stage"))
        #expect(error("  tensor: 8", "  tensor: 0").hasPrefix("test.yaml:13:11: error: 'parallel.tensor' is 0, below the minimum"))
    }
}
