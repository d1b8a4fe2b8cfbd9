import Testing
import Topology
@testable import Scenario

/// The rendered diagnostic for loading `text` as `t.yaml`, building it too.
private func loadError(_ text: String) -> String? {
    diagnostic { _ = try TopologyFile.parse(text: text, path: "t.yaml") }
}

private let graphHeader = """
    name: g
    topology:
      kind: graph
      nodes:
    """

@Suite("Topology file errors")
struct TopologyFileErrorTests {
    @Test("every file in Topologies/ builds, with the NPU count its shape implies", arguments: topologyFiles())
    func everyFileBuilds(name: String) throws {
        let file = try TopologyFile.read(path: topologiesDirectory.appendingPathComponent(name).path)
        let topology = try file.build()
        let expected: Int
        switch file.spec.shape {
        case let .ring(npus, _, _), let .fullyConnected(npus, _), let .switched(npus, _): expected = npus
        case let .torus(dimensions, _, _): expected = dimensions.reduce(1, *)
        case let .fatTree(tree): expected = tree.npus
        case let .dragonfly(d): expected = d.groups * d.routersPerGroup * d.npusPerRouter
        case let .hierarchical(h): expected = h.nodes * h.npusPerNode
        case let .graph(nodes, _): expected = nodes.filter { $0.kind == .npu }.count
        }
        #expect(topology.npuCount == expected)
        #expect(topology.name == file.spec.name)
    }

    @Test("the shipped clusters have the GPU counts their comments claim")
    func clusterSizes() throws {
        let sizes = try ["dgx-a100-cluster", "dgx-h100-superpod", "tpu-v4-torus", "dragonfly", "fat-tree-k4"].map {
            try TopologyFile.read(path: topologiesDirectory.appendingPathComponent("\($0).yaml").path).build().npuCount
        }
        #expect(sizes == [3_072, 256, 4_096, 1_056, 16])
    }

