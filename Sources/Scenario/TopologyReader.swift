import SimKernel
import Topology

/// Reads the topology schema from a parsed document into a `TopologyFile`, recording where each spec
/// field was written. Top level: `name`, optional `description` and `source`, and `topology`, whose
/// `kind` selects the keys below (every rate and delay carries its unit):
///
/// - `ring`: `npus`, `bandwidth`, `latency`, optional `bidirectional` (default true: cables are duplex).
/// - `fully-connected`, `switch`: `npus`, `bandwidth`, `latency`.
/// - `torus`, `mesh`: `dimensions` (one to three sizes), `bandwidth`, `latency`.
/// - `fat-tree`: `radix`, optional `levels` (3), `npus` (a full tree: radix^3/4 for 3 levels,
///   radix^2/2 for 2), `oversubscription` (1), then `bandwidth`, `latency`.
/// - `dragonfly`: `groups`, `routers-per-group`, `npus-per-router`, `global-links-per-router`, and
///   `local`, `global`, `terminal`, each `{ bandwidth, latency }`.
/// - `hierarchical`: `nodes`; `node: { npus, scale-up: { kind: switch | ring | fully-connected,
///   bandwidth, latency, bidirectional (ring only) } }`; `scale-out: { nic-bandwidth, nic-latency,
///   rail-optimised (false), fabric: { kind: switch } or { kind: fat-tree, radix, levels (3),
///   oversubscription (1), bandwidth (the NIC rate), latency } }`.
/// - `graph`: `nodes`, a list of names or `{ name, kind: npu | switch }`, and `links`, a list of
///   `{ from, to, bandwidth, latency, bidirectional (true) }`.
///
/// Any kind may add `npu-injection`, a cap on each NPU's total rate into the fabric. The file may add
/// a top-level `reduction-rate`, each rank's local reduction throughput (the alpha-beta-gamma model's
/// 1/gamma, as measured by `wallsim calibrate`), which simulations use unless told otherwise, and
/// `message-regimes`, calibrated costs by message size (see `MessageRegimes`).
final class TopologyReader {
    enum Kind: String, CaseIterable, YAMLDecodable {
        case ring, fullyConnected = "fully-connected", `switch`, torus, mesh, fatTree = "fat-tree", dragonfly,
             hierarchical, graph
    }

    enum ScaleUpKind: String, CaseIterable, YAMLDecodable {
        case `switch`, ring, fullyConnected = "fully-connected"
    }

    enum FabricKind: String, CaseIterable, YAMLDecodable {
        case `switch`, fatTree = "fat-tree"
    }

    enum GraphNodeKind: String, CaseIterable, YAMLDecodable {
        case npu, `switch`
    }

    private let root: YAMLValue
    private var locations: TopologyLocations

    init(_ root: YAMLValue) {
        self.root = root
        self.locations = TopologyLocations(topology: root.location)
    }

    func read() throws -> TopologyFile {
        let file = try root.mapping()
        let name: String = try file.required("name")
        let summary: String? = try file.optional("description")
        let source: String? = try file.optional("source")
        let reductionRate: Bandwidth? = try file.optional("reduction-rate")
        let regimes = try readMessageRegimes(file)
        let topologyValue = try file.required("topology", expected: "a mapping with a 'kind' and its parameters")
        locations.topology = topologyValue.location
        let topology = try topologyValue.mapping()
        let shape = try readShape(topology)
        let injection: Bandwidth? = try optionalField(topology, "npu-injection", "npuInjection")
        try topology.rejectUnknownKeys()
        try file.rejectUnknownKeys()
        return TopologyFile(path: root.path, spec: TopologySpec(name: name, shape: shape, npuInjection: injection),
                            summary: summary, source: source, reductionRate: reductionRate, messageRegimes: regimes,
                            locations: locations)
    }

    /// The optional top-level `message-regimes`: a list of `{ from, latency, bandwidth, reduction-rate }`
    /// by increasing `from`, the first from `0 B` (see `MessageRegimes`).
    private func readMessageRegimes(_ file: YAMLMapping) throws -> MessageRegimes? {
        guard let list = file.value("message-regimes") else { return nil }
        let items = try file.sequence("message-regimes")
        let regimes = try items.map { item in
            let map = try item.mapping()
            let regime = MessageRegimes.Regime(from: try map.required("from"), latency: try map.required("latency"),
                                               bandwidth: try map.required("bandwidth"),
                                               reductionRate: try map.optional("reduction-rate"))
            try map.rejectUnknownKeys()
            return regime
        }
        do {
            return try MessageRegimes(regimes)
        } catch {
            let at: YAMLValue = switch error {
            case .notIncreasing(let index), .nonPositive(let index, _): items[index]
            case .empty, .firstNotAtZero: items.first ?? list
            }
            throw at.diagnostic("'message-regimes' is not usable: \(error)",
                                expected: "a list of { from, latency, bandwidth, reduction-rate } by increasing 'from', the first from 0 B")
        }
    }

