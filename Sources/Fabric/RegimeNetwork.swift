import Collectives
import SimKernel
import Topology

/// A network model whose messages also pay their size's calibrated cost: each transfer runs over
/// `Base` as usual, and its data is usable only once a lone message of its size would have arrived
/// under `MessageRegimes`, if that is later.
///
/// The extra time of a transfer of `n` bytes along a route is
/// `max(0, regime latency + n / regime bandwidth - (route latency + n / route bottleneck))`: on a
/// topology whose links carry the fastest regime's latency and bandwidth (what `wallsim calibrate`
/// writes) a lone message takes exactly its regime's time, and contention in `Base` adds to it. The
/// extra is held at the end, as the protocol and memory costs it stands for (a rendezvous, copies
/// out of a cache-cold buffer) are paid at the endpoints, not on the links. Empty routes (a rank's
/// copy to itself) pay nothing extra.
///
///     var network = RegimeNetwork(base: FlowNetwork(topology: fabric), topology: fabric, regimes: regimes)
///
/// - Complexity: the base model's cost plus O(log n) per transfer for n held at once.
public struct RegimeNetwork<Base: NetworkModel>: NetworkModel {
    public private(set) var base: Base
    public let regimes: MessageRegimes
    public private(set) var now: SimTime = .zero

    private let bandwidths: [Bandwidth]
    private let latencies: [Int64]
    /// Extra picoseconds of each transfer in flight in the base model, by id.
    private var extras: [TransferID: Int64] = [:]
    /// Transfers the base delivered whose regime time is not over yet, by (time, id).
    private var held = MinHeap<Held>()

    public init(base: Base, topology: Topology, regimes: MessageRegimes) {
        self.base = base
        self.regimes = regimes
        bandwidths = topology.links.map(\.bandwidth)
        latencies = topology.links.map(\.latency.picoseconds)
        now = base.now
    }

    public var name: String { base.name }
    public var inFlightCount: Int { base.inFlightCount + held.count }

    /// The time a lone transfer of `bytes` along `route` takes beyond what the links alone give it.
    public func extraTime(of bytes: Int64, along route: Route) -> SimDuration {
        guard !route.isEmpty else { return .zero }
        var bottleneck = Bandwidth(bitsPerSecond: .max), latency: Int64 = 0
        for link in route {
            bottleneck = min(bottleneck, bandwidths[Int(link.index)])
            latency += latencies[Int(link.index)]
        }
        let links = SimDuration(picoseconds: latency) + bottleneck.transmissionTime(of: bytes)
        let regime = regimes.time(of: bytes)
        return regime > links ? regime - links : .zero
    }

    @discardableResult
    public mutating func start(bytes: Int64, along route: Route, at time: SimTime) -> TransferID {
        precondition(held.min.map { $0.time >= time } ?? true,
                     "started a transfer at \(time) past a held delivery at \(String(describing: held.min?.time)); advance first")
        now = time
        let id = base.start(bytes: bytes, along: route, at: time)
        let extra = extraTime(of: bytes, along: route).picoseconds
        if extra > 0 { extras[id] = extra }
        return id
    }

    public mutating func nextEventTime() -> SimTime? {
        switch (base.nextEventTime(), held.min?.time) {
        case let (b?, h?): min(b, h)
        case let (b?, nil): b
        case let (nil, h?): h
        case (nil, nil): nil
        }
    }

    public mutating func advance(to time: SimTime) -> [TransferCompletion] {
        precondition(time >= now, "advanced the network to \(time), before its time \(now)")
        now = time
        for completion in base.advance(to: time) {
            let extra = extras.removeValue(forKey: completion.id) ?? 0
            held.push(Held(time: completion.time + .picoseconds(extra), id: completion.id))
        }
        var done: [TransferCompletion] = []
        while let next = held.min, next.time <= time {
            _ = held.pop()
            done.append(TransferCompletion(id: next.id, time: next.time))
        }
        return done
    }

    public func linkUsage() -> [LinkUsage] { base.linkUsage() }

    /// A delivery waiting for its regime time; ordered by time, then id, as `advance` must report.
    private struct Held: Comparable {
        var time: SimTime
        var id: TransferID
        static func < (a: Held, b: Held) -> Bool { (a.time, a.id) < (b.time, b.id) }
    }
}
