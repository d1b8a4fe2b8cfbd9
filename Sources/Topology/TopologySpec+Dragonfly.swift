import SimKernel

extension TopologySpec {
    /// A dragonfly: NPU `t` of router `r` in group `g` is `g{g}.r{r}.npu{t}` (rank `(g a + r) p + t`),
    /// routers are `g{g}.r{r}`, fully connected within a group, and each pair of groups is joined by
    /// `a h / (g - 1)` global links spread evenly over the routers' global ports.
    func buildDragonfly(_ spec: Dragonfly) throws(TopologyError) -> Topology {
        try Self.checkCount(spec.groups, "groups")
        try Self.checkCount(spec.routersPerGroup, "routersPerGroup")
        try Self.checkCount(spec.npusPerRouter, "npusPerRouter")
        try Self.checkCount(spec.globalLinksPerRouter, "globalLinksPerRouter", minimum: spec.groups > 1 ? 1 : 0)
        let ports = spec.routersPerGroup * spec.globalLinksPerRouter
        if spec.groups > 1 {
            try Self.require(ports % (spec.groups - 1) == 0, "globalLinksPerRouter", "\(spec.globalLinksPerRouter)",
                             "routersPerGroup x globalLinksPerRouter (\(ports)) to be a multiple of groups - 1 (\(spec.groups - 1))")
        }
        try Self.check(spec.local, field: "local")
        try Self.check(spec.global, field: "global")
        try Self.check(spec.terminal, field: "terminal")

        let npuCount = spec.groups * spec.routersPerGroup * spec.npusPerRouter
        let names = (0..<npuCount).map { rank in
            let router = rank / spec.npusPerRouter
            return "g\(router / spec.routersPerGroup).r\(router % spec.routersPerGroup).npu\(rank % spec.npusPerRouter)"
        }
        var builder = FabricBuilder(npuNames: names, injection: npuInjection)
        let layout = DragonflyLayout(spec: spec, routerBase: builder.nodes.count)
        for router in 0..<spec.groups * spec.routersPerGroup {
            builder.addNode("g\(router / spec.routersPerGroup).r\(router % spec.routersPerGroup)", .switch)
        }
        for rank in 0..<layout.npuCount {
            builder.addDuplex(builder.attachment(rank: rank), layout.router(ofRank: rank), spec.terminal)
        }
        for group in 0..<spec.groups {
            for r in 0..<spec.routersPerGroup {
                for s in (r + 1)..<spec.routersPerGroup {
                    builder.addDuplex(layout.router(group: group, r), layout.router(group: group, s), spec.local)
                }
            }
        }
        for i in 0..<spec.groups {
            for j in (i + 1)..<spec.groups {
                for copy in 0..<layout.linksPerGroupPair {
                    builder.addDuplex(layout.gateway(from: i, to: j, copy: copy),
                                      layout.gateway(from: j, to: i, copy: copy), spec.global)
                }
            }
        }
        let endpoints = builder.endpoints
        return builder.topology(name: name) { DragonflyRouter(endpoints: endpoints, index: $0, layout: layout) }
    }
}

/// Where a dragonfly's routers and global links are.
struct DragonflyLayout: Hashable, Sendable {
    let groups: Int
    let routersPerGroup: Int
    let npusPerRouter: Int
    let globalLinksPerRouter: Int
    let routerBase: Int

    init(spec: TopologySpec.Dragonfly, routerBase: Int) {
        groups = spec.groups
        routersPerGroup = spec.routersPerGroup
        npusPerRouter = spec.npusPerRouter
        globalLinksPerRouter = spec.globalLinksPerRouter
        self.routerBase = routerBase
    }

    var npuCount: Int { groups * routersPerGroup * npusPerRouter }
    var linksPerGroupPair: Int { groups > 1 ? routersPerGroup * globalLinksPerRouter / (groups - 1) : 0 }

    func router(group: Int, _ r: Int) -> NodeID { NodeID(routerBase + group * routersPerGroup + r) }
    func router(ofRank rank: Int) -> NodeID { NodeID(routerBase + rank / npusPerRouter) }

