import SimKernel

extension TopologySpec {
    /// A cluster of nodes: NPU `i` of node `n` is `node{n}.gpu{i}` (rank `n G + i` for `G` NPUs per node),
    /// joined inside the node by its scale-up fabric and to every other node by its own NIC.
    ///
    /// NICs plug into one switch (`fabric`) or a fat tree. Without rail optimisation NIC slots follow rank
    /// order, so a leaf holds whole nodes; with it, rail `i` (NIC `i` of every node) gets its own
    /// `ceil(nodes / (radix/2))` leaves, so same-rail traffic between nodes on one leaf never climbs.
    func buildHierarchical(_ spec: Hierarchical) throws(TopologyError) -> Topology {
        try Self.checkCount(spec.nodes, "nodes")
        try Self.checkCount(spec.npusPerNode, "npusPerNode")
        try Self.check(spec.scaleUpLink, field: "scaleUpLink")
        try Self.check(spec.nic, field: "nic")
        let npusPerNode = spec.npusPerNode
        let layout = HierarchicalLayout(spec: spec)
        if case let .fatTree(radix, levels, oversubscription, link) = spec.scaleOut {
            try ClosFabric.validate(hosts: layout.slotCount, radix: radix, levels: levels,
                                    oversubscription: oversubscription, link: link, prefix: "scaleOut.")
        }
        let names = (0..<spec.nodes * npusPerNode).map { "node\($0 / npusPerNode).gpu\($0 % npusPerNode)" }
        var builder = FabricBuilder(npuNames: names, injection: npuInjection)

        var nodeSwitchBase: Int?
        switch spec.scaleUp {
        case .switch:
            let base = builder.nodes.count
            nodeSwitchBase = base
            for node in 0..<spec.nodes { builder.addNode("node\(node).nvswitch", .switch) }
            for rank in 0..<names.count {
                builder.addDuplex(builder.attachment(rank: rank), NodeID(base + rank / npusPerNode), spec.scaleUpLink)
            }
        case let .ring(bidirectional):
            guard npusPerNode > 1 else { break }
            for rank in 0..<names.count {
                let next = rank - rank % npusPerNode + (rank + 1) % npusPerNode
                builder.addLink(builder.attachment(rank: rank), builder.attachment(rank: next), spec.scaleUpLink)
                if bidirectional { builder.addLink(builder.attachment(rank: next), builder.attachment(rank: rank), spec.scaleUpLink) }
            }
        case .fullyConnected:
            for rank in 0..<names.count {
                let first = rank - rank % npusPerNode
                for peer in first..<(first + npusPerNode) where peer != rank {
                    builder.addLink(builder.attachment(rank: rank), builder.attachment(rank: peer), spec.scaleUpLink)
                }
            }
        }

        let scaleOut: HierarchicalRouter.ScaleOut
        switch spec.scaleOut {
        case .switch:
            let fabric = builder.addNode("fabric", .switch)
            for rank in 0..<names.count { builder.addDuplex(builder.attachment(rank: rank), fabric, spec.nic) }
            scaleOut = .switch(fabric)
        case let .fatTree(radix, levels, oversubscription, link):
            let hosts = (0..<names.count).map { (slot: layout.slot(ofRank: $0), node: builder.attachment(rank: $0)) }
            scaleOut = .fatTree(ClosFabric(adding: hosts, slotCount: layout.slotCount, to: &builder, radix: radix,
                                           levels: levels, oversubscription: oversubscription, hostLink: spec.nic, fabricLink: link))
        }
        let endpoints = builder.endpoints
        return builder.topology(name: name) {
            HierarchicalRouter(endpoints: endpoints, index: $0, layout: layout, nodeSwitchBase: nodeSwitchBase, scaleOut: scaleOut)
        }
    }
}

/// Where each NPU's NIC sits among the scale-out fabric's host slots.
struct HierarchicalLayout: Hashable, Sendable {
    let nodes: Int
    let npusPerNode: Int
    let scaleUp: TopologySpec.Hierarchical.ScaleUp
    /// Slots per rail when rail-optimised (whole leaves), else nil.
    let railStride: Int?

    init(spec: TopologySpec.Hierarchical) {
        nodes = spec.nodes
        npusPerNode = spec.npusPerNode
        scaleUp = spec.scaleUp
        if spec.railOptimized, case let .fatTree(radix, _, _, _) = spec.scaleOut, radix >= 2 {
            let half = radix / 2
            railStride = (spec.nodes + half - 1) / half * half
        } else {
            railStride = nil
        }
    }

    var slotCount: Int { railStride.map { $0 * npusPerNode } ?? nodes * npusPerNode }

    func slot(ofRank rank: Int) -> Int {
        guard let railStride else { return rank }
        return rank % npusPerNode * railStride + rank / npusPerNode
    }
}

/// Routes inside a node over its scale-up fabric (through the node switch, the short way round the
/// node's ring with ties going up, or directly) and between nodes from NIC to NIC over the scale-out
/// fabric (its switch, or up/down through the fat tree with deterministic ECMP).
struct HierarchicalRouter: StructuredRouter {
    enum ScaleOut: Hashable, Sendable {
        case `switch`(NodeID)
        case fatTree(ClosFabric)
    }

    let endpoints: Endpoints
    let index: LinkIndex
    let layout: HierarchicalLayout
    let nodeSwitchBase: Int?
    let scaleOut: ScaleOut

    func corePath(from source: Int, to destination: Int, hash: UInt64) -> [NodeID] {
        let perNode = layout.npusPerNode
        let from = endpoints.attachment(rank: source), to = endpoints.attachment(rank: destination)
        guard source / perNode == destination / perNode else {
            switch scaleOut {
            case let .switch(fabric):
                return [from, fabric, to]
            case let .fatTree(fabric):
                return [from] + fabric.switchPath(fromSlot: layout.slot(ofRank: source),
                                                  toSlot: layout.slot(ofRank: destination), hash: hash) + [to]
            }
        }
        switch layout.scaleUp {
        case .switch:
            return [from, NodeID((nodeSwitchBase ?? 0) + source / perNode), to]
        case .fullyConnected:
            return [from, to]
        case let .ring(bidirectional):
            let first = source - source % perNode
            let forward = (destination - source + perNode) % perNode
            let step = !bidirectional || forward <= perNode - forward ? 1 : perNode - 1
            var path = [from]
            var position = source % perNode
            while first + position != destination {
                position = (position + step) % perNode
                path.append(endpoints.attachment(rank: first + position))
            }
            return path
        }
    }
}
