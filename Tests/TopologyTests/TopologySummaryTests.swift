import Foundation
import Testing
import SimKernel
@testable import Topology

@Suite("Summaries give the closed-form diameter and bisection, and agree with measurement")
struct TopologySummaryTests {
    let g100 = Bandwidth.gigabitsPerSecond(100)

    func summary(_ shape: TopologySpec.Shape, injection: Bandwidth? = nil) throws -> TopologySummary {
        let spec = TopologySpec(name: "t", shape: shape, npuInjection: injection)
        return TopologySummary(try spec.build(), spec: spec)
    }

    @Test("a ring of n has diameter n/2 and bisection 2 links x 2 directions", arguments: [4, 7, 10])
    func ring(n: Int) throws {
        let s = try summary(.ring(npus: n, link: link(100), bidirectional: true))
        #expect(s.diameter == n / 2 && s.bisectionBandwidth == g100 * 4 && s.bisectionDerivation == .formula)
        #expect(s.injectionBandwidth == g100 * 2)
    }

    @Test("a k-ary fat tree has full bisection n/2 x link x 2 directions, divided by the oversubscription")
    func fatTree() throws {
        let full = try summary(.fatTree(.kAry(k: 4, link: link(100))))
        #expect(full.bisectionBandwidth == g100 * 16 && full.diameter == 6 && full.switchCount == 20)
        let thin = try summary(.fatTree(.kAry(k: 4, link: link(100), oversubscription: 4)))
        #expect(thin.bisectionBandwidth == g100 * 4)
    }

    @Test("a 4x4x8 torus has diameter 2+2+4 and bisection (n/8) x 2 cuts x 2 directions")
    func torus() throws {
        let s = try summary(.torus(dimensions: [4, 4, 8], link: link(100), wraparound: true))
        #expect(s.diameter == 8 && s.bisectionBandwidth == g100 * (16 * 2 * 2))
        let mesh = try summary(.torus(dimensions: [4, 6], link: link(100), wraparound: false))
        #expect(mesh.diameter == 3 + 5 && mesh.bisectionBandwidth == g100 * (4 * 2))
    }

    @Test("formula and measurement agree on small instances of every structured shape", arguments: [
        TopologySpec.Shape.ring(npus: 9, link: link(100), bidirectional: true),
        .ring(npus: 6, link: link(100), bidirectional: false),
        .fullyConnected(npus: 5, link: link(100)),
        .switched(npus: 7, link: link(100)),
        .torus(dimensions: [3, 4], link: link(100), wraparound: true),
        .torus(dimensions: [2, 3, 4], link: link(100), wraparound: false),
        .fatTree(.kAry(k: 4, link: link(100), oversubscription: 2)),
        .fatTree(.kAry(k: 6, link: link(100), oversubscription: 0.5)),
        .fatTree(.leafSpine(npus: 24, radix: 8, link: link(100), oversubscription: 3)),
        .dragonfly(.init(groups: 4, routersPerGroup: 3, npusPerRouter: 2, globalLinksPerRouter: 1,
                         local: link(400), global: link(100), terminal: link(200))),
        .dragonfly(.init(groups: 6, routersPerGroup: 5, npusPerRouter: 3, globalLinksPerRouter: 1,
                         local: link(800), global: link(100), terminal: link(50))),
        .hierarchical(.init(nodes: 4, npusPerNode: 4, scaleUp: .switch, scaleUpLink: link(900), nic: link(100),
                            scaleOut: .switch)),
        .hierarchical(.init(nodes: 4, npusPerNode: 4, scaleUp: .ring(bidirectional: true), scaleUpLink: link(900),
                            nic: link(100), scaleOut: .fatTree(radix: 4, levels: 3, oversubscription: 2, link: link(100)))),
        .hierarchical(.init(nodes: 4, npusPerNode: 2, scaleUp: .fullyConnected, scaleUpLink: link(900), nic: link(100),
                            scaleOut: .fatTree(radix: 4, levels: 2, oversubscription: 1, link: link(100)), railOptimized: true)),
    ])
    func formulasMatchMeasurement(shape: TopologySpec.Shape) throws {
        for injection in [nil, Bandwidth.gigabitsPerSecond(150)] {
            let spec = TopologySpec(name: "t", shape: shape, npuInjection: injection)
            let topology = try spec.build()
            let formula = TopologySummary(topology, spec: spec), measured = TopologySummary(measuring: topology)
            #expect(formula.bisectionDerivation == .formula)
            #expect(formula.bisectionBandwidth == measured.bisectionBandwidth)
            #expect(formula.diameter == checkAllRoutes(topology, minimal: false).longest)
        }
    }

