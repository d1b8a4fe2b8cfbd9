import Foundation
import Testing
import SimKernel
import Topology
@testable import Scenario

/// The package's `Topologies/` directory, found from this source file so tests run from anywhere.
let topologiesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Topologies")

/// Every YAML file in `Topologies/`, so that a newly added file is tested without listing it here.
func topologyFiles() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: topologiesDirectory.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted()
}

private func link(_ bandwidth: String, _ latency: String) -> LinkSpec {
    LinkSpec(bandwidth: Bandwidth(parsing: bandwidth) ?? Bandwidth(bitsPerSecond: -1),
             latency: SimDuration(parsing: latency) ?? SimDuration(picoseconds: -1))
}

@Suite("Topology files")
struct TopologyFileTests {
    @Test("the Topologies directory holds the shipped files")
    func directoryIsFound() {
        #expect(topologyFiles().count >= 9)
        #expect(topologyFiles().contains("dgx-a100-cluster.yaml"))
    }

    @Test("every file in Topologies/ reads, and its name matches the file name", arguments: topologyFiles())
    func everyFileReads(name: String) throws {
        let file = try TopologyFile.read(path: topologiesDirectory.appendingPathComponent(name).path)
        #expect(file.spec.name + ".yaml" == name)
        #expect(file.summary?.isEmpty == false)
        #expect(file.source?.isEmpty == false)
    }

    @Test("switch-16 is 16 NPUs on one switch at 100 Gbps and 1 us")
    func switch16() throws {
        let spec = try TopologyFile.read(path: topologiesDirectory.appendingPathComponent("switch-16.yaml").path).spec
        #expect(spec == TopologySpec(name: "switch-16", shape: .switched(npus: 16, link: link("100 Gbps", "1 us"))))
    }

    @Test("the DGX A100 cluster reads into 384 nodes of 8 GPUs with NVSwitch and HDR into a 3-level fat tree")
    func dgxA100() throws {
        let spec = try TopologyFile.read(path: topologiesDirectory.appendingPathComponent("dgx-a100-cluster.yaml").path).spec
        let expected = TopologySpec.Hierarchical(
            nodes: 384, npusPerNode: 8, scaleUp: .switch,
            scaleUpLink: LinkSpec(bandwidth: Bandwidth(bitsPerSecond: 2_400_000_000_000), latency: .picoseconds(700_000)),
            nic: LinkSpec(bandwidth: Bandwidth(bitsPerSecond: 200_000_000_000), latency: .picoseconds(1_000_000)),
            scaleOut: .fatTree(radix: 40, levels: 3, oversubscription: 1,
                               link: LinkSpec(bandwidth: Bandwidth(bitsPerSecond: 200_000_000_000), latency: .picoseconds(600_000))),
            railOptimized: false)
        #expect(spec.shape == .hierarchical(expected))
    }

    @Test("the TPU v4 pod is a 16x16x16 torus at the derived 187.5 Gbps per link")
    func tpuV4() throws {
        let spec = try TopologyFile.read(path: topologiesDirectory.appendingPathComponent("tpu-v4-torus.yaml").path).spec
        #expect(spec.shape == .torus(dimensions: [16, 16, 16],
                                     link: LinkSpec(bandwidth: Bandwidth(bitsPerSecond: 187_500_000_000), latency: .picoseconds(500_000)),
                                     wraparound: true))
    }

    @Test("a full fat tree's NPU count defaults to radix^3/4 (3 levels) or radix^2/2 (2 levels)")
    func fatTreeDefaults() throws {
        let spec = try TopologyFile.read(path: topologiesDirectory.appendingPathComponent("fat-tree-k4.yaml").path).spec
        #expect(spec.shape == .fatTree(.kAry(k: 4, link: link("100 Gbps", "1 us"))))
        #expect(TopologyReader.fullTree(radix: 40, levels: 3) == 16_000)
        #expect(TopologyReader.fullTree(radix: 64, levels: 2) == 2_048)
        #expect(TopologyReader.fullTree(radix: 1 << 32, levels: 3) == .max)
    }

    @Test("a graph file lists bare names as NPUs and keeps each link's own rate")
    func graph() throws {
        let spec = try TopologyFile.read(path: topologiesDirectory.appendingPathComponent("graph-example.yaml").path).spec
        guard case let .graph(nodes, links) = spec.shape else {
            Issue.record("graph-example.yaml is not a graph: \(spec.shape)")
            return
        }
        #expect(nodes.map(\.name) == ["a.gpu0", "a.gpu1", "b.gpu0", "b.gpu1", "ib-switch"])
        #expect(nodes.map(\.kind) == [.npu, .npu, .npu, .npu, .switch])
        #expect(links.count == 6)
        #expect(links[0] == TopologySpec.GraphLink(from: "a.gpu0", to: "a.gpu1", bandwidth: Bandwidth(bitsPerSecond: 2_400_000_000_000),
                                                   latency: .picoseconds(700_000)))
        #expect(links[5].bandwidth == Bandwidth(bitsPerSecond: 200_000_000_000))
    }

    @Test("load returns the checked spec, and an optional NPU injection cap is read with its unit")
    func loadAndInjection() throws {
        let ring = try TopologyFile.load(path: topologiesDirectory.appendingPathComponent("ring-8.yaml").path)
        #expect(ring == TopologySpec(name: "ring-8", shape: .ring(npus: 8, link: link("100 Gbps", "1 us"), bidirectional: true)))
        let capped = try TopologyFile.parse(text: """
            name: capped
            topology: { kind: switch, npus: 4, bandwidth: 100 Gbps, latency: 1 us, npu-injection: 50 Gbps }
            """, path: "t.yaml")
        #expect(capped.npuInjection == Bandwidth(bitsPerSecond: 50_000_000_000))
    }

    @Test("a mesh is a torus without wraparound")
    func mesh() throws {
        let spec = try TopologyFile.parse(text: "name: m\ntopology: { kind: mesh, dimensions: [2, 3], bandwidth: 1 Gbps, latency: 0 s }\n",
                                          path: "t.yaml")
        #expect(spec.shape == .torus(dimensions: [2, 3], link: link("1 Gbps", "0 s"), wraparound: false))
    }
}
