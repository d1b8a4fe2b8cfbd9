import SimKernel

extension TopologySpec {
    /// A fat tree whose hosts are the NPUs (or their ports), in rank order.
    func buildFatTree(_ tree: FatTree) throws(TopologyError) -> Topology {
        try Self.checkNPUCount(tree.npus)
        try ClosFabric.validate(hosts: tree.npus, radix: tree.radix, levels: tree.levels,
                                oversubscription: tree.oversubscription, link: tree.link, prefix: "")
        var builder = FabricBuilder(npuNames: (0..<tree.npus).map { "npu\($0)" }, injection: npuInjection)
        let hosts = (0..<tree.npus).map { (slot: $0, node: builder.attachment(rank: $0)) }
        let fabric = ClosFabric(adding: hosts, slotCount: tree.npus, to: &builder, radix: tree.radix, levels: tree.levels,
                                oversubscription: tree.oversubscription, hostLink: tree.link, fabricLink: tree.link)
        let endpoints = builder.endpoints
        return builder.topology(name: name) { FatTreeRouter(endpoints: endpoints, index: $0, fabric: fabric) }
    }
}

/// Up/down routing on a fat tree with deterministic ECMP among the equal-cost spines and cores.
struct FatTreeRouter: StructuredRouter {
    let endpoints: Endpoints
    let index: LinkIndex
    let fabric: ClosFabric

    func corePath(from source: Int, to destination: Int, hash: UInt64) -> [NodeID] {
        [endpoints.attachment(rank: source)] + fabric.switchPath(fromSlot: source, toSlot: destination, hash: hash)
            + [endpoints.attachment(rank: destination)]
    }
}