    @Test("a hierarchical summary splits injection into scale-up and scale-out")
    func hierarchicalInjection() throws {
        let s = try summary(.hierarchical(.init(nodes: 2, npusPerNode: 8, scaleUp: .fullyConnected, scaleUpLink: link(400),
                                                nic: link(200), scaleOut: .switch)))
        #expect(s.scaleUpInjection == .gigabitsPerSecond(2800) && s.scaleOutInjection == .gigabitsPerSecond(200))
        #expect(s.injectionBandwidth == .gigabitsPerSecond(3000))
        #expect(s.bisectionBandwidth == .gigabitsPerSecond(200 * 8 * 2))
    }

    @Test("an injection cap limits injection and bisection")
    func injectionCap() throws {
        let s = try summary(.switched(npus: 8, link: link(100)), injection: .gigabitsPerSecond(40))
        #expect(s.injectionBandwidth == .gigabitsPerSecond(40) && s.bisectionBandwidth == .gigabitsPerSecond(40 * 4 * 2))
        #expect(s.diameter == 4)
    }

    @Test("a graph is measured: diameter by BFS and bisection by max-flow over heterogeneous links")
    func graph() throws {
        // a - s0 (10G) - s1 (30G) - b, plus c on s0 and d on s1: the s0-s1 cable is the bisection.
        let nodes = [TopologySpec.GraphNode(name: "a", kind: .npu), .init(name: "c", kind: .npu),
                     .init(name: "b", kind: .npu), .init(name: "d", kind: .npu),
                     .init(name: "s0", kind: .switch), .init(name: "s1", kind: .switch)]
        let links = [("a", "s0", 100.0), ("c", "s0", 100), ("s0", "s1", 30), ("b", "s1", 100), ("d", "s1", 100)].map {
            TopologySpec.GraphLink(from: $0.0, to: $0.1, bandwidth: .gigabitsPerSecond($0.2), latency: .nanoseconds(5))
        }
        let s = try summary(.graph(nodes: nodes, links: links))
        #expect(s.diameter == 3 && s.bisectionBandwidth == .gigabitsPerSecond(60) && s.bisectionDerivation == .measured)
        #expect(s.linkClasses.map(\.count) == [8, 2])
    }

    @Test("the rendering lists sizes, diameter, bisection, injection and link classes")
    func rendering() throws {
        let s = try summary(.switched(npus: 4, link: link(100, 500)))
        #expect(s.description == """
            topology t
              nodes       5 (4 NPUs, 1 switch)
              links       8 directed
              diameter    2 hops between NPUs (formula)
              bisection   400 Gbps, both directions (formula)
              injection   100 Gbps per NPU
              link classes
                8 x 100 Gbps, 500 ns
            """)
        let decoded = try JSONDecoder().decode(TopologySummary.self, from: JSONEncoder().encode(s))
        #expect(decoded == s)
    }
}

@Suite("Summaries measure what has no closed form")
struct TopologySummaryFallbackTests {
    @Test("an odd last torus dimension and half-filled leaves are measured, not guessed")
    func measuredFallback() throws {
        for shape in [TopologySpec.Shape.torus(dimensions: [4, 3], link: link(100), wraparound: true),
                      .fatTree(.leafSpine(npus: 20, radix: 8, link: link(100), oversubscription: 2))] {
            let spec = TopologySpec(name: "t", shape: shape)
            let topology = try spec.build()
            let summary = TopologySummary(topology, spec: spec)
            #expect(summary.bisectionDerivation == .measured && summary.diameterDerivation == .formula)
            #expect(summary.bisectionBandwidth == TopologySummary(measuring: topology).bisectionBandwidth)
        }
    }

    @Test("a single-node cluster's diameter is its scale-up diameter")
    func singleNode() throws {
        let spec = TopologySpec(name: "box", shape: .hierarchical(.init(
            nodes: 1, npusPerNode: 6, scaleUp: .ring(bidirectional: true), scaleUpLink: link(300), nic: link(100),
            scaleOut: .fatTree(radix: 4, levels: 2, oversubscription: 1, link: link(100)))))
        let topology = try spec.build()
        let summary = TopologySummary(topology, spec: spec)
        #expect(summary.diameter == 3 && summary.injectionBandwidth == .gigabitsPerSecond(700))
        #expect(summary.bisectionBandwidth == TopologySummary(measuring: topology).bisectionBandwidth)
    }
}
