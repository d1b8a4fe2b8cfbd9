import SimKernel

/// The index of a node (an NPU or a switch) in a `Topology`.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var index: Int32
    @inlinable public init(_ index: Int) { self.index = Int32(index) }
    @inlinable public static func < (a: NodeID, b: NodeID) -> Bool { a.index < b.index }
    public var description: String { "node#\(index)" }
}

/// The index of a directed link in a `Topology`.
public struct LinkID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var index: Int32
    @inlinable public init(_ index: Int) { self.index = Int32(index) }
    @inlinable public static func < (a: LinkID, b: LinkID) -> Bool { a.index < b.index }
    public var description: String { "link#\(index)" }
}

/// What a node is: an NPU (a GPU or TPU that runs ranks and sources and sinks traffic) or a switch
/// (which only forwards).
public enum NodeKind: String, Hashable, Sendable {
    case npu
    case `switch`
}

/// A vertex of the topology graph.
public struct Node: Hashable, Sendable {
    public var name: String
    public var kind: NodeKind
    public init(name: String, kind: NodeKind) {
        self.name = name
        self.kind = kind
    }
}

/// One direction of a physical link: data from `source` to `destination` at `bandwidth`, each message
/// delayed by `latency` (propagation plus switching). A full-duplex cable is two links.
public struct Link: Hashable, Sendable {
    public var source: NodeID
    public var destination: NodeID
    public var bandwidth: Bandwidth
    public var latency: SimDuration
    public init(source: NodeID, destination: NodeID, bandwidth: Bandwidth, latency: SimDuration) {
        self.source = source
        self.destination = destination
        self.bandwidth = bandwidth
        self.latency = latency
    }
}

/// A route: the directed links a message crosses, in order, from one NPU to another.
public typealias Route = [LinkID]

/// Chooses the route between two nodes of a topology.
///
/// Structured topologies route by formula (dimension order on tori, up-down on fat trees) so that a
/// 16,384-NPU fabric needs no all-pairs table; the explicit graph form uses shortest paths. Where
/// several equal-cost paths exist a router picks one deterministically from the endpoints (ECMP).
public protocol Router: Sendable {
    func route(from source: NodeID, to destination: NodeID, in topology: Topology) -> Route
}

/// A cluster's interconnect: NPUs and switches joined by directed links, plus the router that picks
/// paths between them.
///
/// NPUs are numbered `0..<npuCount` in `npus` order; that order is the default rank placement.
public struct Topology: Sendable {
    public let name: String
    public let nodes: [Node]
    public let links: [Link]
    /// The NPU nodes, in rank order.
    public let npus: [NodeID]
    public let router: any Router
    /// Outgoing links of every node, as offsets into `outgoingLinkIDs` (compressed sparse rows).
    let outgoingStart: [Int32]
    let outgoingLinkIDs: [LinkID]

    public init(name: String, nodes: [Node], links: [Link], npus: [NodeID]? = nil, router: any Router) {
        self.name = name
        self.nodes = nodes
        self.links = links
        self.npus = npus ?? nodes.indices.filter { nodes[$0].kind == .npu }.map(NodeID.init)
        self.router = router
        var counts = [Int32](repeating: 0, count: nodes.count + 1)
        for link in links { counts[Int(link.source.index) + 1] += 1 }
        for i in 0..<nodes.count { counts[i + 1] += counts[i] }
        var fill = counts
        var ids = [LinkID](repeating: LinkID(0), count: links.count)
        for (i, link) in links.enumerated() {
            let slot = Int(fill[Int(link.source.index)])
            ids[slot] = LinkID(i)
            fill[Int(link.source.index)] += 1
        }
        self.outgoingStart = counts
        self.outgoingLinkIDs = ids
    }

    public var npuCount: Int { npus.count }

    public subscript(node: NodeID) -> Node { nodes[Int(node.index)] }
    public subscript(link: LinkID) -> Link { links[Int(link.index)] }

    /// The links leaving `node`, in link-ID order.
    public func outgoingLinks(of node: NodeID) -> ArraySlice<LinkID> {
        outgoingLinkIDs[Int(outgoingStart[Int(node.index)])..<Int(outgoingStart[Int(node.index) + 1])]
    }

    /// The route from the NPU of rank-order index `source` to that of `destination`.
    public func route(fromNPU source: Int, toNPU destination: Int) -> Route {
        router.route(from: npus[source], to: npus[destination], in: self)
    }

    /// Sum of latencies along a route.
    public func latency(of route: Route) -> SimDuration {
        route.reduce(.zero) { $0 + links[Int($1.index)].latency }
    }

    /// The slowest link's rate along a route (nil for an empty route, which is a local copy).
    public func bottleneck(of route: Route) -> Bandwidth? {
        route.map { links[Int($0.index)].bandwidth }.min()
    }
}

/// Shortest paths by hop count, found by breadth-first search; among equal paths the one whose links
/// have the lowest IDs at the first difference wins, so routes never change from run to run.
///
/// - Complexity: O(nodes + links) per route. Structured topologies should use formula routers.
public struct ShortestPathRouter: Router {
    public init() {}

    public func route(from source: NodeID, to destination: NodeID, in topology: Topology) -> Route {
        if source == destination { return [] }
        // BFS from the destination backwards would need incoming lists; a forward BFS that records the
        // first link reaching each node gives the lowest-ID tie-break because links are visited in order.
        var via = [Int32](repeating: -1, count: topology.nodes.count)
        var visited = [Bool](repeating: false, count: topology.nodes.count)
        var frontier = [source]
        visited[Int(source.index)] = true
        var head = 0
        search: while head < frontier.count {
            let node = frontier[head]
            head += 1
            for linkID in topology.outgoingLinks(of: node) {
                let next = topology.links[Int(linkID.index)].destination
                if visited[Int(next.index)] { continue }
                visited[Int(next.index)] = true
                via[Int(next.index)] = linkID.index
                if next == destination { break search }
                // Only NPUs that are endpoints may be crossed: traffic does not transit other NPUs
                // unless they are the only way (direct topologies such as rings and tori forward
                // through NPUs, so NPUs are allowed as transit nodes here).
                frontier.append(next)
            }
        }
        var route: Route = []
        var node = destination
        while node != source {
            let linkIndex = via[Int(node.index)]
            precondition(linkIndex >= 0, "no path from \(topology[source].name) to \(topology[destination].name)")
            route.append(LinkID(Int(linkIndex)))
            node = topology.links[Int(linkIndex)].source
        }
        return route.reversed()
    }
}
