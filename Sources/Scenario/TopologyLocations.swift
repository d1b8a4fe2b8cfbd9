import Topology

/// Where each part of a topology file is written, keyed the way `TopologyError` names spec fields,
/// so that build errors can be reported against the file.
struct TopologyLocations: Sendable {
    /// A spec field's YAML value: its position, key path and, for names, its text.
    struct Field: Sendable {
        var location: SourceLocation
        var keyPath: String
        var text: String?

        init(_ value: YAMLValue, text: String? = nil) {
            self.location = value.location
            self.keyPath = value.keyPath
            self.text = text
        }
    }

    /// The `topology:` mapping, for errors about the shape as a whole.
    var topology: SourceLocation
    /// Spec fields by the names `TopologyError` uses (`npus`, `scaleOut.radix`, `dimensions[1]`).
    var fields: [String: Field] = [:]
    /// The `name:` value of each graph node, in spec order.
    var graphNodes: [Field] = []
    /// Each graph link and its `from:` and `to:` values, in spec order.
    var graphLinks: [(link: Field, from: Field, to: Field)] = []
    /// The `links:` key of a graph, where a disconnected graph is reported.
    var linksKey: SourceLocation?
    /// The `nodes:` key of a graph, where a graph without NPUs is reported.
    var nodesKey: SourceLocation?

    init(topology: SourceLocation) { self.topology = topology }

    /// Records the value that a spec field was read from.
    mutating func record(_ field: String, _ value: YAMLValue) {
        fields[field] = Field(value)
    }

    /// A field by its `TopologyError` name; an unknown prefix (`scaleOut.`) or index (`[2]`) falls back
    /// to the shorter name, so a renamed field still points somewhere sensible.
    func field(_ name: String) -> Field? {
        if let found = fields[name] { return found }
        if let bracket = name.firstIndex(of: "["), let found = fields[String(name[..<bracket])] { return found }
        if let dot = name.lastIndex(of: "."), let found = fields[String(name[name.index(after: dot)...])] { return found }
        return nil
    }

    /// The diagnostic for a build error, at the most specific position known.
    func diagnostic(for error: TopologyError) -> Diagnostic {
        switch error {
        case let .duplicateNodeName(name, first, second) where second < graphNodes.count && first < graphNodes.count:
            return Diagnostic(location: graphNodes[second].location,
                              message: "node name '\(name)' is used twice, first at line \(graphNodes[first].location.line)",
                              expected: "a different name for each node")
        case let .unknownNode(name, index) where index < graphLinks.count:
            let link = graphLinks[index]
            let end = link.from.text == name ? link.from : link.to
            return Diagnostic(location: end.location,
                              message: "'\(end.keyPath)' names node '\(name)', which is not in the node list",
                              expected: "the name of a node listed under 'nodes'",
                              suggestion: Spelling.closest(to: name, among: graphNodes.compactMap(\.text)))
        case let .selfLink(name, index) where index < graphLinks.count:
            let link = graphLinks[index].link
            return Diagnostic(location: link.location, message: "'\(link.keyPath)' joins node '\(name)' to itself",
                              expected: "a link between two different nodes")
        case let .disconnected(from, to):
            return Diagnostic(location: linksKey ?? topology,
                              message: "the topology is disconnected: NPU '\(from)' cannot reach NPU '\(to)'",
                              expected: "links that join every NPU to every other")
        case .noNPUs:
            return Diagnostic(location: nodesKey ?? topology, message: "the topology has no NPUs",
                              expected: "at least one node of kind 'npu'")
        case let .invalidParameter(name, value, expected):
            guard let field = field(name) else {
                return Diagnostic(location: topology, message: "\(name) is \(value)", expected: expected)
            }
            return Diagnostic(location: field.location, message: "'\(field.keyPath)' is \(value)", expected: expected)
        case let .nonPositiveBandwidth(name, index):
            let field = linkField(name, index)
            return Diagnostic(location: field?.location ?? topology,
                              message: "'\(field?.keyPath ?? name)' has a bandwidth that is not positive",
                              expected: "a positive bandwidth, like '400 Gbps'")
        case let .negativeLatency(name, index):
            let field = linkField(name, index)
            return Diagnostic(location: field?.location ?? topology,
                              message: "'\(field?.keyPath ?? name)' has a negative latency",
                              expected: "a duration of zero or more, like '1.5 us'")
        default:
            return Diagnostic(location: topology, message: error.description)
        }
    }

    private func linkField(_ name: String, _ index: Int?) -> Field? {
        if let index, index < graphLinks.count { return graphLinks[index].link }
        return field(name)
    }
}
