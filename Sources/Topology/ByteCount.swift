import Foundation
import SimKernel

/// A number of bytes, written with its unit: `80 GB`, `1 GiB`, `512 KiB`, `8 B`.
///
/// Decimal prefixes (kB, MB, GB, TB) are powers of 1000 and binary ones (KiB, MiB, GiB, TiB) powers of
/// 1024, as in IEC 80000-13; HBM capacities are quoted in GB, message sizes usually in KiB/MiB/GiB.
public struct ByteCount: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var bytes: Int64

    @inlinable public init(bytes: Int64) { self.bytes = bytes }
    @inlinable public static func bytes(_ n: Int64) -> ByteCount { ByteCount(bytes: n) }
    @inlinable public static func kibibytes(_ n: Int64) -> ByteCount { ByteCount(bytes: n << 10) }
    @inlinable public static func mebibytes(_ n: Int64) -> ByteCount { ByteCount(bytes: n << 20) }
    @inlinable public static func gibibytes(_ n: Int64) -> ByteCount { ByteCount(bytes: n << 30) }
    @inlinable public static func gigabytes(_ n: Double) -> ByteCount { ByteCount(bytes: Int64((n * 1e9).rounded())) }

    public static let zero = ByteCount(bytes: 0)

    /// The recognised unit suffixes and their multipliers.
    public static let units: [(suffix: String, multiplier: Int64)] = [
        ("B", 1),
        ("kB", 1_000), ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
    ]

    /// Parses `"<number> <unit>"` (the space is optional), e.g. `"1.5 GiB"`. Returns nil for anything
    /// else, including a missing unit and negative or non-integral byte counts.
    public init?(parsing text: String) {
        guard let (value, unit) = splitQuantity(text),
              let multiplier = ByteCount.units.first(where: { $0.suffix == unit })?.multiplier else { return nil }
        let bytes = value * Double(multiplier)
        guard bytes >= 0, bytes < 9.2e18, bytes == bytes.rounded() else { return nil }
        self.bytes = Int64(bytes)
    }

    public static func < (a: ByteCount, b: ByteCount) -> Bool { a.bytes < b.bytes }
    public static func + (a: ByteCount, b: ByteCount) -> ByteCount { ByteCount(bytes: a.bytes + b.bytes) }
    public static func - (a: ByteCount, b: ByteCount) -> ByteCount { ByteCount(bytes: a.bytes - b.bytes) }
    public static func * (a: ByteCount, k: Int64) -> ByteCount { ByteCount(bytes: a.bytes * k) }

    /// The largest binary unit that divides the count exactly (`1 GiB`, `96 MiB`), else decimal GB with
    /// three decimals for big values, else bytes.
    public var description: String {
        for (suffix, multiplier) in [("TiB", Int64(1) << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where bytes != 0 && bytes % multiplier == 0 {
            return "\(bytes / multiplier) \(suffix)"
        }
        if bytes >= 1_000_000_000 { return "\(formatted(Double(bytes) / 1e9)) GB" }
        return "\(bytes) B"
    }
}

/// Splits `"400 Gbps"` or `"1.5us"` into its number and unit; nil when either is missing or malformed.
func splitQuantity(_ text: String) -> (Double, String)? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let unitStart = trimmed.firstIndex(where: { $0.isLetter || $0 == "/" }) else { return nil }
    let number = trimmed[..<unitStart].trimmingCharacters(in: .whitespaces)
    let unit = trimmed[unitStart...].trimmingCharacters(in: .whitespaces)
    guard !number.isEmpty, !unit.isEmpty,
          number.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E" }),
          let value = Double(number), value.isFinite else { return nil }
    return (value, unit)
}

/// Renders a number with at most three decimals and no trailing zeros.
func formatted(_ value: Double) -> String {
    var text = String(format: "%.3f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