    private func readShape(_ map: YAMLMapping) throws -> TopologySpec.Shape {
        let kind = try map.required("kind", as: Kind.self)
        switch kind {
        case .ring:
            let npus = try count(map, "npus", "npus")
            let link = try link(map, "link")
            return .ring(npus: npus, link: link, bidirectional: try map.optional("bidirectional", default: true))
        case .fullyConnected:
            return .fullyConnected(npus: try count(map, "npus", "npus"), link: try link(map, "link"))
        case .switch:
            return .switched(npus: try count(map, "npus", "npus"), link: try link(map, "link"))
        case .torus, .mesh:
            let dimensions = try readDimensions(map)
            return .torus(dimensions: dimensions, link: try link(map, "link"), wraparound: kind == .torus)
        case .fatTree:
            return .fatTree(try readFatTree(map))
        case .dragonfly:
            return .dragonfly(try readDragonfly(map))
        case .hierarchical:
            return .hierarchical(try readHierarchical(map))
        case .graph:
            return try readGraph(map)
        }
    }

    private func readDimensions(_ map: YAMLMapping) throws -> [Int] {
        let list = try map.required("dimensions", expected: "a list of one to three sizes, like [16, 16, 16]")
        locations.record("dimensions", list)
        return try list.sequence().enumerated().map { index, size in
            locations.record("dimensions[\(index)]", size)
            return try size.decode(atLeast: 1)
        }
    }

    private func readFatTree(_ map: YAMLMapping) throws -> TopologySpec.FatTree {
        let radix = try count(map, "radix", "radix")
        let levels = try optionalField(map, "levels", "levels", atLeast: 1) ?? 3
        let npus = try optionalField(map, "npus", "npus", atLeast: 1) ?? Self.fullTree(radix: radix, levels: levels)
        let oversubscription: Double = try optionalField(map, "oversubscription", "oversubscription") ?? 1
        return TopologySpec.FatTree(npus: npus, radix: radix, levels: levels, oversubscription: oversubscription,
                                    link: try link(map, "link"))
    }

    private func readDragonfly(_ map: YAMLMapping) throws -> TopologySpec.Dragonfly {
        TopologySpec.Dragonfly(
            groups: try count(map, "groups", "groups"),
            routersPerGroup: try count(map, "routers-per-group", "routersPerGroup"),
            npusPerRouter: try count(map, "npus-per-router", "npusPerRouter"),
            globalLinksPerRouter: try count(map, "global-links-per-router", "globalLinksPerRouter", atLeast: 0),
            local: try link(map, under: "local"),
            global: try link(map, under: "global"),
            terminal: try link(map, under: "terminal"))
    }

    private func readHierarchical(_ map: YAMLMapping) throws -> TopologySpec.Hierarchical {
        // `node` and `nodes` are one edit apart: declare both before requiring either, so that a
        // missing one is not mistaken for a misspelling of the other.
        _ = (map.contains("nodes"), map.contains("node"))
        let nodes = try count(map, "nodes", "nodes")
        let node = try map.mapping("node")
        let npusPerNode = try count(node, "npus", "npusPerNode")
        let scaleUpMap = try node.mapping("scale-up")
        let scaleUp: TopologySpec.Hierarchical.ScaleUp
        switch try scaleUpMap.required("kind", as: ScaleUpKind.self) {
        case .switch: scaleUp = .switch
        case .fullyConnected: scaleUp = .fullyConnected
        case .ring: scaleUp = .ring(bidirectional: try scaleUpMap.optional("bidirectional", default: true))
        }
        let scaleUpLink = try link(scaleUpMap, "scaleUpLink")
        try scaleUpMap.rejectUnknownKeys()
        try node.rejectUnknownKeys()

        let out = try map.mapping("scale-out")
        let nic = try link(out, "nic", bandwidth: "nic-bandwidth", latency: "nic-latency")
        let railOptimised = try out.optional("rail-optimised", default: false)
        let fabric = try out.mapping("fabric")
        let scaleOut: TopologySpec.Hierarchical.ScaleOut
        switch try fabric.required("kind", as: FabricKind.self) {
        case .switch:
            scaleOut = .switch
        case .fatTree:
            let radix = try count(fabric, "radix", "scaleOut.radix")
            let levels = try optionalField(fabric, "levels", "scaleOut.levels", atLeast: 1) ?? 3
            let oversubscription: Double = try optionalField(fabric, "oversubscription", "scaleOut.oversubscription") ?? 1
            // Switch-to-switch links run at the NIC rate unless the file says otherwise.
            let bandwidth = try optionalField(fabric, "bandwidth", "scaleOut.link") ?? nic.bandwidth
            let latency: SimDuration = try fabric.required("latency")
            scaleOut = .fatTree(radix: radix, levels: levels, oversubscription: oversubscription,
                                link: LinkSpec(bandwidth: bandwidth, latency: latency))
        }
        try fabric.rejectUnknownKeys()
        try out.rejectUnknownKeys()
        return TopologySpec.Hierarchical(nodes: nodes, npusPerNode: npusPerNode, scaleUp: scaleUp,
                                         scaleUpLink: scaleUpLink, nic: nic, scaleOut: scaleOut,
                                         railOptimized: railOptimised)
    }

