/// An instant of simulated time: picoseconds since the start of the run.
///
/// Instants only move forward in a `Simulator`. Subtracting two instants gives a `SimDuration`;
/// adding a duration to an instant gives an instant. See `SimDuration` for why they are separate types.
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Picoseconds since the start of the run.
    public var picosecondsSinceStart: Int64

    @inlinable public init(picosecondsSinceStart: Int64) { self.picosecondsSinceStart = picosecondsSinceStart }

    public static let zero = SimTime(picosecondsSinceStart: 0)

    /// The time elapsed since the start of the run.
    public var sinceStart: SimDuration { SimDuration(picoseconds: picosecondsSinceStart) }

    @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.picosecondsSinceStart < b.picosecondsSinceStart }
    @inlinable public static func + (t: SimTime, d: SimDuration) -> SimTime {
        SimTime(picosecondsSinceStart: t.picosecondsSinceStart + d.picoseconds)
    }
    @inlinable public static func - (t: SimTime, d: SimDuration) -> SimTime {
        SimTime(picosecondsSinceStart: t.picosecondsSinceStart - d.picoseconds)
    }
    @inlinable public static func - (a: SimTime, b: SimTime) -> SimDuration {
        SimDuration(picoseconds: a.picosecondsSinceStart - b.picosecondsSinceStart)
    }
    @inlinable public static func += (t: inout SimTime, d: SimDuration) { t.picosecondsSinceStart += d.picoseconds }

    public var description: String { "t=" + SimDuration.format(picoseconds: picosecondsSinceStart) }
}
