import SimKernel

extension TopologySummary {
    /// Summarises a topology built from `spec`, by closed form for the structured shapes.
    ///
    /// With n NPUs, `A` the first `floor(n/2)` in rank order and `B` the rest, b the link rate, the
    /// bisection counts both directions, `2 x` the per-direction value below:
    /// - ring: `2b` per direction when bidirectional, `b` one-way (two cables cross any cut into halves);
    ///   diameter `floor(n/2)`, or `n - 1` one-way.
    /// - fully connected: `|A| |B| b`, diameter 1. Star: `|A| b`, diameter 2.
    /// - torus `d_1 x ... x d_k` (Dally & Towles, "Principles and Practices of Interconnection
    ///   Networks", 2004, ch. 3): the halves are the slabs either side of the middle of the last
    ///   dimension, so `(n / d_k) 2b` with wraparound and `(n / d_k) b` for a mesh, when `d_k` is even;
    ///   diameter `sum floor(d_i / 2)` (torus) or `sum (d_i - 1)` (mesh).
    /// - fat tree: above the leaves the tree is non-blocking (Al-Fares et al. 2008), so the cut is at
    ///   the hosts or the leaf uplinks: `(n/2) min(b, b/r)` when the halves are whole leaves (n a
    ///   multiple of the radix); diameter 2, 4 or 6 hops as NPUs share a leaf, a pod or only the core.
    /// - dragonfly with an even number g of groups (Kim et al. 2008): the global links between the two
    ///   halves of the groups, `(g/2)^2 m b_global` for m links per group pair, unless the terminals
    ///   `|A| b_terminal` are smaller (local links are assumed not to be the bottleneck); diameter 2
    ///   terminal hops plus the router hops of `DragonflyLayout.routerDiameter`.
    /// - hierarchical with an even number of nodes: the halves are whole nodes, so only NICs cross:
    ///   `(n/2) nic` on a switch, `(n/2) min(nic, b/r)` on a fat tree whose leaves hold whole halves;
    ///   diameter the larger of the scale-up and scale-out routes.
    ///
    /// An injection cap c adds 2 port hops to the diameter and bounds each direction by `|A| c`. Cases
    /// outside these conditions (odd last torus dimension or node count, halves splitting a leaf, odd
    /// group counts, and all graphs) are measured as in `init(measuring:)` and marked `.measured`.
    /// The tests check every formula against the measurement on small instances.
    public init(_ topology: Topology, spec: TopologySpec) {
        let half = topology.npuCount / 2
        let cap = spec.npuInjection?.bitsPerSecond
        guard let figures = ShapeFigures.of(spec.shape, npus: topology.npuCount) else {
            let egress = Self.measuredFabricEgress(of: topology, ports: cap != nil)
            self.init(counting: topology, diameter: (Self.measuredDiameter(of: topology), .measured),
                      bisection: (Self.measuredBisection(of: topology), .measured),
                      injection: Bandwidth(bitsPerSecond: min(egress, cap ?? .max)))
            return
        }
        let bisection: (Bandwidth, Derivation)
        if var perDirection = figures.bisectionPerDirection {
            if let cap { perDirection = min(perDirection, Int64(half) * cap) }
            bisection = (Bandwidth(bitsPerSecond: 2 * perDirection), .formula)
        } else {
            bisection = (Self.measuredBisection(of: topology), .measured)
        }
        let diameter = figures.diameter + (cap != nil && figures.diameter > 0 ? 2 : 0)
        self.init(counting: topology, diameter: (diameter, .formula), bisection: bisection,
                  injection: Bandwidth(bitsPerSecond: min(figures.egress, cap ?? .max)),
                  scaleUp: figures.scaleUp.map { Bandwidth(bitsPerSecond: $0) },
                  scaleOut: figures.scaleOut.map { Bandwidth(bitsPerSecond: $0) })
    }

    /// The smallest total rate an NPU's attachment point (its port when `ports`, else itself) sends
    /// into the fabric, not counting the link back to its own NPU.
    static func measuredFabricEgress(of topology: Topology, ports: Bool) -> Int64 {
        let rates = topology.npus.map { npu in
            // Under a cap an NPU's only link leads to its port; links back to the NPU are not egress.
            let attachment = ports ? topology.outgoingLinks(of: npu).first.map { topology[$0].destination } ?? npu : npu
            return topology.outgoingLinks(of: attachment).reduce(Int64(0)) { total, link in
                topology[link].destination == npu ? total : total + topology[link].bandwidth.bitsPerSecond
            }
        }
        return rates.min() ?? 0
    }
}

/// The closed-form figures of one structured shape without an injection cap, in bits per second and
/// hops; see `TopologySummary.init(_:spec:)` for the formulas.
struct ShapeFigures {
    var diameter: Int
    /// Nil where no closed form applies and the bisection must be measured.
    var bisectionPerDirection: Int64?
    /// The total rate of one NPU's fabric links (the smallest, for a mesh corner).
    var egress: Int64
    var scaleUp: Int64? = nil
    var scaleOut: Int64? = nil

