import Testing
import SimKernel
@testable import Topology

/// Correctness at 16,384 NPUs; how fast this is belongs to the benchmarks, not to a test.
@Suite("16,384-NPU topologies build and route by formula")
struct ScaleTests {
    let n = 16_384

    @Test("a 16,384-NPU star builds and routes every NPU to rank 0 through the switch")
    func star() throws {
        let star = try build(.switched(npus: n, link: link(400)))
        #expect(star.nodes.count == n + 1 && star.links.count == 2 * n)
        for a in stride(from: 1, to: n, by: 7) {
            let route = star.route(fromNPU: a, toNPU: 0)
            #expect(route.count == 2 && star[route[0]].source == star.npus[a] && star[route[1]].destination == star.npus[0])
        }
    }

    @Test("a 16,384-NPU 3-level fat tree of radix 42 builds and routes up/down with 6 hops across pods")
    func fatTree() throws {
        let spec = TopologySpec(name: "big", shape: .fatTree(.init(npus: n, radix: 42, levels: 3, link: link(400))))
        let tree = try spec.build()
        // 21 NPUs per leaf: 781 leaves, 38 pods of 21 spines, 441 cores.
        #expect(tree.nodes.count == n + 781 + 38 * 21 + 441)
        var longest = 0
        for a in stride(from: 0, to: n, by: 97) {
            let b = (a * 7919 + 13) % n
            let route = tree.route(fromNPU: a, toNPU: b)
            #expect(isValidRoute(route, from: a, to: b, in: tree))
            longest = max(longest, route.count)
        }
        #expect(longest == 6)
        let summary = TopologySummary(tree, spec: spec)
        #expect(summary.diameter == 6 && summary.npuCount == n)
    }

    @Test("a 128-node x 8-GPU rail-optimised cluster keeps same-rail traffic on one leaf")
    func cluster() throws {
        let spec = TopologySpec.Hierarchical(nodes: 128, npusPerNode: 8, scaleUp: .switch, scaleUpLink: link(2400),
                                             nic: link(400), scaleOut: .fatTree(radix: 64, levels: 3, oversubscription: 1,
                                                                                link: link(400)), railOptimized: true)
        let cluster = try build(.hierarchical(spec))
        #expect(cluster.npuCount == 1024)
        // Nodes 0 and 31 share rail 5's first leaf (32 down ports); node 32 is on the rail's second leaf.
        #expect(cluster.route(fromNPU: 5, toNPU: 31 * 8 + 5).count == 2)
        #expect(cluster.route(fromNPU: 5, toNPU: 32 * 8 + 5).count == 4)
    }
}
