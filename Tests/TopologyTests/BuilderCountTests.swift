import Testing
import SimKernel
@testable import Topology

@Suite("Builders make the node and link counts of their closed forms")
struct BuilderCountTests {
    @Test("a ring of n has n NPUs and n or 2n directed links", arguments: [2, 3, 7, 16])
    func ring(n: Int) throws {
        let oneWay = try build(.ring(npus: n, link: link(100), bidirectional: false))
        let twoWay = try build(.ring(npus: n, link: link(100), bidirectional: true))
        #expect(oneWay.npuCount == n && oneWay.nodes.count == n && oneWay.links.count == n)
        #expect(twoWay.links.count == 2 * n)
        #expect(twoWay[twoWay.npus[n - 1]].name == "npu\(n - 1)")
    }

    @Test("a fully connected set of n has n(n-1) links and a star n+1 nodes and 2n links", arguments: [1, 2, 5, 9])
    func fullAndStar(n: Int) throws {
        #expect(try build(.fullyConnected(npus: n, link: link(100))).links.count == n * (n - 1))
        let star = try build(.switched(npus: n, link: link(100)))
        #expect(star.nodes.count == n + 1 && star.links.count == 2 * n)
        #expect(star[NodeID(n)].name == "switch" && star[NodeID(n)].kind == .switch)
    }

    @Test("a torus has 2 k n links, a mesh 2 sum over dimensions of (n / d)(d - 1)")
    func torus() throws {
        let torus = try build(.torus(dimensions: [4, 3, 2], link: link(100), wraparound: true))
        #expect(torus.npuCount == 24 && torus.links.count == 2 * 3 * 24)
        let mesh = try build(.torus(dimensions: [4, 3], link: link(100), wraparound: false))
        #expect(mesh.links.count == 2 * (3 * 3 + 4 * 2))
    }

    @Test("a k-ary fat tree has k^3/4 NPUs, 5k^2/4 switches and 3k^3/4 cables", arguments: [2, 4, 6, 8])
    func kAryFatTree(k: Int) throws {
        let tree = try build(.fatTree(.kAry(k: k, link: link(100))))
        #expect(tree.npuCount == k * k * k / 4)
        #expect(tree.nodes.count - tree.npuCount == 5 * k * k / 4)
        #expect(tree.links.count == 2 * 3 * k * k * k / 4)
    }

    @Test("a leaf-spine fabric builds ceil(n / (radix/2)) leaves and radix/2 spines")
    func leafSpine() throws {
        let tree = try build(.fatTree(.leafSpine(npus: 100, radix: 16, link: link(400))))
        let leaves = tree.nodes.count { $0.name.hasPrefix("leaf") }
        let spines = tree.nodes.count { $0.name.hasPrefix("spine") }
        #expect(leaves == 13 && spines == 8)
        #expect(tree.links.count == 2 * (100 + 13 * 8))
    }

    @Test("a dragonfly has g a p NPUs, g a routers, and terminal, local and global links by formula")
    func dragonfly() throws {
        // The balanced a = 2p = 2h dragonfly with g = a h + 1 groups: every group pair has one global link.
        let spec = TopologySpec.Dragonfly(groups: 9, routersPerGroup: 4, npusPerRouter: 2, globalLinksPerRouter: 2,
                                          local: link(200), global: link(100), terminal: link(400))
        let fly = try build(.dragonfly(spec))
        #expect(fly.npuCount == 72 && fly.nodes.count == 72 + 36)
        let terminal = 2 * 72, local = 9 * 4 * 3, global = 9 * 8
        #expect(fly.links.count == terminal + local + global)
        #expect(fly[fly.npus[13]].name == "g1.r2.npu1" && fly[NodeID(72 + 6)].name == "g1.r2")
    }

    @Test("a DGX-like cluster ranks NPUs node-major and adds one switch per node plus the fat tree")
    func hierarchical() throws {
        let spec = TopologySpec.Hierarchical(
            nodes: 4, npusPerNode: 8, scaleUp: .switch, scaleUpLink: link(2400), nic: link(200),
            scaleOut: .fatTree(radix: 8, levels: 2, oversubscription: 1, link: link(200)))
        let cluster = try build(.hierarchical(spec))
        #expect(cluster.npuCount == 32)
        #expect(cluster[cluster.npus[9]].name == "node1.gpu1")
        // 4 node switches, 8 leaves of 4 NICs, 4 spines.
        #expect(cluster.nodes.count == 32 + 4 + 8 + 4)
        #expect(cluster.links.count == 2 * (32 + 32 + 8 * 4))
    }

    @Test("an injection cap adds one port per NPU joined at the capped rate")
    func injectionPorts() throws {
        let ring = try build(.ring(npus: 4, link: link(100), bidirectional: true), injection: .gigabitsPerSecond(150))
        #expect(ring.nodes.count == 8 && ring.links.count == 8 + 8)
        #expect(ring[NodeID(5)].name == "npu1.port")
        #expect(ring.outgoingLinks(of: ring.npus[1]).map { ring[$0].bandwidth } == [.gigabitsPerSecond(150)])
    }

    @Test("a graph keeps its listed order and ranks NPUs as listed")
    func graph() throws {
        let nodes = [TopologySpec.GraphNode(name: "sw", kind: .switch), .init(name: "b", kind: .npu), .init(name: "a", kind: .npu)]
        let links = [TopologySpec.GraphLink(from: "a", to: "sw", bandwidth: .gigabitsPerSecond(10), latency: .zero),
                     TopologySpec.GraphLink(from: "sw", to: "b", bandwidth: .gigabitsPerSecond(20), latency: .zero)]
        let graph = try build(.graph(nodes: nodes, links: links))
        #expect(graph.npus == [NodeID(1), NodeID(2)])
        #expect(graph.links.count == 4)
    }
}