    /// The index within its group of the router holding global link `copy` from group `i` to group `j`:
    /// group `i` numbers the other groups `0..<g-1` and gives copy `c` of the link to group `t` port
    /// `c (g - 1) + t`; router `r` owns ports `r h ..< (r + 1) h`.
    func gatewayIndex(from i: Int, to j: Int, copy: Int) -> Int {
        let target = j < i ? j : j - 1
        return (copy * (groups - 1) + target) / globalLinksPerRouter
    }

    func gateway(from i: Int, to j: Int, copy: Int) -> NodeID { router(group: i, gatewayIndex(from: i, to: j, copy: copy)) }

    /// The router hops (local plus global) of the minimal path from router `rs` of group `gs` to router
    /// `rd` of group `gd`, and the global-link copy that achieves it (ties to the hash).
    func minimalCopy(fromGroup gs: Int, _ rs: Int, toGroup gd: Int, _ rd: Int, hash: UInt64) -> (copy: Int, hops: Int) {
        let copies = linksPerGroupPair
        let first = Int(hash % UInt64(copies))
        var best = (copy: first, hops: Int.max)
        for offset in 0..<copies {
            let copy = (first + offset) % copies
            let hops = 1 + (gatewayIndex(from: gs, to: gd, copy: copy) == rs ? 0 : 1)
                + (gatewayIndex(from: gd, to: gs, copy: copy) == rd ? 0 : 1)
            if hops < best.hops { best = (copy, hops) }
        }
        return best
    }

    /// The most router-to-router hops minimal routing takes between two routers. Between two groups
    /// it is 3 when both have a router without a global link to the other, 1 when every router pair
    /// has its own global link, else 2; inside a group it is 1.
    ///
    /// - Complexity: O(g^2 m) for g groups joined pairwise by m global links.
    var routerDiameter: Int {
        var diameter = routersPerGroup > 1 ? 1 : 0
        let copies = linksPerGroupPair
        for i in 0..<groups {
            for j in 0..<groups where j != i {
                var outs = Set<Int>(), ins = Set<Int>(), pairs = Set<Int>()
                for copy in 0..<copies {
                    let out = gatewayIndex(from: i, to: j, copy: copy), into = gatewayIndex(from: j, to: i, copy: copy)
                    outs.insert(out)
                    ins.insert(into)
                    pairs.insert(out * routersPerGroup + into)
                }
                let worst = outs.count < routersPerGroup && ins.count < routersPerGroup ? 3
                    : pairs.count == routersPerGroup * routersPerGroup ? 1 : 2
                diameter = max(diameter, worst)
                if diameter == 3 { return 3 }
            }
        }
        return diameter
    }
}

/// Minimal routing on a dragonfly: at most one local hop in the source group, one global hop, and one
/// local hop in the destination group, choosing among the global links to the destination group the
/// one needing fewest local hops, ties broken by the (source, destination) hash (Kim et al., ISCA 2008).
/// "Minimal" is the dragonfly sense of one global hop: a detour through a third group can have fewer
/// hops, but it uses two global links, which Valiant-style non-minimal routing reserves for load balance.
struct DragonflyRouter: StructuredRouter {
    let endpoints: Endpoints
    let index: LinkIndex
    let layout: DragonflyLayout

    func corePath(from source: Int, to destination: Int, hash: UInt64) -> [NodeID] {
        let a = layout.routersPerGroup
        let routerS = source / layout.npusPerRouter, routerD = destination / layout.npusPerRouter
        var path = [endpoints.attachment(rank: source), layout.router(ofRank: source)]
        let gs = routerS / a, gd = routerD / a
        if gs == gd {
            if routerS != routerD { path.append(layout.router(ofRank: destination)) }
        } else {
            let copy = layout.minimalCopy(fromGroup: gs, routerS % a, toGroup: gd, routerD % a, hash: hash).copy
            let out = layout.gateway(from: gs, to: gd, copy: copy), into = layout.gateway(from: gd, to: gs, copy: copy)
            if out != path[path.count - 1] { path.append(out) }
            path.append(into)
            if into != layout.router(ofRank: destination) { path.append(layout.router(ofRank: destination)) }
        }
        path.append(endpoints.attachment(rank: destination))
        return path
    }
}
