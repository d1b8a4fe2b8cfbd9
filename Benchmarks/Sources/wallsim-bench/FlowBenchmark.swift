import Fabric
import SimKernel
import Topology

/// Traffic through one switch (each host on its own 100 Gbps, 1 us uplink and downlink): a set of
/// streams, each sending one message after another, `rounds` times, the next as soon as the
/// previous is delivered. Events are flow starts plus flow deliveries.
///
/// - `ring`: host h sends `bytes` to host h+1. Every flow has its own two links, so the flow model's
///   components are single flows: this measures the model's bookkeeping at scale.
/// - `alltoall`: every host sends to every other, all sizes different (from `bytes` to just under
///   2 x `bytes`) so flows finish one at a time. All flows form one component, re-solved at every
///   finish: this is the max-min solver's worst case, O(flows x hops x log links) per event.
struct FlowBenchmark {
    var pattern: Pattern
    var hosts: Int
    var rounds: Int
    var bytes: Int64
    var model: Model

    enum Pattern: String {
        case ring, alltoall
    }

    enum Model: String {
        case flow, analytical
    }

    func run() -> Result {
        let topology = Self.star(hosts: hosts)
        switch model {
        case .flow: return measure(FlowNetwork(topology: topology))
        case .analytical: return measure(AnalyticalNetwork(topology: topology))
        }
    }

    /// Each stream's route and message size. Host h's uplink is link 2h and its downlink 2h+1
    /// (see `star`), so routes need no search.
    private func streams() -> [(route: Route, bytes: Int64)] {
        func route(_ source: Int, _ destination: Int) -> Route { [LinkID(2 * source), LinkID(2 * destination + 1)] }
        switch pattern {
        case .ring:
            return (0..<hosts).map { h in (route(h, (h + 1) % hosts), bytes) }
        case .alltoall:
            let count = hosts * (hosts - 1)
            return (0..<count).map { index in
                let (h, shift) = index.quotientAndRemainder(dividingBy: hosts - 1)
                return (route(h, (h + shift + 1) % hosts), bytes + Int64(index) * bytes / Int64(count))
            }
        }
    }

    private func measure<Network: NetworkModel>(_ initial: Network) -> Result {
        var network = initial
        let streams = streams()
        var streamOf: [Int32] = []
        streamOf.reserveCapacity(streams.count * rounds)
        var sent = [Int32](repeating: 0, count: streams.count)
        var events = 0
        let startTime = monotonicSeconds()
        let startCPU = cpuSeconds()
        for (index, stream) in streams.enumerated() {
            network.start(bytes: stream.bytes, along: stream.route, at: .zero)
            streamOf.append(Int32(index))
            sent[index] = 1
        }
        events += streams.count
        while let time = network.nextEventTime() {
            for done in network.advance(to: time) {
                events += 1
                let index = Int(streamOf[done.id.rawValue])
                guard Int(sent[index]) < rounds else { continue }
                network.start(bytes: streams[index].bytes, along: streams[index].route, at: time)
                streamOf.append(Int32(index))
                sent[index] += 1
                events += 1
            }
        }
        let seconds = monotonicSeconds() - startTime
        let cpu = cpuSeconds() - startCPU
        precondition(events == 2 * streams.count * rounds, "saw \(events) flow events, expected \(2 * streams.count * rounds)")
        return Result(name: "\(model.rawValue) \(pattern.rawValue), \(hosts) hosts", events: events, seconds: seconds, cpuSeconds: cpu,
                      peakMebibytes: peakResidentMebibytes(),
                      note: "\(streams.count) flows x \(rounds) rounds, simulated \(network.now.sinceStart)")
    }

    /// `hosts` NPUs around one switch with 100 Gbps, 1 us links: host h's uplink is link 2h, its downlink 2h+1.
    static func star(hosts: Int) -> Topology {
        var nodes = (0..<hosts).map { Node(name: "npu\($0)", kind: .npu) }
        nodes.append(Node(name: "switch", kind: .switch))
        let hub = NodeID(hosts)
        let rate = Bandwidth.gigabitsPerSecond(100)
        let latency = SimDuration.microseconds(1)
        let links = (0..<hosts).flatMap { h in
            [Link(source: NodeID(h), destination: hub, bandwidth: rate, latency: latency),
             Link(source: hub, destination: NodeID(h), bandwidth: rate, latency: latency)]
        }
        return Topology(name: "star\(hosts)", nodes: nodes, links: links, router: ShortestPathRouter())
    }
}
