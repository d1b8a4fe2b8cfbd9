/// A router that finds paths by formula between the attachment points of two NPU ranks, leaving the
/// hops onto and off injection ports and the link lookup to a shared default.
///
/// - Complexity: O(h log d) per route for a path of h hops through nodes of out-degree at most d.
protocol StructuredRouter: Router {
    var endpoints: Endpoints { get }
    var index: LinkIndex { get }
    /// The nodes from the attachment point of `source` to that of `destination`, both included.
    /// `hash` picks among equal-cost choices.
    func corePath(from source: Int, to destination: Int, hash: UInt64) -> [NodeID]
}

extension StructuredRouter {
    func route(from source: NodeID, to destination: NodeID, in topology: Topology) -> Route {
        if source == destination { return [] }
        let from = endpoints.rank(of: source), to = endpoints.rank(of: destination)
        let hash = ecmpHash(source, destination)
        var path = corePath(from: from, to: to, hash: hash)
        if endpoints.hasPorts {
            path.insert(source, at: 0)
            path.append(destination)
        }
        return index.route(through: path, hash: hash)
    }
}
