import Fabric
import SimKernel
import Topology

/// A ring pattern through one switch: each of `hosts` NPUs sends `bytes` to the next over its own
/// 100 Gbps, 1 us uplink and the receiver's downlink, for `rounds` rounds; a host starts its next
/// send as soon as its previous one is delivered.
///
/// Events are flow starts plus flow deliveries. Every flow has its own two links, so the flow model's
/// components are single flows; the benchmark measures the model's bookkeeping, not the solver's
/// worst case.
struct FlowBenchmark {
    var hosts: Int
    var rounds: Int
    var bytes: Int64
    var model: Model

    enum Model: String, CaseIterable {
        case flow, analytical
    }

    func run() -> Result {
        let topology = Self.star(hosts: hosts)
        switch model {
        case .flow: return measure(FlowNetwork(topology: topology))
        case .analytical: return measure(AnalyticalNetwork(topology: topology))
        }
    }

    private func measure<Network: NetworkModel>(_ initial: Network) -> Result {
        var network = initial
        // Host h's uplink is link 2h and its downlink 2h+1 (see `star`), so routes need no search.
        let routes = (0..<hosts).map { h in [LinkID(2 * h), LinkID(2 * ((h + 1) % hosts) + 1)] }
        var sender: [Int32] = []
        sender.reserveCapacity(hosts * rounds)
        var sent = [Int32](repeating: 0, count: hosts)
        var events = 0
        let startTime = monotonicSeconds()
        for h in 0..<hosts {
            network.start(bytes: bytes, along: routes[h], at: .zero)
            sender.append(Int32(h))
            sent[h] = 1
        }
        events += hosts
        while let time = network.nextEventTime() {
            for done in network.advance(to: time) {
                events += 1
                let h = Int(sender[done.id.rawValue])
                guard Int(sent[h]) < rounds else { continue }
                network.start(bytes: bytes, along: routes[h], at: time)
                sender.append(Int32(h))
                sent[h] += 1
                events += 1
            }
        }
        let seconds = monotonicSeconds() - startTime
        precondition(events == 2 * hosts * rounds, "saw \(events) flow events, expected \(2 * hosts * rounds)")
        return Result(name: "\(model.rawValue) ring, \(hosts) hosts", events: events, seconds: seconds,
                      peakMebibytes: peakResidentMebibytes(), note: "\(rounds) rounds, simulated \(network.now.sinceStart)")
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
