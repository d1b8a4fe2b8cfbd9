import SimKernel

extension TopologySpec {
    /// Builds the graph and its router, checking every parameter and that every NPU reaches every NPU.
    ///
    /// - Complexity: O(N + L log L) for N nodes and L links; a star or fat tree of 16,384 NPUs builds in
    ///   tens of milliseconds.
    public func build() throws(TopologyError) -> Topology {
        if let npuInjection {
            try Self.require(npuInjection.bitsPerSecond > 0, "npuInjection", "\(npuInjection)", "a positive rate")
        }
        let topology: Topology
        switch shape {
        case let .ring(npus, link, bidirectional):
            topology = try buildRing(npus: npus, link: link, bidirectional: bidirectional)
        case let .fullyConnected(npus, link):
            topology = try buildFullyConnected(npus: npus, link: link)
        case let .switched(npus, link):
            topology = try buildSwitched(npus: npus, link: link)
        case let .torus(dimensions, link, wraparound):
            topology = try buildTorus(dimensions: dimensions, link: link, wraparound: wraparound)
        case let .fatTree(tree):
            topology = try buildFatTree(tree)
        case let .dragonfly(dragonfly):
            topology = try buildDragonfly(dragonfly)
        case let .hierarchical(cluster):
            topology = try buildHierarchical(cluster)
        case let .graph(nodes, links):
            topology = try buildGraph(nodes: nodes, links: links)
        }
        try Self.checkConnected(topology)
        return topology
    }

    /// Throws `invalidParameter` unless `condition` holds.
    static func require(_ condition: Bool, _ name: String, _ value: @autoclosure () -> String, _ expected: String) throws(TopologyError) {
        if !condition { throw .invalidParameter(name: name, value: value(), expected: expected) }
    }

    /// Throws unless the link has a positive rate and a non-negative latency.
    static func check(_ link: LinkSpec, field: String) throws(TopologyError) {
        if link.bandwidth.bitsPerSecond <= 0 { throw .nonPositiveBandwidth(field: field, linkIndex: nil) }
        if link.latency < .zero { throw .negativeLatency(field: field, linkIndex: nil) }
    }

    /// Throws `invalidParameter` when a count is below `minimum`.
    static func checkCount(_ count: Int, _ name: String, minimum: Int = 1) throws(TopologyError) {
        try require(count >= minimum, name, "\(count)", "at least \(minimum)")
    }

    /// Throws `noNPUs` for an NPU count of zero and `invalidParameter` for one below `minimum`.
    static func checkNPUCount(_ count: Int, minimum: Int = 1) throws(TopologyError) {
        if count == 0 { throw .noNPUs }
        try checkCount(count, "npus", minimum: minimum)
    }

    /// Throws `disconnected` unless every NPU reaches every other: a forward and a backward search from
    /// NPU 0 must both find every NPU (then any pair connects through NPU 0).
    ///
    /// - Complexity: O(N + L).
    static func checkConnected(_ topology: Topology) throws(TopologyError) {
        guard let first = topology.npus.first else { throw .noNPUs }
        let forward = reachable(from: first, in: topology, backward: false)
        if let missing = topology.npus.first(where: { !forward[Int($0.index)] }) {
            throw .disconnected(from: topology[first].name, to: topology[missing].name)
        }
        let backward = reachable(from: first, in: topology, backward: true)
        if let missing = topology.npus.first(where: { !backward[Int($0.index)] }) {
            throw .disconnected(from: topology[missing].name, to: topology[first].name)
        }
    }

    private static func reachable(from start: NodeID, in topology: Topology, backward: Bool) -> [Bool] {
        var adjacency = [[Int32]](repeating: [], count: topology.nodes.count)
        for link in topology.links {
            let (from, to) = backward ? (link.destination, link.source) : (link.source, link.destination)
            adjacency[Int(from.index)].append(to.index)
        }
        var seen = [Bool](repeating: false, count: topology.nodes.count)
        seen[Int(start.index)] = true
        var stack = [start.index]
        while let node = stack.popLast() {
            for next in adjacency[Int(node)] where !seen[Int(next)] {
                seen[Int(next)] = true
                stack.append(next)
            }
        }
        return seen
    }
}
