import Testing
import SimKernel
import Topology
@testable import Scenario

/// A small schema exercising every reader feature: one link with units, a count and a choice.
private struct TestLink: Equatable {
    enum Medium: String, CaseIterable, YAMLDecodable { case copper, optical }
    var bandwidth: Bandwidth
    var latency: SimDuration
    var lanes: Int
    var medium: Medium
    var size: ByteCount?

    static func read(_ text: String) throws -> TestLink {
        let root = try YAMLDocument.parse(text: text, path: "t.yaml").mapping()
        let link = try root.mapping("link")
        let spec = TestLink(
            bandwidth: try link.required("bandwidth"),
            latency: try link.optional("latency", default: .zero),
            lanes: try link.optional("lanes", default: 1, atLeast: 1),
            medium: try link.optional("medium", default: .copper),
            size: try link.optional("size"))
        try link.rejectUnknownKeys()
        try root.rejectUnknownKeys()
        return spec
    }
}

/// The rendered diagnostic a body throws, or nil when it succeeds.
func diagnostic(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return "\(error)"
    }
}

private func error(in text: String) -> String? { diagnostic { _ = try TestLink.read(text) } }

@Suite("YAML reader")
struct YAMLReaderTests {
    @Test("a well-formed mapping reads into exact unit values")
    func readsValues() throws {
        let spec = try TestLink.read("""
            link:
              bandwidth: 300 GB/s
              latency: 0.7 us
              lanes: 16_384
              medium: optical
              size: 1.5 KiB
            """)
        #expect(spec == TestLink(bandwidth: Bandwidth(bitsPerSecond: 2_400_000_000_000),
                                 latency: .picoseconds(700_000), lanes: 16_384, medium: .optical,
                                 size: ByteCount(bytes: 1536)))
    }

    @Test("absent optional keys take their defaults")
    func defaults() throws {
        let spec = try TestLink.read("link: { bandwidth: 400 Gbps }")
        #expect(spec == TestLink(bandwidth: Bandwidth(bitsPerSecond: 400_000_000_000), latency: .zero,
                                 lanes: 1, medium: .copper, size: nil))
    }

    @Test("an unknown key is reported at the key with the valid keys and the nearest spelling")
    func unknownKey() {
        #expect(error(in: "link:\n  bandwidth: 400 Gbps\n  latncy: 1 us\n") == """
            t.yaml:3:3: error: unknown key 'latncy' in 'link' (expected one of: bandwidth, latency, lanes, medium, size); did you mean 'latency'?
            """)
    }

    @Test("a misspelt required key is reported as the typo, not as a missing key")
    func misspeltRequiredKey() {
        #expect(error(in: "link:\n  bandwith: 400 Gbps\n") == """
            t.yaml:2:3: error: unknown key 'bandwith' in 'link' (expected the required key 'bandwidth'); did you mean 'bandwidth'?
            """)
    }

    @Test("an unknown key far from every valid one gets no suggestion")
    func unknownKeyWithoutSuggestion() {
        #expect(error(in: "link:\n  bandwidth: 1 Gbps\ncolour: red\n") == """
            t.yaml:3:1: error: unknown key 'colour' in the document (expected one of: link)
            """)
    }

    @Test("a missing required key is reported at its mapping and names the key")
    func missingKey() {
        #expect(error(in: "link:\n  latency: 1 us\n") == """
            t.yaml:2:3: error: missing key 'bandwidth' in 'link' (expected a key 'bandwidth': a bandwidth with a unit, like '400 Gbps' or '300 GB/s')
            """)
    }

    @Test("a value of the wrong shape names the key and what was found")
    func wrongType() {
        #expect(error(in: "link:\n  bandwidth: [1, 2]\n") == """
            t.yaml:2:14: error: 'link.bandwidth' is a list (expected a bandwidth with a unit, like '400 Gbps' or '300 GB/s')
            """)
        #expect(error(in: "link: 400 Gbps\n") == """
            t.yaml:1:7: error: 'link' is '400 Gbps' (expected a mapping)
            """)
        #expect(error(in: "link:\n  bandwidth:\n") == """
            t.yaml:2:13: error: 'link.bandwidth' is empty (expected a bandwidth with a unit, like '400 Gbps' or '300 GB/s')
            """)
    }

    @Test("a bandwidth without a unit is its own error")
    func missingUnit() {
        #expect(error(in: "link:\n  bandwidth: 400\n") == """
            t.yaml:2:14: error: 'link.bandwidth' has no unit: '400' (expected a bandwidth with a unit, like '400 Gbps' or '300 GB/s')
            """)
    }

    @Test("an unknown unit lists the valid units and suggests the nearest")
    func unknownUnit() {
        #expect(error(in: "link:\n  bandwidth: 400 Gbit/s\n") == """
            t.yaml:2:14: error: 'link.bandwidth' has an unknown unit 'Gbit/s' (expected a bandwidth unit: bps, Kbps, Mbps, Gbps, Tbps, b/s, Kb/s, Mb/s, Gb/s, Tb/s, B/s, KB/s, MB/s, GB/s, TB/s, KiB/s, MiB/s, GiB/s); did you mean 'Gb/s'?
            """)
        #expect(error(in: "link:\n  bandwidth: 1 Gbps\n  latency: 3 sec\n") == """
            t.yaml:3:12: error: 'link.latency' has an unknown unit 'sec' (expected a duration unit: ps, ns, us, µs, ms, s)
            """)
    }

    @Test("text that is not a number is told apart from a missing unit")
    func notANumber() {
        #expect(error(in: "link:\n  bandwidth: fast\n") == """
            t.yaml:2:14: error: 'link.bandwidth' is not a bandwidth: 'fast' (expected a bandwidth with a unit, like '400 Gbps' or '300 GB/s')
            """)
    }

    @Test("zero and negative bandwidths are rejected with their own messages")
    func nonPositiveBandwidth() {
        #expect(error(in: "link:\n  bandwidth: 0 Gbps\n") == """
            t.yaml:2:14: error: 'link.bandwidth' is zero: '0 Gbps' (expected a positive bandwidth, like '400 Gbps')
            """)
        #expect(error(in: "link:\n  bandwidth: -400 Gbps\n") == """
            t.yaml:2:14: error: 'link.bandwidth' is negative: '-400 Gbps' (expected a positive bandwidth, like '400 Gbps')
            """)
    }

    @Test("a negative latency is rejected, a zero one accepted")
    func negativeLatency() throws {
        #expect(error(in: "link:\n  bandwidth: 1 Gbps\n  latency: -1 us\n") == """
            t.yaml:3:12: error: 'link.latency' is negative: '-1 us' (expected a duration of zero or more, like '1.5 us' or '700 ns')
            """)
        #expect(try TestLink.read("link: { bandwidth: 1 Gbps, latency: 0 s }").latency == .zero)
    }

    @Test("counts must be whole numbers at or above their minimum")
    func counts() {
        #expect(error(in: "link:\n  bandwidth: 1 Gbps\n  lanes: 2.5\n") == """
            t.yaml:3:10: error: 'link.lanes' is not a whole number: '2.5' (expected an integer, like '16')
            """)
        #expect(error(in: "link:\n  bandwidth: 1 Gbps\n  lanes: eight\n") == """
            t.yaml:3:10: error: 'link.lanes' is not a number: 'eight' (expected an integer, like '16')
            """)
        #expect(error(in: "link:\n  bandwidth: 1 Gbps\n  lanes: 0\n") == """
            t.yaml:3:10: error: 'link.lanes' is 0, below the minimum (expected at least 1)
            """)
    }

    @Test("a fractional byte count is rejected")
    func fractionalBytes() {
        #expect(error(in: "link:\n  bandwidth: 1 Gbps\n  size: 1.5 B\n") == """
            t.yaml:3:9: error: 'link.size' is not a whole number of bytes: '1.5 B' (expected a size with a unit, like '64 MiB' or '80 GB')
            """)
    }

    @Test("an unknown choice lists the valid words and suggests the nearest")
    func unknownChoice() {
        #expect(error(in: "link:\n  bandwidth: 1 Gbps\n  medium: opticle\n") == """
            t.yaml:3:11: error: 'link.medium' has an unknown value 'opticle' (expected one of: copper, optical); did you mean 'optical'?
            """)
    }

    @Test("an empty document and a non-mapping root are reported at the start")
    func emptyDocument() {
        #expect(error(in: "") == "t.yaml:1:1: error: the document is empty (expected a mapping)")
        #expect(error(in: "- 1\n- 2\n") == "t.yaml:1:1: error: the document is a list (expected a mapping)")
    }

    @Test("list elements carry their index in the key path")
    func listIndex() {
        let result = diagnostic {
            let root = try YAMLDocument.parse(text: "rates:\n  - 1 Gbps\n  - 2\n", path: "t.yaml").mapping()
            let _: [Bandwidth] = try root.required("rates")
        }
        #expect(result == """
            t.yaml:3:5: error: 'rates[1]' has no unit: '2' (expected a bandwidth with a unit, like '400 Gbps' or '300 GB/s')
            """)
    }
}
