import Collectives
import SimKernel
import Topology

/// A model of how long messages take to cross a topology, driven by an executor's own event loop.
///
/// The executor owns the clock. It starts transfers at the model's current instant, asks when the
/// model next needs attention, and advances the model to an instant to collect the transfers that
/// arrived by then:
///
///     var network = FlowNetwork(topology: topology)
///     let id = network.start(bytes: 1 << 20, along: route, at: .zero)
///     while let next = network.nextEventTime() {
///         for done in network.advance(to: next) { print(done.id, done.time) }
///         // ... start the transfers that the arrivals enable, at `next` ...
///     }
///
/// `nextEventTime()` is the next instant at which the model's state changes. For a congestion-aware
/// model that includes instants where a flow's last byte leaves and the others speed up but nothing
/// is delivered yet, so `advance(to:)` may return no completions. Knowing the next *delivery* exactly
/// would need a look-ahead past instants where the executor may still start transfers; waking the
/// model at its own events instead keeps every model exact and simple (htsim and ASTRA-sim's network
/// backends do the same).
///
/// An executor with its own `Simulator` keeps one wake-up event for the model: after it starts
/// transfers it asks `nextEventTime()` again, because the answer can move earlier (a short transfer)
/// or later (a new flow slowed the others), and it ignores wake-ups that no longer match.
///
/// Time only moves forward: `advance(to:)` and `start(bytes:along:at:)` never accept an instant
/// before `now`, and a start must not skip over pending model events (advance first).
public protocol NetworkModel {
    /// The name recorded in `ExecutionRecord.executor` (`"analytical"`, `"flow"`).
    var name: String { get }
    /// The model's current instant: the last time passed to `advance(to:)` or `start`.
    var now: SimTime { get }
    /// Transfers started and not yet delivered.
    var inFlightCount: Int { get }

    /// Starts sending `bytes` along `route` at `time`, which becomes `now`; returns the transfer's
    /// identity, which `advance(to:)` reports when the data has arrived. An empty route is a local copy.
    @discardableResult
    mutating func start(bytes: Int64, along route: Route, at time: SimTime) -> TransferID

    /// The next instant at which the model must be advanced, or nil when nothing is in flight.
    mutating func nextEventTime() -> SimTime?

    /// Moves the model to `time` and returns the transfers delivered at or before it, ordered by
    /// delivery time and, among equal times, by `TransferID` (start order).
    mutating func advance(to time: SimTime) -> [TransferCompletion]

    /// Traffic per link so far, in link order, for links that carried at least one byte.
    func linkUsage() -> [LinkUsage]
}

/// The identity of one transfer in a network model: its start order, counted from zero.
public struct TransferID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: Int
    @inlinable public init(_ rawValue: Int) { self.rawValue = rawValue }
    @inlinable public static func < (a: TransferID, b: TransferID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "transfer#\(rawValue)" }
}

/// A transfer whose last byte reached its destination at `time`.
public struct TransferCompletion: Hashable, Sendable {
    public var id: TransferID
    public var time: SimTime
    @inlinable public init(id: TransferID, time: SimTime) {
        self.id = id
        self.time = time
    }
}
