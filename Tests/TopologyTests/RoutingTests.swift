import Testing
import SimKernel
@testable import Topology

@Suite("Routers take the paths their rules say")
struct RoutingTests {
    @Test("a bidirectional ring goes the short way round, ties forward; a one-way ring always forward")
    func ring() throws {
        let twoWay = try build(.ring(npus: 8, link: link(100), bidirectional: true))
        #expect(names(of: twoWay.route(fromNPU: 1, toNPU: 7), in: twoWay) == ["npu1", "npu0", "npu7"])
        #expect(names(of: twoWay.route(fromNPU: 0, toNPU: 4), in: twoWay) == ["npu0", "npu1", "npu2", "npu3", "npu4"])
        let oneWay = try build(.ring(npus: 8, link: link(100), bidirectional: false))
        #expect(oneWay.route(fromNPU: 1, toNPU: 0).count == 7)
        #expect(twoWay.route(fromNPU: 3, toNPU: 3).isEmpty)
    }

    @Test("routes are valid and minimal on every small structured shape", arguments: [
        TopologySpec.Shape.ring(npus: 7, link: link(100), bidirectional: true),
        .ring(npus: 2, link: link(100), bidirectional: true),
        .fullyConnected(npus: 5, link: link(100)),
        .switched(npus: 6, link: link(100)),
        .torus(dimensions: [4, 4], link: link(100), wraparound: true),
        .torus(dimensions: [3, 2, 5], link: link(100), wraparound: true),
        .torus(dimensions: [3, 4], link: link(100), wraparound: false),
        .fatTree(.kAry(k: 4, link: link(100))),
        .fatTree(.leafSpine(npus: 23, radix: 8, link: link(100), oversubscription: 3)),
        .dragonfly(.init(groups: 3, routersPerGroup: 4, npusPerRouter: 1, globalLinksPerRouter: 1,
                         local: link(100), global: link(100), terminal: link(100))),
    ])
    func minimalRoutes(shape: TopologySpec.Shape) throws {
        #expect(checkAllRoutes(try build(shape), minimal: true).valid)
        #expect(checkAllRoutes(try build(shape, injection: .gigabitsPerSecond(50)), minimal: true).valid)
    }

    // Minimal dragonfly routing takes one global hop, which can be longer than a path through a third
    // group; one-way rings and intra-node rings are not shortest paths either.
    @Test("dragonflies, one-way rings and hierarchical clusters give valid routes between every pair", arguments: [
        TopologySpec.Shape.ring(npus: 5, link: link(100), bidirectional: false),
        .dragonfly(.init(groups: 5, routersPerGroup: 2, npusPerRouter: 2, globalLinksPerRouter: 2,
                         local: link(100), global: link(100), terminal: link(100))),
        .hierarchical(.init(nodes: 3, npusPerNode: 4, scaleUp: .ring(bidirectional: false), scaleUpLink: link(100),
                            nic: link(50), scaleOut: .switch)),
        .hierarchical(.init(nodes: 4, npusPerNode: 3, scaleUp: .fullyConnected, scaleUpLink: link(100), nic: link(50),
                            scaleOut: .fatTree(radix: 4, levels: 3, oversubscription: 2, link: link(50)), railOptimized: true)),
    ])
    func validRoutes(shape: TopologySpec.Shape) throws {
        #expect(checkAllRoutes(try build(shape), minimal: false).valid)
        #expect(checkAllRoutes(try build(shape, injection: .gigabitsPerSecond(80)), minimal: false).valid)
    }

    @Test("a 4x4 torus wraps around: (0,0) to (3,0) is 1 hop, and dimension 0 is finished first")
    func torusDimensionOrder() throws {
        let torus = try build(.torus(dimensions: [4, 4], link: link(100), wraparound: true))
        #expect(names(of: torus.route(fromNPU: 0, toNPU: 3), in: torus) == ["npu0", "npu3"])
        // (1,0) to (3,2): +2 in x (tie goes up), then +2 in y (tie goes up).
        #expect(names(of: torus.route(fromNPU: 1, toNPU: 11), in: torus) == ["npu1", "npu2", "npu3", "npu7", "npu11"])
        let mesh = try build(.torus(dimensions: [4, 4], link: link(100), wraparound: false))
        #expect(mesh.route(fromNPU: 0, toNPU: 3).count == 3)
    }

