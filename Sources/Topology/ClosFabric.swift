import SimKernel

/// The switches of a folded-Clos fat tree over a list of hosts, and the up/down paths through them
/// (Al-Fares, Loukissas & Vahdat, SIGCOMM 2008).
///
/// Host slot `s` hangs off leaf `s / (radix/2)`. With 2 levels every leaf joins each of the `radix/2`
/// spines; with 3 levels leaves come in pods of `radix/2`, leaf `e` of pod `p` joins the pod's spines
/// (aggregation switches) `p * radix/2 + j`, and spine `j` of every pod joins cores `j * radix/2 + c`.
/// Equal-cost choices (which spine, which core) come from the (source, destination) hash, so a pair
/// always takes the same path and different pairs spread over the spines.
struct ClosFabric: Hashable, Sendable {
    let half: Int
    let levels: Int
    let hostCount: Int
    let leafCount: Int
    let podCount: Int
    let leafBase: Int
    let spineBase: Int
    let coreBase: Int

    var spineCount: Int { levels == 2 ? half : podCount * half }
    var coreCount: Int { levels == 2 ? 0 : half * half }
    var switchCount: Int { leafCount + spineCount + coreCount }

    /// Checks the parameters that `add` relies on; `prefix` names the spec fields in errors.
    static func validate(hosts: Int, radix: Int, levels: Int, oversubscription: Double, link: LinkSpec,
                         prefix: String) throws(TopologyError) {
        try TopologySpec.require(radix >= 2 && radix % 2 == 0, prefix + "radix", "\(radix)", "an even number of at least 2")
        try TopologySpec.require(levels == 2 || levels == 3, prefix + "levels", "\(levels)", "2 (leaf-spine) or 3 (edge, aggregation, core)")
        try TopologySpec.require(oversubscription.isFinite && oversubscription > 0, prefix + "oversubscription",
                                 "\(oversubscription)", "a positive ratio such as 1 or 3")
        try TopologySpec.check(link, field: prefix + "link")
        try TopologySpec.require(uplink(link, oversubscription).bandwidth.bitsPerSecond > 0, prefix + "oversubscription",
                                 "\(oversubscription)", "a ratio that leaves the leaf uplinks a positive rate")
        let half = radix / 2
        let capacity = levels == 2 ? radix * half : radix * half * half
        try TopologySpec.require(hosts <= capacity, prefix + "radix", "\(radix)",
                                 "a radix whose \(levels)-level fat tree holds \(hosts) endpoints (this one holds \(capacity))")
    }

    /// The leaf uplink: the fabric link with its rate divided by the oversubscription ratio.
    static func uplink(_ link: LinkSpec, _ oversubscription: Double) -> LinkSpec {
        LinkSpec(bandwidth: Bandwidth(bitsPerSecond: Int64((Double(link.bandwidth.bitsPerSecond) / oversubscription).rounded())),
                 latency: link.latency)
    }

    /// Adds the switches and links for `slotCount` host slots, of which `hosts` are occupied (slots
    /// left empty leave leaf ports unused); parameters must have passed `validate` for `slotCount`.
    init(adding hosts: [(slot: Int, node: NodeID)], slotCount: Int, to builder: inout FabricBuilder, radix: Int,
         levels: Int, oversubscription: Double, hostLink: LinkSpec, fabricLink: LinkSpec) {
        half = radix / 2
        self.levels = levels
        hostCount = hosts.count
        leafCount = (slotCount + half - 1) / half
        podCount = levels == 2 ? 1 : (leafCount + half - 1) / half
        leafBase = builder.nodes.count
        spineBase = leafBase + leafCount
        coreBase = spineBase + (levels == 2 ? half : podCount * half)
        for leaf in 0..<leafCount { builder.addNode("leaf\(leaf)", .switch) }
        for spine in 0..<spineCount { builder.addNode("spine\(spine)", .switch) }
        for core in 0..<coreCount { builder.addNode("core\(core)", .switch) }

        let up = Self.uplink(fabricLink, oversubscription)
        builder.reserveLinks(2 * (hosts.count + leafCount * half + podCount * half * half))
        for (slot, host) in hosts { builder.addDuplex(host, leaf(ofSlot: slot), hostLink) }
        for leafIndex in 0..<leafCount {
            let pod = leafIndex / half
            for j in 0..<half { builder.addDuplex(NodeID(leafBase + leafIndex), spine(pod: pod, j), up) }
        }
        if levels == 3 {
            for pod in 0..<podCount {
                for j in 0..<half {
                    for c in 0..<half { builder.addDuplex(spine(pod: pod, j), NodeID(coreBase + j * half + c), fabricLink) }
                }
            }
        }
    }

    func leaf(ofSlot slot: Int) -> NodeID { NodeID(leafBase + slot / half) }

    /// Spine `j` of `pod` (with 2 levels there is one pod, whose spines are shared by every leaf).
    func spine(pod: Int, _ j: Int) -> NodeID { NodeID(spineBase + (levels == 2 ? j : pod * half + j)) }

    /// The switches from the leaf of slot `a` to the leaf of slot `b`: up to the lowest common level,
    /// then down.
    func switchPath(fromSlot a: Int, toSlot b: Int, hash: UInt64) -> [NodeID] {
        let leafA = a / half, leafB = b / half
        if leafA == leafB { return [NodeID(leafBase + leafA)] }
        let j = Int(hash % UInt64(half))
        let podA = leafA / half, podB = leafB / half
        if levels == 2 || podA == podB {
            return [NodeID(leafBase + leafA), spine(pod: podA, j), NodeID(leafBase + leafB)]
        }
        let c = Int(hash / UInt64(half) % UInt64(half))
        return [NodeID(leafBase + leafA), spine(pod: podA, j), NodeID(coreBase + j * half + c),
                spine(pod: podB, j), NodeID(leafBase + leafB)]
    }

    /// Switch-to-switch hops on the longest NPU-to-NPU path, plus the two host links.
    var diameter: Int {
        if leafCount <= 1 { return 2 }
        if levels == 2 || podCount == 1 { return 4 }
        return 6
    }
}
