import SimKernel

extension TopologySummary {
    /// Summarises a topology built from `spec`, by closed form for the structured shapes.
    ///
    /// With n NPUs, `A` the first `floor(n/2)` in rank order and `B` the rest, b the link rate, c the
    /// injection cap (unbounded when absent; a port adds 2 hops to every route), the bisection counts
    /// both directions, `2 x` the per-direction value below:
    /// - ring: `2b` per direction when bidirectional, `b` one-way (two cables cross any cut into halves);
    ///   diameter `floor(n/2)`, or `n - 1` one-way.
    /// - fully connected: `|A| |B| b`; diameter 1. Star: `|A| min(b, c)`; diameter 2.
    /// - torus `d_1 x ... x d_k` (Dally & Towles, "Principles and Practices of Interconnection
    ///   Networks", 2004, ch. 3): the halves are the slabs either side of the middle of the last
    ///   dimension, so `(n / d_k) 2b` with wraparound and `(n / d_k) b` for a mesh, when `d_k` is even;
    ///   diameter `sum floor(d_i / 2)` (torus) or `sum (d_i - 1)` (mesh).
    /// - fat tree: above the leaves the tree is non-blocking (Al-Fares et al. 2008), so the cut is at
    ///   the hosts or the leaf uplinks: `(n/2) min(b, b/r)` when the halves are whole leaves (n a
    ///   multiple of the radix); diameter 2, 4 or 6 hops as NPUs share a leaf, a pod or only the core.
    /// - dragonfly with an even number g of groups (Kim et al. 2008): the global links between the two
    ///   halves of the groups, `(g/2)^2 m b_global` for m links per group pair, unless the terminals
    ///   `|A| min(b_terminal, c)` are smaller (local links are assumed not to be the bottleneck);
    ///   diameter 2 terminal hops plus the minimal router path (see `DragonflyLayout.routerDiameter`).
    /// - hierarchical with an even number of nodes: the halves are whole nodes, so only NICs cross:
    ///   `(n/2) min(nic, c)` on a switch, `(n/2) min(nic, b/r, c)` on a fat tree whose leaves hold
    ///   whole halves; diameter the larger of the scale-up and scale-out routes.
    /// Cases outside these conditions (odd torus or node counts, partly filled leaves, odd group counts,
    /// all graphs) are measured as in `init(measuring:)`, and marked `.measured`.
    /// All formulas are checked against the measurement on small instances in the tests.
    public init(_ topology: Topology, spec: TopologySpec) {
        let n = topology.npuCount, half = n / 2
        let cap = spec.npuInjection?.bitsPerSecond ?? .max
        let portHops = spec.npuInjection == nil ? 0 : 2
        func capped(_ rate: Int64) -> Int64 { min(rate, cap) }
        func formula(perDirection rate: Int64) -> (Bandwidth, Derivation) {
            (Bandwidth(bitsPerSecond: 2 * min(rate, Int64(half).multipliedReportingOverflow(by: cap).overflow ? rate : Int64(half) * cap)), .formula)
        }
        let measured = { (Self.measuredBisection(of: topology), Derivation.measured) }

        var diameter: Int
        var bisection: (Bandwidth, Derivation)
        var egress: Int64
        var scaleUp: Bandwidth?, scaleOut: Bandwidth?
        switch spec.shape {
        case let .ring(_, link, bidirectional):
            let b = link.bandwidth.bitsPerSecond
            diameter = bidirectional ? half : n - 1
            bisection = formula(perDirection: (bidirectional ? 2 : 1) * b)
            egress = (bidirectional ? 2 : 1) * b
        case let .fullyConnected(_, link):
            let b = link.bandwidth.bitsPerSecond
            diameter = n > 1 ? 1 : 0
            bisection = formula(perDirection: Int64(half) * Int64(n - half) * b)
            egress = Int64(n - 1) * b
        case let .switched(_, link):
            let b = link.bandwidth.bitsPerSecond
            diameter = n > 1 ? 2 : 0
            bisection = formula(perDirection: Int64(half) * b)
            egress = b
        case let .torus(dimensions, link, wraparound):
            let b = link.bandwidth.bitsPerSecond
            diameter = dimensions.reduce(0) { $0 + (wraparound ? $1 / 2 : $1 - 1) }
            let last = dimensions[dimensions.count - 1]
            bisection = last % 2 == 0 ? formula(perDirection: Int64(n / last) * (wraparound ? 2 : 1) * b) : measured()
            egress = Int64(dimensions.count) * (wraparound ? 2 : 1) * b
        case let .fatTree(tree):
            let b = tree.link.bandwidth.bitsPerSecond
            let up = ClosFabric.uplink(tree.link, tree.oversubscription).bandwidth.bitsPerSecond
            let leaves = (n + tree.radix / 2 - 1) / (tree.radix / 2)
            let pods = tree.levels == 2 ? 1 : (leaves + tree.radix / 2 - 1) / (tree.radix / 2)
            diameter = n < 2 ? 0 : leaves == 1 ? 2 : tree.levels == 2 || pods == 1 ? 4 : 6
            bisection = leaves == 1 ? formula(perDirection: Int64(half) * b)
                : n % tree.radix == 0 ? formula(perDirection: Int64(half) * min(b, up)) : measured()
            egress = b
        case let .dragonfly(spec):
            let layout = DragonflyLayout(spec: spec, routerBase: 0)
            diameter = n < 2 ? 0 : spec.routersPerGroup * spec.groups == 1 ? 2 : 2 + layout.routerDiameter
            if spec.groups % 2 == 0 {
                let globals = Int64(spec.groups / 2) * Int64(spec.groups / 2) * Int64(layout.linksPerGroupPair)
                    * spec.global.bandwidth.bitsPerSecond
                bisection = formula(perDirection: min(globals, Int64(half) * spec.terminal.bandwidth.bitsPerSecond))
            } else {
                bisection = measured()
            }
            egress = spec.terminal.bandwidth.bitsPerSecond
        case let .hierarchical(cluster):
            let perNode = cluster.npusPerNode, b = cluster.scaleUpLink.bandwidth.bitsPerSecond
            let nic = cluster.nic.bandwidth.bitsPerSecond
            let intra: Int
            let upRate: Int64
            switch cluster.scaleUp {
            case .switch:
                (intra, upRate) = (perNode > 1 ? 2 : 0, b)
            case let .ring(bidirectional):
                (intra, upRate) = perNode < 2 ? (0, 0) : bidirectional ? (perNode / 2, 2 * b) : (perNode - 1, b)
            case .fullyConnected:
                (intra, upRate) = (perNode > 1 ? 1 : 0, Int64(perNode - 1) * b)
            }
            let layout = HierarchicalLayout(spec: cluster)
            var inter = cluster.nodes > 1 ? 2 : 0
            // Whole nodes on each side, so only NICs cross the cut (and, on a fat tree, leaf uplinks).
            var perDirection: Int64? = cluster.nodes % 2 == 0 ? Int64(half) * nic : nil
            if case let .fatTree(radix, levels, oversubscription, link) = cluster.scaleOut {
                let down = radix / 2
                let leaves = (layout.slotCount + down - 1) / down
                let pods = levels == 2 ? 1 : (leaves + down - 1) / down
                if cluster.nodes > 1 && leaves > 1 { inter = levels == 2 || pods == 1 ? 4 : 6 }
                let up = ClosFabric.uplink(link, oversubscription).bandwidth.bitsPerSecond
                let wholeLeaves = cluster.railOptimized ? (cluster.nodes / 2) % down == 0 : half % down == 0
                if leaves > 1 { perDirection = wholeLeaves ? perDirection.map { _ in Int64(half) * min(nic, up) } : nil }
            }
            diameter = max(intra, inter)
            bisection = perDirection.map { formula(perDirection: $0) } ?? measured()
            egress = upRate + nic
            (scaleUp, scaleOut) = (Bandwidth(bitsPerSecond: upRate), Bandwidth(bitsPerSecond: nic))
        case .graph:
            self.init(counting: topology, diameter: (Self.measuredDiameter(of: topology), .measured), bisection: measured(),
                      injection: Bandwidth(bitsPerSecond: capped(Self.measuredFabricEgress(of: topology, ports: portHops > 0))))
            return
        }
        if diameter > 0 { diameter += portHops }
        self.init(counting: topology, diameter: (diameter, .formula), bisection: bisection,
                  injection: Bandwidth(bitsPerSecond: capped(egress)), scaleUp: scaleUp, scaleOut: scaleOut)
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