    @Test("a misspelt key in a topology gets a did-you-mean")
    func unknownKey() {
        #expect(loadError("name: s\ntopology:\n  kind: switch\n  npus: 4\n  bandwidth: 1 Gbps\n  latency: 1 us\n  latnecy: 2 us\n") == """
            t.yaml:7:3: error: unknown key 'latnecy' in 'topology' (expected one of: kind, npus, bandwidth, latency, npu-injection); did you mean 'latency'?
            """)
        #expect(loadError("name: s\ntopology:\n  kind: swich\n") == """
            t.yaml:3:9: error: 'topology.kind' has an unknown value 'swich' (expected one of: ring, fully-connected, switch, torus, mesh, fat-tree, dragonfly, hierarchical, graph); did you mean 'switch'?
            """)
    }

    @Test("a nested key of a hierarchical cluster is named by its full path")
    func nestedUnknownKey() {
        let text = """
            name: c
            topology:
              kind: hierarchical
              nodes: 2
              node: { npus: 8, scale-up: { kind: switch, bandwidth: 300 GB/s, latency: 0.7 us } }
              scale-out:
                nic-bandwidth: 200 Gbps
                nic-latency: 1 us
                rail-optimized: true
                fabric: { kind: switch }
            """
        #expect(loadError(text) == """
            t.yaml:9:5: error: unknown key 'rail-optimized' in 'topology.scale-out' (expected one of: nic-bandwidth, nic-latency, rail-optimised, fabric); did you mean 'rail-optimised'?
            """)
    }

    @Test("a bandwidth without a unit names the key and the expected form")
    func missingUnit() {
        #expect(loadError("name: s\ntopology:\n  kind: switch\n  npus: 4\n  bandwidth: 400\n  latency: 1 us\n") == """
            t.yaml:5:14: error: 'topology.bandwidth' has no unit: '400' (expected a bandwidth with a unit, like '400 Gbps' or '300 GB/s')
            """)
    }

    @Test("negative and zero bandwidths are rejected at the value")
    func nonPositiveBandwidth() {
        #expect(loadError("name: s\ntopology:\n  kind: ring\n  npus: 4\n  bandwidth: -100 Gbps\n  latency: 1 us\n") == """
            t.yaml:5:14: error: 'topology.bandwidth' is negative: '-100 Gbps' (expected a positive bandwidth, like '400 Gbps')
            """)
        #expect(loadError(graphHeader + "\n    - a\n    - b\n  links:\n    - { from: a, to: b, bandwidth: 0 GB/s, latency: 1 us }\n") == """
            t.yaml:8:36: error: 'topology.links[0].bandwidth' is zero: '0 GB/s' (expected a positive bandwidth, like '400 Gbps')
            """)
    }

    @Test("a duplicate node name is reported at its second definition")
    func duplicateNodeName() {
        #expect(loadError(graphHeader + "\n    - a\n    - b\n    - { name: a, kind: switch }\n  links:\n    - { from: a, to: b, bandwidth: 1 Gbps, latency: 1 us }\n") == """
            t.yaml:7:15: error: node name 'a' is used twice, first at line 5 (expected a different name for each node)
            """)
    }

    @Test("a link to an undefined node is reported at that end of the link, with the nearest name")
    func unknownNode() {
        #expect(loadError(graphHeader + "\n    - gpu0\n    - gpu1\n  links:\n    - { from: gpu0, to: gpu1, bandwidth: 1 Gbps, latency: 1 us }\n    - { from: gpu0, to: gpu2, bandwidth: 1 Gbps, latency: 1 us }\n") == """
            t.yaml:9:25: error: 'topology.links[1].to' names node 'gpu2', which is not in the node list (expected the name of a node listed under 'nodes'); did you mean 'gpu0'?
            """)
    }

    @Test("a disconnected graph is reported at its links key")
    func disconnected() {
        #expect(loadError(graphHeader + "\n    - a\n    - b\n    - c\n  links:\n    - { from: a, to: b, bandwidth: 1 Gbps, latency: 1 us }\n") == """
            t.yaml:8:3: error: the topology is disconnected: NPU 'a' cannot reach NPU 'c' (expected links that join every NPU to every other)
            """)
    }

    @Test("an out-of-range shape parameter is reported at its key")
    func invalidParameter() {
        #expect(loadError("name: f\ntopology:\n  kind: fat-tree\n  radix: 5\n  bandwidth: 1 Gbps\n  latency: 1 us\n") == """
            t.yaml:4:10: error: 'topology.radix' is 5 (expected an even number of at least 2)
            """)
        #expect(loadError("name: t\ntopology:\n  kind: torus\n  dimensions: [4, 1]\n  bandwidth: 1 Gbps\n  latency: 1 us\n") == """
            t.yaml:4:19: error: 'topology.dimensions[1]' is 1 (expected at least 2)
            """)
    }

    @Test("a link from a node to itself is reported at that link")
    func selfLink() {
        #expect(loadError(graphHeader + "\n    - a\n    - b\n  links:\n    - { from: a, to: b, bandwidth: 1 Gbps, latency: 1 us }\n    - { from: b, to: b, bandwidth: 1 Gbps, latency: 1 us }\n") == """
            t.yaml:9:7: error: 'topology.links[1]' joins node 'b' to itself (expected a link between two different nodes)
            """)
    }

    @Test("a graph of switches only is reported at its nodes key")
    func noNPUs() {
        #expect(loadError(graphHeader + " [{ name: s, kind: switch }]\n  links: []\n") == """
            t.yaml:4:3: error: the topology has no NPUs (expected at least one node of kind 'npu')
            """)
    }

    @Test("of two valid keys one edit apart, a missing one is reported as missing, not as a typo")
    func nearIdenticalValidKeys() {
        let text = """
            name: c
            topology:
              kind: hierarchical
              node: { npus: 8, scale-up: { kind: switch, bandwidth: 300 GB/s, latency: 0.7 us } }
            """
        #expect(loadError(text) == """
            t.yaml:3:3: error: missing key 'nodes' in 'topology' (expected a key 'nodes': an integer, like '16')
            """)
    }
}
