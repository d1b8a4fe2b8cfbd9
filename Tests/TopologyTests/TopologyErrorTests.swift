import Testing
import SimKernel
@testable import Topology

@Suite("build() rejects bad specs with an error naming the culprit")
struct TopologyErrorTests {
    let rate = Bandwidth.gigabitsPerSecond(10)

    @Test("graph errors point at the node or link index")
    func graphErrors() {
        let a = TopologySpec.GraphNode(name: "a", kind: .npu), b = TopologySpec.GraphNode(name: "b", kind: .npu)
        #expect(buildError(.graph(nodes: [a, b, a], links: [])) == .duplicateNodeName(name: "a", firstIndex: 0, secondIndex: 2))
        let good = TopologySpec.GraphLink(from: "a", to: "b", bandwidth: rate, latency: .zero)
        #expect(buildError(.graph(nodes: [a, b], links: [good, .init(from: "a", to: "c", bandwidth: rate, latency: .zero)]))
            == .unknownNode(name: "c", linkIndex: 1))
        #expect(buildError(.graph(nodes: [a, b], links: [.init(from: "b", to: "b", bandwidth: rate, latency: .zero)]))
            == .selfLink(name: "b", linkIndex: 0))
        #expect(buildError(.graph(nodes: [a, b], links: [good, .init(from: "a", to: "b", bandwidth: .init(bitsPerSecond: 0), latency: .zero)]))
            == .nonPositiveBandwidth(field: "links", linkIndex: 1))
        #expect(buildError(.graph(nodes: [a, b], links: [.init(from: "a", to: "b", bandwidth: rate, latency: .nanoseconds(-1))]))
            == .negativeLatency(field: "links", linkIndex: 0))
        #expect(buildError(.graph(nodes: [.init(name: "s", kind: .switch)], links: [])) == .noNPUs)
    }

    @Test("a graph whose NPUs cannot all reach each other is disconnected, naming the first pair")
    func disconnected() {
        let nodes = ["a", "b", "c"].map { TopologySpec.GraphNode(name: $0, kind: .npu) }
        let oneWay = [TopologySpec.GraphLink(from: "a", to: "b", bandwidth: rate, latency: .zero),
                      TopologySpec.GraphLink(from: "b", to: "c", bandwidth: rate, latency: .zero, bidirectional: false)]
        #expect(buildError(.graph(nodes: nodes, links: Array(oneWay.prefix(1)))) == .disconnected(from: "a", to: "c"))
        #expect(buildError(.graph(nodes: nodes, links: oneWay)) == .disconnected(from: "c", to: "a"))
    }

    @Test("structured shapes reject out-of-range parameters with the field, value and expectation")
    func parameters() {
        #expect(buildError(.ring(npus: 0, link: link(10), bidirectional: true)) == .noNPUs)
        #expect(buildError(.ring(npus: 1, link: link(10), bidirectional: true))
            == .invalidParameter(name: "npus", value: "1", expected: "at least 2"))
        #expect(buildError(.torus(dimensions: [4, 1], link: link(10), wraparound: true))
            == .invalidParameter(name: "dimensions[1]", value: "1", expected: "at least 2"))
        #expect(buildError(.fatTree(.kAry(k: 5, link: link(10))))
            == .invalidParameter(name: "radix", value: "5", expected: "an even number of at least 2"))
        #expect(buildError(.fatTree(.leafSpine(npus: 8, radix: 4, link: link(10), oversubscription: 0)))
            == .invalidParameter(name: "oversubscription", value: "0.0", expected: "a positive ratio such as 1 or 3"))
        #expect(buildError(.fatTree(.leafSpine(npus: 9, radix: 4, link: link(10)))) == .invalidParameter(
            name: "radix", value: "4", expected: "a radix whose 2-level fat tree holds 9 endpoints (this one holds 8)"))
        #expect(buildError(.fatTree(.init(npus: 8, radix: 4, levels: 4, link: link(10))))
            == .invalidParameter(name: "levels", value: "4", expected: "2 (leaf-spine) or 3 (edge, aggregation, core)"))
        #expect(buildError(.dragonfly(.init(groups: 4, routersPerGroup: 2, npusPerRouter: 1, globalLinksPerRouter: 2,
                                            local: link(10), global: link(10), terminal: link(10)))) == .invalidParameter(
            name: "globalLinksPerRouter", value: "2",
            expected: "routersPerGroup x globalLinksPerRouter (4) to be a multiple of groups - 1 (3)"))
    }

    @Test("structured shapes reject non-positive rates and negative latencies by field")
    func rates() {
        let zero = LinkSpec(bandwidth: .init(bitsPerSecond: 0), latency: .zero)
        let late = LinkSpec(bandwidth: .gigabitsPerSecond(1), latency: .nanoseconds(-5))
        #expect(buildError(.switched(npus: 4, link: zero)) == .nonPositiveBandwidth(field: "link", linkIndex: nil))
        #expect(buildError(.switched(npus: 4, link: late)) == .negativeLatency(field: "link", linkIndex: nil))
        #expect(buildError(.hierarchical(.init(nodes: 2, npusPerNode: 2, scaleUp: .switch, scaleUpLink: link(10), nic: zero,
                                               scaleOut: .switch))) == .nonPositiveBandwidth(field: "nic", linkIndex: nil))
        #expect(buildError(.hierarchical(.init(nodes: 2, npusPerNode: 2, scaleUp: .switch, scaleUpLink: link(10), nic: link(10),
                                               scaleOut: .fatTree(radix: 4, levels: 2, oversubscription: 1, link: late))))
            == .negativeLatency(field: "scaleOut.link", linkIndex: nil))
        #expect(buildError(.switched(npus: 4, link: link(10)), injection: .init(bitsPerSecond: -1))
            == .invalidParameter(name: "npuInjection", value: "-1 bps", expected: "a positive rate"))
    }
}
