/// Why a `TopologySpec` cannot be built, carrying what a file loader needs to point at the culprit.
public enum TopologyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Two graph nodes share a name; the indices are positions in the spec's `nodes`.
    case duplicateNodeName(name: String, firstIndex: Int, secondIndex: Int)
    /// A graph link names a node that is not listed; `linkIndex` is its position in the spec's `links`.
    case unknownNode(name: String, linkIndex: Int)
    /// A graph link joins a node to itself.
    case selfLink(name: String, linkIndex: Int)
    /// A rate is zero or negative; `field` names the spec field (`link`, `nic`, `links`, ...) and
    /// `linkIndex` the graph link, if it is one.
    case nonPositiveBandwidth(field: String, linkIndex: Int?)
    /// A latency is negative; `field` and `linkIndex` as for `nonPositiveBandwidth`.
    case negativeLatency(field: String, linkIndex: Int?)
    /// Some NPU cannot reach another: the first NPU in rank order is `from` and the first NPU it cannot
    /// reach is `to`, or, if it reaches all, `from` is the first NPU that cannot reach it.
    case disconnected(from: String, to: String)
    /// The topology has no NPU at all.
    case noNPUs
    /// A shape parameter is out of range: `name` is the spec field, `value` what it was, `expected`
    /// what would be accepted.
    case invalidParameter(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .duplicateNodeName(name, first, second):
            return "node name '\(name)' is used twice (nodes \(first) and \(second))"
        case let .unknownNode(name, linkIndex):
            return "link \(linkIndex) names node '\(name)', which is not defined"
        case let .selfLink(name, linkIndex):
            return "link \(linkIndex) joins node '\(name)' to itself"
        case let .nonPositiveBandwidth(field, linkIndex):
            return "\(TopologyError.place(field, linkIndex)) has a bandwidth that is not positive"
        case let .negativeLatency(field, linkIndex):
            return "\(TopologyError.place(field, linkIndex)) has a negative latency"
        case let .disconnected(from, to):
            return "NPU '\(from)' cannot reach NPU '\(to)'"
        case .noNPUs:
            return "the topology has no NPUs"
        case let .invalidParameter(name, value, expected):
            return "\(name) is \(value) (expected \(expected))"
        }
    }

    private static func place(_ field: String, _ linkIndex: Int?) -> String {
        if let linkIndex { return "\(field)[\(linkIndex)]" }
        return field
    }
}