    private func readGraph(_ map: YAMLMapping) throws -> TopologySpec.Shape {
        locations.nodesKey = map.location(ofKey: "nodes")
        let nodes = try map.sequence("nodes").map(readGraphNode)
        locations.linksKey = map.location(ofKey: "links")
        let links = try map.sequence("links").map(readGraphLink)
        return .graph(nodes: nodes, links: links)
    }

    /// A node is a bare name (an NPU) or `{ name, kind }`.
    private func readGraphNode(_ value: YAMLValue) throws -> TopologySpec.GraphNode {
        if case .scalar = value.node {
            let name: String = try value.decode()
            locations.graphNodes.append(.init(value, text: name))
            return TopologySpec.GraphNode(name: name, kind: .npu)
        }
        let node = try value.mapping()
        let nameValue = try node.required("name", expected: String.expectation)
        let name: String = try nameValue.decode()
        locations.graphNodes.append(.init(nameValue, text: name))
        let kind = try node.optional("kind", default: GraphNodeKind.npu)
        try node.rejectUnknownKeys()
        return TopologySpec.GraphNode(name: name, kind: kind == .npu ? .npu : .switch)
    }

    private func readGraphLink(_ value: YAMLValue) throws -> TopologySpec.GraphLink {
        let link = try value.mapping()
        let fromValue = try link.required("from", expected: "a node name")
        let toValue = try link.required("to", expected: "a node name")
        let from: String = try fromValue.decode()
        let to: String = try toValue.decode()
        locations.graphLinks.append((.init(value), .init(fromValue, text: from), .init(toValue, text: to)))
        let spec = TopologySpec.GraphLink(from: from, to: to, bandwidth: try link.required("bandwidth"),
                                          latency: try link.required("latency"),
                                          bidirectional: try link.optional("bidirectional", default: true))
        try link.rejectUnknownKeys()
        return spec
    }

    // MARK: Fields that TopologyError can name

    /// A count of at least `atLeast`, recorded under its spec field name.
    private func count(_ map: YAMLMapping, _ key: String, _ field: String, atLeast minimum: Int = 1) throws -> Int {
        let value = try map.required(key, expected: Int.expectation)
        locations.record(field, value)
        return try value.decode(atLeast: minimum)
    }

    private func optionalField<T: YAMLDecodable>(_ map: YAMLMapping, _ key: String, _ field: String) throws -> T? {
        guard let value = map.value(key), !value.isNull else { return nil }
        locations.record(field, value)
        return try value.decode(T.self)
    }

    private func optionalField(_ map: YAMLMapping, _ key: String, _ field: String, atLeast minimum: Int) throws -> Int? {
        guard let value = map.value(key), !value.isNull else { return nil }
        locations.record(field, value)
        return try value.decode(atLeast: minimum)
    }

    /// A link given as its own `{ bandwidth, latency }` mapping under `key`, recorded as field `key`.
    private func link(_ map: YAMLMapping, under key: String) throws -> LinkSpec {
        let inner = try map.mapping(key)
        let spec = try link(inner, key)
        try inner.rejectUnknownKeys()
        return spec
    }

    /// The NPUs of a full fat tree: radix^3/4 for 3 levels, radix^2/2 for 2 (Al-Fares et al. 2008).
    /// Overflow gives Int.max, which `build()` then rejects as more NPUs than the radix allows.
    static func fullTree(radix: Int, levels: Int) -> Int {
        let square = radix.multipliedReportingOverflow(by: radix)
        if levels == 2 { return square.overflow ? .max : square.partialValue / 2 }
        let cube = square.partialValue.multipliedReportingOverflow(by: radix)
        return square.overflow || cube.overflow ? .max : cube.partialValue / 4
    }

    /// A link's rate and delay from two keys of `map`, recorded under `field` at the rate.
    private func link(_ map: YAMLMapping, _ field: String, bandwidth: String = "bandwidth",
                      latency: String = "latency") throws -> LinkSpec {
        let rate = try map.required(bandwidth, expected: Bandwidth.expectation)
        locations.record(field, rate)
        return LinkSpec(bandwidth: try rate.decode(), latency: try map.required(latency))
    }
}
