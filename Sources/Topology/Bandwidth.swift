import Foundation
import SimKernel

/// A data rate in whole bits per second, written with its unit: `400 Gbps`, `300 GB/s`, `25 Gb/s`.
///
/// Link rates are quoted per direction. Bits per second are kept as an integer so that transfer
/// times computed from them are exact and reproducible (`transmissionTime(of:)`).
public struct Bandwidth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var bitsPerSecond: Int64

    @inlinable public init(bitsPerSecond: Int64) { self.bitsPerSecond = bitsPerSecond }
    public static func gigabitsPerSecond(_ n: Double) -> Bandwidth { Bandwidth(bitsPerSecond: Int64((n * 1e9).rounded())) }
    public static func gigabytesPerSecond(_ n: Double) -> Bandwidth { Bandwidth(bitsPerSecond: Int64((n * 8e9).rounded())) }

    /// Bytes per second, for arithmetic in floating point.
    public var bytesPerSecond: Double { Double(bitsPerSecond) / 8 }
    public var gigabytesPerSecond: Double { Double(bitsPerSecond) / 8e9 }
    public var gigabitsPerSecond: Double { Double(bitsPerSecond) / 1e9 }
    /// Picoseconds to move one byte at this rate (`8e12 / bits per second`), for costs per byte.
    public var picosecondsPerByte: Double { 8e12 / Double(bitsPerSecond) }

    /// The recognised unit spellings and their multipliers in bits per second.
    public static let units: [(suffix: String, bitsPerSecond: Double)] = [
        ("bps", 1), ("Kbps", 1e3), ("Mbps", 1e6), ("Gbps", 1e9), ("Tbps", 1e12),
        ("b/s", 1), ("Kb/s", 1e3), ("Mb/s", 1e6), ("Gb/s", 1e9), ("Tb/s", 1e12),
        ("B/s", 8), ("KB/s", 8e3), ("MB/s", 8e6), ("GB/s", 8e9), ("TB/s", 8e12),
        ("KiB/s", 8 * 1024), ("MiB/s", 8 * 1048576), ("GiB/s", 8 * 1073741824),
    ]

    /// Parses `"<number> <unit>"`, e.g. `"400 Gbps"` or `"300 GB/s"`. Nil for a missing or unknown
    /// unit; zero and negative rates parse (the caller decides whether they are allowed).
    public init?(parsing text: String) {
        guard let (value, unit) = splitQuantity(text),
              let multiplier = Bandwidth.units.first(where: { $0.suffix == unit })?.bitsPerSecond else { return nil }
        let bps = value * multiplier
        guard abs(bps) < 9.2e18 else { return nil }
        self.bitsPerSecond = Int64(bps.rounded())
    }

    public static func < (a: Bandwidth, b: Bandwidth) -> Bool { a.bitsPerSecond < b.bitsPerSecond }
    public static func + (a: Bandwidth, b: Bandwidth) -> Bandwidth { Bandwidth(bitsPerSecond: a.bitsPerSecond + b.bitsPerSecond) }
    public static func * (a: Bandwidth, k: Int64) -> Bandwidth { Bandwidth(bitsPerSecond: a.bitsPerSecond * k) }

    /// The time to serialise `bytes` at this rate, rounded up to a whole picosecond.
    ///
    /// Computed exactly in 128-bit integers: `ceil(bytes * 8 * 10^12 / bitsPerSecond)`.
    @inlinable public func transmissionTime(of bytes: Int64) -> SimDuration {
        precondition(bitsPerSecond > 0, "transmission time at a non-positive rate \(bitsPerSecond) bps")
        let numerator = Int128(bytes) * 8_000_000_000_000
        let denominator = Int128(bitsPerSecond)
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        return SimDuration(picoseconds: Int64(quotient + (remainder > 0 ? 1 : 0)))
    }

    /// `GB/s` from 1 Tbps up (NVLink-class rates), `Gbps` below (NIC rates), then `Mbps` and `bps`.
    public var description: String {
        if bitsPerSecond >= 1_000_000_000_000 { return "\(formatted(gigabytesPerSecond)) GB/s" }
        if bitsPerSecond % 1_000_000 == 0 && bitsPerSecond >= 1_000_000_000 { return "\(formatted(gigabitsPerSecond)) Gbps" }
        if bitsPerSecond >= 1_000_000 { return "\(formatted(Double(bitsPerSecond) / 1e6)) Mbps" }
        return "\(bitsPerSecond) bps"
    }
}
