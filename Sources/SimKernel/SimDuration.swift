import Foundation

/// A span of simulated time, counted in whole picoseconds.
///
/// Durations and instants (`SimTime`) are different types so that they never mix by accident:
/// an instant plus a duration is an instant, two instants differ by a duration, and two instants
/// cannot be added. Picoseconds in an `Int64` cover about 106 days, far beyond any training step.
///
///     let hop = SimDuration.microseconds(1.5)      // 1_500_000 ps
///     let t = SimTime.zero + hop * 3
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The length in picoseconds.
    public var picoseconds: Int64

    @inlinable public init(picoseconds: Int64) { self.picoseconds = picoseconds }

    public static let zero = SimDuration(picoseconds: 0)

    @inlinable public static func picoseconds(_ value: Int64) -> SimDuration { SimDuration(picoseconds: value) }
    @inlinable public static func nanoseconds(_ value: Int64) -> SimDuration { SimDuration(picoseconds: value * 1_000) }

    /// A duration from a possibly fractional count of a unit, rounded to the nearest picosecond.
    @inlinable public static func microseconds(_ value: Double) -> SimDuration { .rounding(value * 1e6) }
    @inlinable public static func milliseconds(_ value: Double) -> SimDuration { .rounding(value * 1e9) }
    @inlinable public static func seconds(_ value: Double) -> SimDuration { .rounding(value * 1e12) }

    /// Rounds a picosecond count given as a `Double`; values beyond `Int64` are clamped.
    @inlinable static func rounding(_ ps: Double) -> SimDuration {
        let rounded = ps.rounded()
        if rounded >= 9.2e18 { return SimDuration(picoseconds: .max) }
        if rounded <= -9.2e18 { return SimDuration(picoseconds: .min) }
        return SimDuration(picoseconds: Int64(rounded))
    }

    public var seconds: Double { Double(picoseconds) / 1e12 }
    public var microseconds: Double { Double(picoseconds) / 1e6 }
    public var nanoseconds: Double { Double(picoseconds) / 1e3 }

    @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.picoseconds < b.picoseconds }
    @inlinable public static func + (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(picoseconds: a.picoseconds + b.picoseconds) }
    @inlinable public static func - (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(picoseconds: a.picoseconds - b.picoseconds) }
    @inlinable public static func += (a: inout SimDuration, b: SimDuration) { a.picoseconds += b.picoseconds }
    @inlinable public static func -= (a: inout SimDuration, b: SimDuration) { a.picoseconds -= b.picoseconds }
    @inlinable public static func * (a: SimDuration, k: Int64) -> SimDuration { SimDuration(picoseconds: a.picoseconds * k) }
    @inlinable public static func * (k: Int64, a: SimDuration) -> SimDuration { SimDuration(picoseconds: a.picoseconds * k) }

    /// A human-readable rendering with a unit chosen to keep three significant figures, e.g. `1.5 us`.
    public var description: String { SimDuration.format(picoseconds: picoseconds) }

    static func format(picoseconds ps: Int64) -> String {
        let magnitude = ps.magnitude
        let (scale, unit): (Double, String) =
            magnitude >= 1_000_000_000_000 ? (1e12, "s") :
            magnitude >= 1_000_000_000 ? (1e9, "ms") :
            magnitude >= 1_000_000 ? (1e6, "us") :
            magnitude >= 1_000 ? (1e3, "ns") : (1, "ps")
        return "\(trimmed(Double(ps) / scale)) \(unit)"
    }
}

/// Renders a number with at most three decimals and no trailing zeros (`1.5`, `250`, `0.125`).
func trimmed(_ value: Double) -> String {
    var text = String(format: "%.3f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
