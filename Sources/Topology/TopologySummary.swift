import Foundation
import SimKernel

/// The headline numbers of a topology: sizes, diameter, bisection and injection bandwidth, link classes.
///
/// `init(_:spec:)` takes diameter and bisection from closed forms for the structured shapes (see
/// `TopologySummary+Formulas.swift`) and measures explicit graphs exactly; `init(measuring:)` measures
/// any topology exactly, which is meant for graphs up to a few thousand nodes:
/// - diameter: the most hops of a shortest path between two NPUs, by breadth-first search from every NPU;
/// - bisection: the maximum flow from the first half of the NPUs in rank order (`floor(n/2)` of them) to
///   the second half plus the maximum flow back, each by Dinic's algorithm with link rates as capacities.
///   Both directions are counted, so a bidirectional ring has a bisection of 2 links x 2 directions.
public struct TopologySummary: Codable, Hashable, Sendable, CustomStringConvertible {
    /// How a diameter or bisection was obtained: by closed form, or measured on the graph.
    public enum Derivation: String, Codable, Hashable, Sendable {
        case formula, measured
    }

    /// The links sharing one rate and latency, and how many directed links there are of them.
    public struct LinkClass: Codable, Hashable, Sendable {
        public var bandwidth: Bandwidth
        public var latency: SimDuration
        public var count: Int

        public init(bandwidth: Bandwidth, latency: SimDuration, count: Int) {
            self.bandwidth = bandwidth
            self.latency = latency
            self.count = count
        }

        enum CodingKeys: String, CodingKey { case bandwidth, latencyPicoseconds, count }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            bandwidth = try container.decode(Bandwidth.self, forKey: .bandwidth)
            latency = SimDuration(picoseconds: try container.decode(Int64.self, forKey: .latencyPicoseconds))
            count = try container.decode(Int.self, forKey: .count)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(bandwidth, forKey: .bandwidth)
            try container.encode(latency.picoseconds, forKey: .latencyPicoseconds)
            try container.encode(count, forKey: .count)
        }
    }

    public var name: String
    public var nodeCount: Int
    public var npuCount: Int
    public var switchCount: Int
    /// Directed links: a full-duplex cable counts twice.
    public var linkCount: Int
    /// The most hops on a route between two NPUs (0 for a single NPU).
    public var diameter: Int
    public var diameterDerivation: Derivation
    /// Capacity across the cut between the first and second half of the NPUs in rank order, both
    /// directions added.
    public var bisectionBandwidth: Bandwidth
    public var bisectionDerivation: Derivation
    /// What one NPU can send into the fabric at once: its links' total rate, capped by `npuInjection`.
    public var injectionBandwidth: Bandwidth
    /// For hierarchical clusters, the part of `injectionBandwidth` on the scale-up fabric.
    public var scaleUpInjection: Bandwidth?
    /// For hierarchical clusters, the NIC rate into the scale-out fabric.
    public var scaleOutInjection: Bandwidth?
    /// Link classes, fastest first, then lowest latency.
    public var linkClasses: [LinkClass]

    /// Measures everything from the graph itself; see the type's documentation for the methods.
    ///
    /// - Complexity: O(n (N + L)) for the diameter with n NPUs, N nodes and L links, plus two maximum flows.
    public init(measuring topology: Topology) {
        self.init(counting: topology, diameter: (Self.measuredDiameter(of: topology), .measured),
                  bisection: (Self.measuredBisection(of: topology), .measured),
                  injection: Self.measuredInjection(of: topology))
    }

    /// Sizes and link classes from `topology`, the rest as given.
    init(counting topology: Topology, diameter: (Int, Derivation), bisection: (Bandwidth, Derivation),
         injection: Bandwidth, scaleUp: Bandwidth? = nil, scaleOut: Bandwidth? = nil) {
        name = topology.name
        nodeCount = topology.nodes.count
        npuCount = topology.npuCount
        switchCount = topology.nodes.count { $0.kind == .switch }
        linkCount = topology.links.count
        (self.diameter, diameterDerivation) = diameter
        (bisectionBandwidth, bisectionDerivation) = bisection
        injectionBandwidth = injection
        scaleUpInjection = scaleUp
        scaleOutInjection = scaleOut
        var classes: [Bandwidth: [SimDuration: Int]] = [:]
        for link in topology.links { classes[link.bandwidth, default: [:]][link.latency, default: 0] += 1 }
        linkClasses = classes.flatMap { rate, latencies in
            latencies.map { LinkClass(bandwidth: rate, latency: $0.key, count: $0.value) }
        }.sorted { ($1.bandwidth, $0.latency) < ($0.bandwidth, $1.latency) }
    }

    /// A few aligned lines for `wallsim topology show`.
    public var description: String {
        var injection = "\(injectionBandwidth) per NPU"
        if let scaleUpInjection, let scaleOutInjection {
            injection += " (scale-up \(scaleUpInjection), scale-out \(scaleOutInjection))"
        }
        var lines = [
            "topology \(name)",
            "  nodes       \(nodeCount) (\(npuCount) NPU\(npuCount == 1 ? "" : "s"), \(switchCount) switch\(switchCount == 1 ? "" : "es"))",
            "  links       \(linkCount) directed",
            "  diameter    \(diameter) hops between NPUs (\(diameterDerivation.rawValue))",
            "  bisection   \(bisectionBandwidth), both directions (\(bisectionDerivation.rawValue))",
            "  injection   \(injection)",
            "  link classes",
        ]
        for linkClass in linkClasses {
            lines.append("    \(linkClass.count) x \(linkClass.bandwidth), \(linkClass.latency)")
        }
        return lines.joined(separator: "\n")
    }
}

