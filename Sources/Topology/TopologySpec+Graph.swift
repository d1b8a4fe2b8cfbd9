import SimKernel

extension TopologySpec {
    /// An explicit graph: node IDs follow the listed order, NPUs are ranked in the order they are listed,
    /// and with an injection cap each NPU's port nodes are appended after the listed nodes.
    func buildGraph(nodes specNodes: [GraphNode], links specLinks: [GraphLink]) throws(TopologyError) -> Topology {
        var indexOf: [String: Int] = [:]
        indexOf.reserveCapacity(specNodes.count)
        for (i, node) in specNodes.enumerated() {
            try Self.require(!node.name.isEmpty, "nodes[\(i)].name", "empty", "a non-empty name")
            if let first = indexOf[node.name] { throw .duplicateNodeName(name: node.name, firstIndex: first, secondIndex: i) }
            indexOf[node.name] = i
        }
        var nodes = specNodes.map { Node(name: $0.name, kind: $0.kind) }
        let npus = nodes.indices.filter { nodes[$0].kind == .npu }
        if npus.isEmpty { throw .noNPUs }

        // Where each listed node's links attach: the node itself, or its port under an injection cap.
        var attachment = Array(nodes.indices)
        var links: [Link] = []
        if let npuInjection {
            for npu in npus {
                attachment[npu] = nodes.count
                nodes.append(Node(name: nodes[npu].name + ".port", kind: .switch))
                links.append(Link(source: NodeID(npu), destination: NodeID(attachment[npu]), bandwidth: npuInjection, latency: .zero))
                links.append(Link(source: NodeID(attachment[npu]), destination: NodeID(npu), bandwidth: npuInjection, latency: .zero))
            }
        }
        for (i, link) in specLinks.enumerated() {
            guard let from = indexOf[link.from] else { throw .unknownNode(name: link.from, linkIndex: i) }
            guard let to = indexOf[link.to] else { throw .unknownNode(name: link.to, linkIndex: i) }
            if from == to { throw .selfLink(name: link.from, linkIndex: i) }
            if link.bandwidth.bitsPerSecond <= 0 { throw .nonPositiveBandwidth(field: "links", linkIndex: i) }
            if link.latency < .zero { throw .negativeLatency(field: "links", linkIndex: i) }
            let a = NodeID(attachment[from]), b = NodeID(attachment[to])
            links.append(Link(source: a, destination: b, bandwidth: link.bandwidth, latency: link.latency))
            if link.bidirectional { links.append(Link(source: b, destination: a, bandwidth: link.bandwidth, latency: link.latency)) }
        }
        let router = GraphRouter(nodeCount: nodes.count, links: links)
        return Topology(name: name, nodes: nodes, links: links, npus: npus.map(NodeID.init), router: router)
    }
}