    /// The figures of `shape` with `n` NPUs; nil for an explicit graph, which has no closed forms.
    static func of(_ shape: TopologySpec.Shape, npus n: Int) -> ShapeFigures? {
        let half = Int64(n / 2)
        switch shape {
        case let .ring(_, link, bidirectional):
            let perNPU = (bidirectional ? 2 : 1) * link.bandwidth.bitsPerSecond
            return ShapeFigures(diameter: bidirectional ? n / 2 : n - 1, bisectionPerDirection: perNPU, egress: perNPU)
        case let .fullyConnected(_, link):
            let b = link.bandwidth.bitsPerSecond
            return ShapeFigures(diameter: n > 1 ? 1 : 0, bisectionPerDirection: half * (Int64(n) - half) * b,
                                egress: Int64(n - 1) * b)
        case let .switched(_, link):
            let b = link.bandwidth.bitsPerSecond
            return ShapeFigures(diameter: n > 1 ? 2 : 0, bisectionPerDirection: half * b, egress: b)
        case let .torus(dimensions, link, wraparound):
            let b = link.bandwidth.bitsPerSecond, cuts: Int64 = wraparound ? 2 : 1
            let last = dimensions[dimensions.count - 1]
            return ShapeFigures(diameter: dimensions.reduce(0) { $0 + (wraparound ? $1 / 2 : $1 - 1) },
                                bisectionPerDirection: last % 2 == 0 ? Int64(n / last) * cuts * b : nil,
                                egress: Int64(dimensions.count) * cuts * b)
        case let .fatTree(tree):
            let b = tree.link.bandwidth.bitsPerSecond
            let up = ClosFabric.uplink(tree.link, tree.oversubscription).bandwidth.bitsPerSecond
            let (leaves, hops) = closShape(hosts: n, radix: tree.radix, levels: tree.levels)
            return ShapeFigures(diameter: n < 2 ? 0 : hops,
                                bisectionPerDirection: leaves == 1 ? half * b : n % tree.radix == 0 ? half * min(b, up) : nil,
                                egress: b)
        case let .dragonfly(fly):
            let layout = DragonflyLayout(spec: fly, routerBase: 0)
            let groupHalf = Int64(fly.groups / 2)
            let globals = groupHalf * groupHalf * Int64(layout.linksPerGroupPair) * fly.global.bandwidth.bitsPerSecond
            return ShapeFigures(
                diameter: n < 2 ? 0 : fly.groups * fly.routersPerGroup == 1 ? 2 : 2 + layout.routerDiameter,
                bisectionPerDirection: fly.groups % 2 == 0 ? min(globals, half * fly.terminal.bandwidth.bitsPerSecond) : nil,
                egress: fly.terminal.bandwidth.bitsPerSecond)
        case let .hierarchical(cluster):
            return of(cluster, npus: n)
        case .graph:
            return nil
        }
    }

    private static func of(_ cluster: TopologySpec.Hierarchical, npus n: Int) -> ShapeFigures {
        let perNode = cluster.npusPerNode, half = Int64(n / 2)
        let b = cluster.scaleUpLink.bandwidth.bitsPerSecond, nic = cluster.nic.bandwidth.bitsPerSecond
        let intra: Int, upRate: Int64
        switch cluster.scaleUp {
        case .switch:
            (intra, upRate) = (perNode > 1 ? 2 : 0, b)
        case let .ring(bidirectional):
            (intra, upRate) = perNode < 2 ? (0, 0) : bidirectional ? (perNode / 2, 2 * b) : (perNode - 1, b)
        case .fullyConnected:
            (intra, upRate) = (perNode > 1 ? 1 : 0, Int64(perNode - 1) * b)
        }
        var inter = cluster.nodes > 1 ? 2 : 0
        // With whole nodes on each side only NICs cross the cut (and, on a fat tree, leaf uplinks).
        var perDirection: Int64? = cluster.nodes % 2 == 0 ? half * nic : nil
        if case let .fatTree(radix, levels, oversubscription, link) = cluster.scaleOut {
            let (leaves, hops) = closShape(hosts: HierarchicalLayout(spec: cluster).slotCount, radix: radix, levels: levels)
            if cluster.nodes > 1 { inter = hops }
            let up = ClosFabric.uplink(link, oversubscription).bandwidth.bitsPerSecond
            let wholeLeaves = cluster.railOptimized ? (cluster.nodes / 2) % (radix / 2) == 0 : (n / 2) % (radix / 2) == 0
            if leaves > 1 { perDirection = wholeLeaves ? perDirection.map { _ in half * min(nic, up) } : nil }
        }
        return ShapeFigures(diameter: max(intra, inter), bisectionPerDirection: perDirection, egress: upRate + nic,
                            scaleUp: upRate, scaleOut: nic)
    }

    /// The leaf count of a fat tree over `hosts` slots, and its diameter in hops between hosts on
    /// different leaves (2 on a single leaf).
    private static func closShape(hosts: Int, radix: Int, levels: Int) -> (leaves: Int, diameter: Int) {
        let down = radix / 2
        let leaves = (hosts + down - 1) / down
        let pods = levels == 2 ? 1 : (leaves + down - 1) / down
        return (leaves, leaves == 1 ? 2 : pods == 1 ? 4 : 6)
    }
}
