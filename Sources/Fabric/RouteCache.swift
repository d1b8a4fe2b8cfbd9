import Topology

/// Routes between placed ranks, each computed once: the topology's router is asked once per NPU pair,
/// and each rank's most recent destination is remembered, since most collective algorithms send to the
/// same neighbour step after step, which answers nearly every look-up without hashing.
struct RouteCache {
    let topology: Topology
    /// NPU index of each rank.
    let placement: [Int]
    var routes: [Int64: Route] = [:]
    /// Each rank's most recent destination (-1 before its first send) and its route.
    var lastDestination: [Int32]
    var lastRoute: [Route]

    init(topology: Topology, placement: [Int]) {
        self.topology = topology
        self.placement = placement
        lastDestination = Array(repeating: -1, count: placement.count)
        lastRoute = Array(repeating: [], count: placement.count)
    }

    /// The route from rank `source` to rank `destination`.
    @inline(__always)
    mutating func route(from source: Int, to destination: Int) -> Route {
        if lastDestination[source] == Int32(destination) { return lastRoute[source] }
        return lookUp(from: source, to: destination)
    }

    /// `route(from:to:)` when the destination changed: the cache by NPU pair, then the topology's router.
    mutating func lookUp(from source: Int, to destination: Int) -> Route {
        let a = placement[source], b = placement[destination]
        let key = Int64(a) * Int64(topology.npuCount) + Int64(b)
        let route: Route
        if let cached = routes[key] {
            route = cached
        } else {
            route = topology.route(fromNPU: a, toNPU: b)
            routes[key] = route
        }
        lastDestination[source] = Int32(destination)
        lastRoute[source] = route
        return route
    }
}