    @Test("a k-ary fat tree routes 2 hops within a leaf, 4 within a pod and 6 across pods")
    func fatTreeUpDown() throws {
        let tree = try build(.fatTree(.kAry(k: 4, link: link(100))))
        #expect(tree.route(fromNPU: 0, toNPU: 1).count == 2)
        #expect(tree.route(fromNPU: 0, toNPU: 2).count == 4)
        #expect(tree.route(fromNPU: 0, toNPU: 15).count == 6)
        let path = names(of: tree.route(fromNPU: 0, toNPU: 15), in: tree)
        #expect(path[1] == "leaf0" && path[2].hasPrefix("spine") && path[3].hasPrefix("core") && path[5] == "leaf7")
    }

    @Test("ECMP is deterministic for a pair and spreads different pairs over the spines")
    func ecmp() throws {
        let spec = TopologySpec(name: "ls", shape: .fatTree(.leafSpine(npus: 64, radix: 16, link: link(100))))
        let first = try spec.build(), second = try spec.build()
        var spinesUsed: Set<String> = []
        for destination in 8..<64 {
            let route = first.route(fromNPU: 0, toNPU: destination)
            #expect(route == second.route(fromNPU: 0, toNPU: destination))
            #expect(route == first.route(fromNPU: 0, toNPU: destination))
            spinesUsed.insert(names(of: route, in: first)[2])
        }
        #expect(spinesUsed.count == 8)
    }

    @Test("a dragonfly routes minimally: terminal, local, global, local, terminal at most")
    func dragonfly() throws {
        let spec = TopologySpec.Dragonfly(groups: 9, routersPerGroup: 4, npusPerRouter: 2, globalLinksPerRouter: 2,
                                          local: link(200), global: link(100), terminal: link(400))
        let fly = try build(.dragonfly(spec))
        #expect(fly.route(fromNPU: 0, toNPU: 1).count == 2)
        #expect(fly.route(fromNPU: 0, toNPU: 2).count == 3)
        // Group 0 numbers the other groups 0..<8; its link to group 1 is port 0 on router 0, and group
        // 1's link back to group 0 is also its port 0, on its router 0.
        #expect(names(of: fly.route(fromNPU: 0, toNPU: 8), in: fly) == ["g0.r0.npu0", "g0.r0", "g1.r0", "g1.r0.npu0"])
        #expect(names(of: fly.route(fromNPU: 2, toNPU: 14), in: fly) == ["g0.r1.npu0", "g0.r1", "g0.r0", "g1.r0", "g1.r3", "g1.r3.npu0"])
    }

    @Test("a hierarchical cluster stays on the node switch inside a node and uses NICs between nodes")
    func hierarchical() throws {
        let spec = TopologySpec.Hierarchical(
            nodes: 4, npusPerNode: 8, scaleUp: .switch, scaleUpLink: link(2400), nic: link(200),
            scaleOut: .fatTree(radix: 8, levels: 2, oversubscription: 1, link: link(200)), railOptimized: true)
        let cluster = try build(.hierarchical(spec))
        #expect(names(of: cluster.route(fromNPU: 1, toNPU: 6), in: cluster) == ["node0.gpu1", "node0.nvswitch", "node0.gpu6"])
        // Same rail (GPU 3 of nodes 0 and 2): one leaf, no spine.
        #expect(names(of: cluster.route(fromNPU: 3, toNPU: 19), in: cluster) == ["node0.gpu3", "leaf3", "node2.gpu3"])
        // Different rails climb to a spine.
        #expect(cluster.route(fromNPU: 3, toNPU: 20).count == 4)
        #expect(cluster.route(fromNPU: 3, toNPU: 19).map { cluster[$0].bandwidth } == [.gigabitsPerSecond(200), .gigabitsPerSecond(200)])
    }

    @Test("the graph router finds shortest paths and spreads equal-cost pairs over both middles")
    func graph() throws {
        // Two NPU columns joined through either of two switches.
        var nodes = [TopologySpec.GraphNode(name: "s0", kind: .switch), .init(name: "s1", kind: .switch)]
        var links: [TopologySpec.GraphLink] = []
        for i in 0..<8 {
            nodes.append(.init(name: "n\(i)", kind: .npu))
            for s in ["s0", "s1"] { links.append(.init(from: "n\(i)", to: s, bandwidth: .gigabitsPerSecond(10), latency: .zero)) }
        }
        let graph = try build(.graph(nodes: nodes, links: links))
        var middles: Set<String> = []
        for a in 0..<8 {
            for b in 0..<8 where a != b {
                let route = graph.route(fromNPU: a, toNPU: b)
                #expect(route.count == 2 && isValidRoute(route, from: a, to: b, in: graph))
                #expect(route == graph.route(fromNPU: a, toNPU: b))
                middles.insert(names(of: route, in: graph)[1])
            }
        }
        #expect(middles == ["s0", "s1"])
    }
}