extension TopologySummary {
    static func measuredDiameter(of topology: Topology) -> Int {
        var isNPU = [Bool](repeating: false, count: topology.nodes.count)
        for npu in topology.npus { isNPU[Int(npu.index)] = true }
        var diameter = 0
        var distance = [Int32](repeating: -1, count: topology.nodes.count)
        var queue: [Int32] = []
        for npu in topology.npus {
            for i in distance.indices { distance[i] = -1 }
            distance[Int(npu.index)] = 0
            queue.removeAll(keepingCapacity: true)
            queue.append(npu.index)
            var head = 0
            while head < queue.count {
                let node = queue[head]
                head += 1
                if isNPU[Int(node)] { diameter = max(diameter, Int(distance[Int(node)])) }
                for link in topology.outgoingLinks(of: NodeID(Int(node))) {
                    let next = Int(topology[link].destination.index)
                    if distance[next] < 0 {
                        distance[next] = distance[Int(node)] + 1
                        queue.append(Int32(next))
                    }
                }
            }
        }
        return diameter
    }

    static func measuredBisection(of topology: Topology) -> Bandwidth {
        let half = topology.npuCount / 2
        let first = topology.npus[..<half], second = topology.npus[half...]
        func flow(from sources: ArraySlice<NodeID>, to sinks: ArraySlice<NodeID>) -> Int64 {
            let source = topology.nodes.count, sink = source + 1
            var network = MaxFlow(nodeCount: topology.nodes.count + 2)
            for link in topology.links {
                network.addEdge(Int(link.source.index), Int(link.destination.index), link.bandwidth.bitsPerSecond)
            }
            let unlimited = topology.links.reduce(Int64(1)) { $0 + $1.bandwidth.bitsPerSecond }
            for npu in sources { network.addEdge(source, Int(npu.index), unlimited) }
            for npu in sinks { network.addEdge(Int(npu.index), sink, unlimited) }
            return network.maximumFlow(from: source, to: sink)
        }
        if half == 0 { return Bandwidth(bitsPerSecond: 0) }
        return Bandwidth(bitsPerSecond: flow(from: first, to: second) + flow(from: second, to: first))
    }

    /// The smallest total rate of any NPU's outgoing links.
    static func measuredInjection(of topology: Topology) -> Bandwidth {
        let rates = topology.npus.map { npu in
            topology.outgoingLinks(of: npu).reduce(Int64(0)) { $0 + topology[$1].bandwidth.bitsPerSecond }
        }
        return Bandwidth(bitsPerSecond: rates.min() ?? 0)
    }
}

extension Bandwidth: Codable {
    /// Decodes a rate stored as a whole number of bits per second.
    public init(from decoder: any Decoder) throws {
        self.init(bitsPerSecond: try decoder.singleValueContainer().decode(Int64.self))
    }

    /// Encodes the rate as a whole number of bits per second.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bitsPerSecond)
    }
}
