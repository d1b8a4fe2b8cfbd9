import SimKernel

/// Builders for the shapes without a fabric of their own: ring, fully connected, and star.
extension TopologySpec {
    func buildRing(npus: Int, link: LinkSpec, bidirectional: Bool) throws(TopologyError) -> Topology {
        try Self.checkNPUCount(npus, minimum: 2)
        try Self.check(link, field: "link")
        var builder = FabricBuilder(npuNames: (0..<npus).map { "npu\($0)" }, injection: npuInjection)
        builder.reserveLinks(bidirectional ? 2 * npus : npus)
        for i in 0..<npus {
            let here = builder.attachment(rank: i), next = builder.attachment(rank: (i + 1) % npus)
            builder.addLink(here, next, link)
            if bidirectional { builder.addLink(next, here, link) }
        }
        let endpoints = builder.endpoints
        return builder.topology(name: name) { RingRouter(endpoints: endpoints, index: $0, bidirectional: bidirectional) }
    }

    func buildFullyConnected(npus: Int, link: LinkSpec) throws(TopologyError) -> Topology {
        try Self.checkNPUCount(npus)
        try Self.check(link, field: "link")
        var builder = FabricBuilder(npuNames: (0..<npus).map { "npu\($0)" }, injection: npuInjection)
        builder.reserveLinks(npus * (npus - 1))
        for i in 0..<npus {
            for j in 0..<npus where j != i {
                builder.addLink(builder.attachment(rank: i), builder.attachment(rank: j), link)
            }
        }
        let endpoints = builder.endpoints
        return builder.topology(name: name) { OneHopRouter(endpoints: endpoints, index: $0, hub: nil) }
    }

    func buildSwitched(npus: Int, link: LinkSpec) throws(TopologyError) -> Topology {
        try Self.checkNPUCount(npus)
        try Self.check(link, field: "link")
        var builder = FabricBuilder(npuNames: (0..<npus).map { "npu\($0)" }, injection: npuInjection)
        let hub = builder.addNode("switch", .switch)
        builder.reserveLinks(2 * npus)
        for i in 0..<npus { builder.addDuplex(builder.attachment(rank: i), hub, link) }
        let endpoints = builder.endpoints
        return builder.topology(name: name) { OneHopRouter(endpoints: endpoints, index: $0, hub: hub) }
    }
}

/// Routes a ring the short way round, ties going forward (towards higher ranks); a one-way ring always
/// goes forward.
struct RingRouter: StructuredRouter {
    let endpoints: Endpoints
    let index: LinkIndex
    let bidirectional: Bool

    func corePath(from source: Int, to destination: Int, hash: UInt64) -> [NodeID] {
        let n = endpoints.npuCount
        let forward = (destination - source + n) % n
        let step = !bidirectional || forward <= n - forward ? 1 : n - 1
        var path = [endpoints.attachment(rank: source)]
        var position = source
        while position != destination {
            position = (position + step) % n
            path.append(endpoints.attachment(rank: position))
        }
        return path
    }
}

/// Routes through one hub switch (a star) or, with no hub, straight to the destination (fully connected).
struct OneHopRouter: StructuredRouter {
    let endpoints: Endpoints
    let index: LinkIndex
    let hub: NodeID?

    func corePath(from source: Int, to destination: Int, hash: UInt64) -> [NodeID] {
        let from = endpoints.attachment(rank: source), to = endpoints.attachment(rank: destination)
        if let hub { return [from, hub, to] }
        return [from, to]
    }
}
