/// A discrete-event simulator: a clock plus a queue of pending events.
///
/// The whole kernel is `schedule`, `next` and `run(until:)`: the caller owns the loop and the state,
/// so there is no global singleton, no callback registry and no concurrency inside the kernel.
///
///     var sim = Simulator<Int>()
///     sim.schedule(1, after: .nanoseconds(5))
///     while let (time, event) = sim.next() {
///         if event < 3 { sim.schedule(event + 1, after: .nanoseconds(5)) }
///     }
///     sim.now   // t=15 ns
///
/// Time is set to an event's instant before the caller sees the event and never goes backwards;
/// scheduling an event in the past is a programmer error and traps.
public struct Simulator<Event> {
    /// The current instant: the time of the last event handed out by `next()`.
    @inlinable public var now: SimTime { clock }
    /// How many events `next()` has handed out so far.
    @inlinable public var dispatched: Int { dispatchedCount }

    @usableFromInline var clock: SimTime = .zero
    @usableFromInline var dispatchedCount: Int = 0
    @usableFromInline var queue = EventQueue<Event>()

    public init() {}

    /// The number of events not yet handed out.
    public var pendingCount: Int { queue.count }

    /// Schedules `event` at the absolute instant `time`, which must not be in the past.
    @inlinable public mutating func schedule(_ event: Event, at time: SimTime) {
        precondition(time >= now, "scheduled an event at \(time), before the current time \(now)")
        queue.push(event, at: time)
    }

    /// Schedules `event` after `delay`, which must not be negative.
    @inlinable public mutating func schedule(_ event: Event, after delay: SimDuration) {
        precondition(delay.picoseconds >= 0, "scheduled an event with a negative delay \(delay)")
        queue.push(event, at: now + delay)
    }

    /// Advances the clock to the earliest pending event and returns it, or nil when none is left.
    @inlinable public mutating func next() -> (time: SimTime, event: Event)? {
        guard let (time, event) = queue.pop() else { return nil }
        clock = time
        dispatchedCount &+= 1
        return (time, event)
    }

    /// The time of the earliest pending event, if any.
    public var nextEventTime: SimTime? { queue.nextTime }

    /// Hands every event up to and including `limit` to `handle`, in order; later events stay queued.
    public mutating func run(until limit: SimTime = SimTime(picosecondsSinceStart: .max),
                             _ handle: (inout Simulator, SimTime, Event) throws -> Void) rethrows {
        while let time = queue.nextTime, time <= limit, let (t, event) = next() {
            try handle(&self, t, event)
        }
    }
}

extension Simulator: Sendable where Event: Sendable {}
