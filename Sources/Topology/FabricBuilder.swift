import SimKernel

/// Accumulates the nodes and directed links of a topology while a shape is being built.
///
/// Builders add every NPU first, in rank order, then (with an injection cap) one port per NPU, then
/// switches, so that NPU rank `i` is node `i` and its attachment point is `attachment(rank:)`.
struct FabricBuilder {
    private(set) var nodes: [Node] = []
    private(set) var links: [Link] = []
    let npuCount: Int
    let injection: LinkSpec?

    /// Adds `npuNames` as NPUs and, when `injection` is set, a port switch `name.port` for each, joined
    /// to its NPU by a duplex link at the injection rate.
    init(npuNames: [String], injection: Bandwidth?) {
        npuCount = npuNames.count
        self.injection = injection.map { LinkSpec(bandwidth: $0, latency: .zero) }
        nodes.reserveCapacity(npuNames.count * (injection == nil ? 1 : 2))
        for name in npuNames { nodes.append(Node(name: name, kind: .npu)) }
        if let port = self.injection {
            for (rank, name) in npuNames.enumerated() {
                let portNode = addNode(name + ".port", .switch)
                addDuplex(NodeID(rank), portNode, port)
            }
        }
    }

    var endpoints: Endpoints { Endpoints(npuCount: npuCount, hasPorts: injection != nil) }

    /// The node an NPU's fabric links attach to: its port when there is one, else the NPU itself.
    func attachment(rank: Int) -> NodeID { endpoints.attachment(rank: rank) }

    @discardableResult
    mutating func addNode(_ name: String, _ kind: NodeKind) -> NodeID {
        nodes.append(Node(name: name, kind: kind))
        return NodeID(nodes.count - 1)
    }

    mutating func addLink(_ source: NodeID, _ destination: NodeID, _ spec: LinkSpec) {
        links.append(Link(source: source, destination: destination, bandwidth: spec.bandwidth, latency: spec.latency))
    }

    mutating func addDuplex(_ a: NodeID, _ b: NodeID, _ spec: LinkSpec) {
        addLink(a, b, spec)
        addLink(b, a, spec)
    }

    mutating func reserveLinks(_ count: Int) { links.reserveCapacity(links.count + count) }

    /// The finished topology, routed by `router`, which is given the link index it needs.
    func topology(name: String, router: (LinkIndex) -> any Router) -> Topology {
        let index = LinkIndex(nodeCount: nodes.count, links: links)
        return Topology(name: name, nodes: nodes, links: links, npus: (0..<npuCount).map(NodeID.init), router: router(index))
    }
}

/// Where the NPUs of a structured topology sit: ranks `0..<npuCount` are nodes `0..<npuCount` and, with
/// an injection cap, their ports are the next `npuCount` nodes.
struct Endpoints: Hashable, Sendable {
    let npuCount: Int
    let hasPorts: Bool

    func attachment(rank: Int) -> NodeID { NodeID(hasPorts ? npuCount + rank : rank) }

    /// The rank of an NPU node; a precondition failure for a switch, since structured routers only
    /// route between NPUs.
    func rank(of node: NodeID) -> Int {
        let rank = Int(node.index)
        precondition(rank >= 0 && rank < npuCount, "structured routers route between NPUs; \(node) is not one of the \(npuCount) NPUs")
        return rank
    }
}
