import Synchronization

/// Shortest paths by hop count on an arbitrary graph, with deterministic equal-cost multi-path: at each
/// hop the next link is picked among those that bring the message one hop closer, by a hash of
/// (source, destination, hop), so a pair always takes the same path and different pairs spread out.
///
/// Unlike `ShortestPathRouter`, which always takes the lowest-ID path and searches on every call, this
/// router belongs to one graph (given at init) and caches each destination's hop distances, computed
/// by one breadth-first search over the reversed links. NPUs may be crossed in transit, as in direct
/// topologies.
///
/// - Complexity: O(N + L) the first time a destination is routed to, then O(h d) per route for h hops
///   through nodes of out-degree at most d. The cache holds one `Int32` per node per destination.
public final class GraphRouter: Router {
    private let nodeCount: Int
    private let links: [Link]
    private let outgoing: [[Int32]]
    private let incoming: [[Int32]]
    private let distanceCache = Mutex<[Int32: [Int32]]>([:])

    /// A router for the graph of `nodeCount` nodes joined by `links` (the same links, in the same order,
    /// as the `Topology` it will route).
    public init(nodeCount: Int, links: [Link]) {
        self.nodeCount = nodeCount
        self.links = links
        var outgoing = [[Int32]](repeating: [], count: nodeCount)
        var incoming = [[Int32]](repeating: [], count: nodeCount)
        for (i, link) in links.enumerated() {
            outgoing[Int(link.source.index)].append(Int32(i))
            incoming[Int(link.destination.index)].append(Int32(i))
        }
        self.outgoing = outgoing
        self.incoming = incoming
    }

    public func route(from source: NodeID, to destination: NodeID, in topology: Topology) -> Route {
        precondition(topology.nodes.count == nodeCount && topology.links.count == links.count,
                     "GraphRouter built for \(nodeCount) nodes and \(links.count) links asked to route \(topology.name)")
        if source == destination { return [] }
        let distance = distances(to: destination)
        precondition(distance[Int(source.index)] >= 0, "no path from \(topology[source].name) to \(topology[destination].name)")
        let hash = ecmpHash(source, destination)
        var route: Route = []
        var node = source
        while node != destination {
            let closer = distance[Int(node.index)] - 1
            let candidates = outgoing[Int(node.index)].filter { distance[Int(links[Int($0)].destination.index)] == closer }
            let pick = candidates[Int(mix(hash &+ UInt64(route.count)) % UInt64(candidates.count))]
            route.append(LinkID(Int(pick)))
            node = links[Int(pick)].destination
        }
        return route
    }

    /// Hop distances from every node to `destination` (-1 where it cannot be reached), cached.
    func distances(to destination: NodeID) -> [Int32] {
        if let cached = distanceCache.withLock({ $0[destination.index] }) { return cached }
        var distance = [Int32](repeating: -1, count: nodeCount)
        distance[Int(destination.index)] = 0
        var frontier = [destination.index]
        var head = 0
        while head < frontier.count {
            let node = frontier[head]
            head += 1
            for link in incoming[Int(node)] {
                let previous = links[Int(link)].source.index
                if distance[Int(previous)] < 0 {
                    distance[Int(previous)] = distance[Int(node)] + 1
                    frontier.append(previous)
                }
            }
        }
        distanceCache.withLock { $0[destination.index] = distance }
        return distance
    }
}
