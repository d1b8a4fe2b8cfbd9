import SimKernel
@testable import Topology

/// A link of `gbps` Gb/s and `ns` nanoseconds.
func link(_ gbps: Double, _ ns: Int64 = 100) -> LinkSpec {
    LinkSpec(bandwidth: .gigabitsPerSecond(gbps), latency: .nanoseconds(ns))
}

func build(_ shape: TopologySpec.Shape, injection: Bandwidth? = nil) throws -> Topology {
    try TopologySpec(name: "test", shape: shape, npuInjection: injection).build()
}

/// The error `build()` throws for `shape`, or nil when it builds.
func buildError(_ shape: TopologySpec.Shape, injection: Bandwidth? = nil) -> TopologyError? {
    do {
        _ = try TopologySpec(name: "test", shape: shape, npuInjection: injection).build()
        return nil
    } catch {
        return error
    }
}

/// True when `route` is a chain of links from NPU `a` to NPU `b` that visits no node twice.
func isValidRoute(_ route: Route, from a: Int, to b: Int, in topology: Topology) -> Bool {
    var node = topology.npus[a]
    var seen: Set<NodeID> = [node]
    for id in route {
        let link = topology[id]
        guard link.source == node, seen.insert(link.destination).inserted else { return false }
        node = link.destination
    }
    return node == topology.npus[b]
}

/// Hop counts of shortest paths from NPU `a` to every node, by breadth-first search.
func shortestHops(from a: Int, in topology: Topology) -> [Int] {
    var distance = [Int](repeating: -1, count: topology.nodes.count)
    let start = topology.npus[a]
    distance[Int(start.index)] = 0
    var queue = [start]
    var head = 0
    while head < queue.count {
        let node = queue[head]
        head += 1
        for id in topology.outgoingLinks(of: node) {
            let next = topology[id].destination
            if distance[Int(next.index)] < 0 {
                distance[Int(next.index)] = distance[Int(node.index)] + 1
                queue.append(next)
            }
        }
    }
    return distance
}

/// Checks every ordered pair of NPUs: the route is valid and, when `minimal`, as short as any path.
/// Returns the longest route's hop count.
func checkAllRoutes(_ topology: Topology, minimal: Bool) -> (valid: Bool, longest: Int) {
    var longest = 0
    for a in 0..<topology.npuCount {
        let distance = minimal ? shortestHops(from: a, in: topology) : []
        for b in 0..<topology.npuCount {
            let route = topology.route(fromNPU: a, toNPU: b)
            guard isValidRoute(route, from: a, to: b, in: topology) else { return (false, longest) }
            if minimal && route.count != distance[Int(topology.npus[b].index)] { return (false, longest) }
            longest = max(longest, route.count)
        }
    }
    return (true, longest)
}

func names(of route: Route, in topology: Topology) -> [String] {
    guard let first = route.first else { return [] }
    return [topology[topology[first].source].name] + route.map { topology[topology[$0].destination].name }
}
