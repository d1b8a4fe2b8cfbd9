import Collectives
import SimKernel
import Topology

/// The congestion-unaware network: every transfer takes its route's latency plus its bytes at the
/// route's bottleneck rate, whatever else is in flight.
///
/// This is ASTRA-sim's analytical network backend (Won et al., "ASTRA-sim2.0", ISPASS 2023): a
/// transfer of `n` bytes started at `t` along links `l1...lk` is delivered at
/// `t + sum(latency(li)) + n / min(bandwidth(li))`, the serialisation rounded up to a whole picosecond
/// by `Bandwidth.transmissionTime(of:)`. Links never share, so it is a lower bound on any congested
/// run and the exact answer for contention-free schedules.
///
///     var network = AnalyticalNetwork(topology: topology)
///     network.start(bytes: 1_000_000, along: route, at: .zero)
///     network.nextEventTime()   // latency + 1 MB at the bottleneck rate
///
/// A transfer keeps each of its links busy for its serialisation time from its start; overlapping
/// transfers merge into one busy interval (the model does not let them slow each other down).
///
/// - Complexity: `start` is O(route length + log n), `advance` O(log n) per delivered transfer,
///   for n transfers in flight.
public struct AnalyticalNetwork: NetworkModel {
    public let name = "analytical"
    public private(set) var now: SimTime = .zero
    /// The rate of a local copy (an empty route); nil makes local copies instantaneous.
    public let localCopyRate: Bandwidth?

    private let bandwidths: [Bandwidth]
    private let latencies: [Int64]
    private var deliveries = EventQueue<TransferID>()
    private var startedCount = 0
    private var ledger: LinkLedger

    /// A model of `topology`'s links; `localCopyRate` prices transfers between a rank and itself.
    public init(topology: Topology, localCopyRate: Bandwidth? = nil) {
        precondition(localCopyRate.map { $0.bitsPerSecond > 0 } ?? true,
                     "local copy rate must be positive, got \(String(describing: localCopyRate))")
        self.localCopyRate = localCopyRate
        bandwidths = topology.links.map(\.bandwidth)
        latencies = topology.links.map(\.latency.picoseconds)
        ledger = LinkLedger(linkCount: topology.links.count)
    }

    public var inFlightCount: Int { deliveries.count }

    /// The delivery time of a transfer of `bytes` along `route` started at `start`.
    public func deliveryTime(of bytes: Int64, along route: Route, from start: SimTime) -> SimTime {
        start + serialisation(of: bytes, along: route) + .picoseconds(route.reduce(0) { $0 + latencies[Int($1.index)] })
    }

    @discardableResult
    public mutating func start(bytes: Int64, along route: Route, at time: SimTime) -> TransferID {
        precondition(bytes >= 0, "a transfer of \(bytes) bytes")
        precondition(time >= now, "started a transfer at \(time), before the network's time \(now)")
        precondition(deliveries.nextTime.map { $0 >= time } ?? true,
                     "started a transfer at \(time) past a pending delivery at \(String(describing: deliveries.nextTime)); advance first")
        now = time
        let id = TransferID(startedCount)
        startedCount += 1
        let serialisationEnd = (time + serialisation(of: bytes, along: route)).picosecondsSinceStart
        for link in route {
            ledger.carry(bytes, on: Int(link.index))
            ledger.occupy(Int(link.index), from: time.picosecondsSinceStart, to: serialisationEnd)
        }
        deliveries.push(id, at: deliveryTime(of: bytes, along: route, from: time))
        return id
    }

    public mutating func nextEventTime() -> SimTime? { deliveries.nextTime }

    public mutating func advance(to time: SimTime) -> [TransferCompletion] {
        precondition(time >= now, "advanced the network to \(time), before its time \(now)")
        now = time
        var done: [TransferCompletion] = []
        // Ids are handed out in push order, so the queue's (time, sequence) order is (time, id).
        while let next = deliveries.nextTime, next <= time, let (at, id) = deliveries.pop() {
            done.append(TransferCompletion(id: id, time: at))
        }
        return done
    }

    public func linkUsage() -> [LinkUsage] { ledger.usage(at: now.picosecondsSinceStart) }

    private func serialisation(of bytes: Int64, along route: Route) -> SimDuration {
        guard let first = route.first else {
            return localCopyRate.map { $0.transmissionTime(of: bytes) } ?? .zero
        }
        var bottleneck = bandwidths[Int(first.index)]
        for link in route.dropFirst() { bottleneck = Swift.min(bottleneck, bandwidths[Int(link.index)]) }
        return bottleneck.transmissionTime(of: bytes)
    }
}
