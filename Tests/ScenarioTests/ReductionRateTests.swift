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

@Suite("the message-regimes key")
struct MessageRegimesKeyTests {
    private let text = """
        name: t
        message-regimes:
          - from: 0 B
            latency: 2 us
            bandwidth: 10 GB/s
            reduction-rate: 20 GB/s
          - from: 4 MiB
            latency: 20 us
            bandwidth: 2 GB/s
        topology:
          kind: fully-connected
          npus: 2
          bandwidth: 10 GB/s
          latency: 2 us
        """

    @Test("regimes are read with their units, by increasing size")
    func reads() throws {
        let regimes = try #require(try TopologyFile.read(text: text, path: "t.yaml").messageRegimes)
        #expect(regimes.regimes.map(\.from) == [.zero, .mebibytes(4)])
        #expect(regimes.regimes.map(\.latency) == [.microseconds(2), .microseconds(20)])
        #expect(regimes.regimes.map(\.bandwidth) == [.gigabytesPerSecond(10), .gigabytesPerSecond(2)])
        #expect(regimes.regimes.map(\.reductionRate) == [.gigabytesPerSecond(20), nil])
    }

    @Test("regimes out of order are an error at the offending one")
    func outOfOrder() {
        let message = diagnostic { _ = try TopologyFile.read(text: text.replacingOccurrences(of: "from: 4 MiB", with: "from: 0 B"), path: "t.yaml") }
        #expect(message?.hasPrefix("t.yaml:7:5: error: 'message-regimes' is not usable: regime 2 does not start above") == true,
                "\(message ?? "no error")")
    }

    @Test("a first regime above 0 B and a misspelt key are errors with their positions")
    func badRegimes() {
        let late = diagnostic { _ = try TopologyFile.read(text: text.replacingOccurrences(of: "from: 0 B", with: "from: 1 KiB"), path: "t.yaml") }
        #expect(late?.hasPrefix("t.yaml:3:5: error:") == true && late?.contains("must start at 0 B") == true, "\(late ?? "no error")")
        let typo = diagnostic { _ = try TopologyFile.read(text: text.replacingOccurrences(of: "    bandwidth: 2 GB/s", with: "    bandwith: 2 GB/s"), path: "t.yaml") }
        #expect(typo?.contains("did you mean 'bandwidth'?") == true, "\(typo ?? "no error")")
        #expect(typo?.hasPrefix("t.yaml:") == true)
    }
}
