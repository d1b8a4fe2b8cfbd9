/// A rate of floating-point operations, written with its unit: `312 TFLOPS`, `1.2 PFLOPS`.
///
/// Accelerator peaks are quoted in decimal units (1 TFLOPS = 10^12 FLOP/s), as vendors print them.
public struct FlopRate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var flopsPerSecond: Double

    public init(flopsPerSecond: Double) { self.flopsPerSecond = flopsPerSecond }
    public static func teraflops(_ value: Double) -> FlopRate { FlopRate(flopsPerSecond: value * 1e12) }

    public var teraflops: Double { flopsPerSecond / 1e12 }

    /// The recognised unit spellings and their multipliers in FLOP/s.
    public static let units: [(suffix: String, flopsPerSecond: Double)] = [
        ("GFLOPS", 1e9), ("TFLOPS", 1e12), ("PFLOPS", 1e15),
        ("GFLOP/s", 1e9), ("TFLOP/s", 1e12), ("PFLOP/s", 1e15),
    ]

    public static func < (a: FlopRate, b: FlopRate) -> Bool { a.flopsPerSecond < b.flopsPerSecond }

    public var description: String {
        "\(teraflops.formatted3) TFLOPS"
    }
}

extension Double {
    /// At most three decimals, no trailing zeros: `0.869`, `312`, `1.5`.
    var formatted3: String {
        var text = String((self * 1000).rounded() / 1000)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
