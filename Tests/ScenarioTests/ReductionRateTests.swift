import Testing
import Topology
@testable import Scenario

@Suite("the reduction-rate key")
struct ReductionRateTests {
    private let text = """
        name: t
        reduction-rate: 12.5 GB/s
        topology:
          kind: fully-connected
          npus: 2
          bandwidth: 6 GB/s
          latency: 0.5 us
        """

    @Test("a top-level reduction-rate is read with its unit; without it reductions are free")
    func readsRate() throws {
        let file = try TopologyFile.read(text: text, path: "t.yaml")
        #expect(file.reductionRate == Bandwidth(bitsPerSecond: 100_000_000_000))
        let plain = try TopologyFile.read(text: text.replacingOccurrences(of: "reduction-rate: 12.5 GB/s\n", with: ""), path: "t.yaml")
        #expect(plain.reductionRate == nil)
    }

    @Test("a reduction-rate without a unit is an error at its line")
    func rejectsBareNumber() {
        let message = diagnostic { _ = try TopologyFile.read(text: text.replacingOccurrences(of: "12.5 GB/s", with: "12.5"), path: "t.yaml") }
        #expect(message?.hasPrefix("t.yaml:2:17: error:") == true, "\(message ?? "no error")")
    }
}
