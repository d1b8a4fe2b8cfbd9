import Fabric
import SimKernel
import Topology

/// Small topologies and a driver loop shared by the network model tests.
enum TestNetworks {
    /// `hosts` NPUs around one switch: host i's uplink is link 2i, its downlink link 2i+1.
    static func star(hosts: Int, bandwidth: Bandwidth = .gigabitsPerSecond(100),
                     latency: SimDuration = .microseconds(1)) -> Topology {
        var nodes = (0..<hosts).map { Node(name: "h\($0)", kind: .npu) }
        nodes.append(Node(name: "switch", kind: .switch))
        let hub = NodeID(hosts)
        let links = (0..<hosts).flatMap { host in
            [Link(source: NodeID(host), destination: hub, bandwidth: bandwidth, latency: latency),
             Link(source: hub, destination: NodeID(host), bandwidth: bandwidth, latency: latency)]
        }
        return Topology(name: "star\(hosts)", nodes: nodes, links: links, router: ShortestPathRouter())
    }

    /// A line of nodes n0 -> n1 -> ... with one link per given rate and latency, link i from n_i to n_i+1.
    static func line(_ specs: [(Bandwidth, SimDuration)]) -> Topology {
        let nodes = (0...specs.count).map { Node(name: "n\($0)", kind: .npu) }
        let links = specs.enumerated().map { i, spec in
            Link(source: NodeID(i), destination: NodeID(i + 1), bandwidth: spec.0, latency: spec.1)
        }
        return Topology(name: "line", nodes: nodes, links: links, router: ShortestPathRouter())
    }

    /// `count` unrelated links, for routes made of arbitrary link sets.
    static func looseLinks(_ bandwidths: [Bandwidth], latency: SimDuration = .zero) -> Topology {
        let nodes = (0..<(2 * bandwidths.count)).map { Node(name: "n\($0)", kind: .npu) }
        let links = bandwidths.enumerated().map { i, rate in
            Link(source: NodeID(2 * i), destination: NodeID(2 * i + 1), bandwidth: rate, latency: latency)
        }
        return Topology(name: "loose", nodes: nodes, links: links, router: ShortestPathRouter())
    }

    static func route(_ links: Int...) -> Route { links.map(LinkID.init) }

    /// A transfer to start at a given instant.
    struct Start {
        var time: SimTime
        var bytes: Int64
        var route: Route
    }

    /// Runs `starts` (sorted by time) through `model` as an executor would, returning every
    /// completion in the order the model reported it.
    static func run<Model: NetworkModel>(_ model: inout Model, _ starts: [Start]) -> [TransferCompletion] {
        var done: [TransferCompletion] = []
        var index = 0
        while true {
            let nextStart = index < starts.count ? starts[index].time : nil
            let nextEvent = model.nextEventTime()
            guard let next = [nextStart, nextEvent].compactMap({ $0 }).min() else { break }
            done += model.advance(to: next)
            while index < starts.count && starts[index].time == next {
                model.start(bytes: starts[index].bytes, along: starts[index].route, at: next)
                index += 1
            }
        }
        return done
    }

    static func ps(_ value: Int64) -> SimTime { SimTime(picosecondsSinceStart: value) }
}

/// A small deterministic generator for test data (Steele et al., "Fast splittable PRNGs", 2014).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
