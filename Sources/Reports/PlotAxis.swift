import Foundation

/// One axis of a plot: what it measures, in which unit, and whether it is linear or logarithmic.
///
/// The title and unit are drawn as `title (unit)`, so a plot read without the terminal still says what
/// its numbers mean. Ticks fall on "nice" values: 1, 2 or 5 times a power of ten on a linear axis
/// (Heckbert, "Nice Numbers for Graph Labels", Graphics Gems, 1990), powers of ten on a log axis.
///
///     let y = PlotAxis(title: "iteration time", unit: "ms", scale: .log)
public struct PlotAxis: Sendable {
    public enum Scale: String, Sendable { case linear, log }

    public var title: String
    /// The unit of the plotted values (`ms`, `GB/s`, `GPUs`, `x first point`); empty for pure numbers.
    public var unit: String
    public var scale: Scale
    /// Whether a linear axis starts at zero even when every value is far from it.
    public var includesZero: Bool

    public init(title: String, unit: String, scale: Scale = .linear, includesZero: Bool = false) {
        self.title = title
        self.unit = unit
        self.scale = scale
        self.includesZero = includesZero
    }

    /// The text drawn beside the axis.
    public var label: String { unit.isEmpty ? title : "\(title) (\(unit))" }

    /// The range the axis spans and the ticks drawn on it, for data spanning `low...high`.
    ///
    /// The span is widened to the ticks on either side, so every point lies inside it. On a log axis
    /// both values must be positive.
    /// - Complexity: O(number of ticks), at most about 12.
    func layout(low: Double, high: Double) -> (domain: ClosedRange<Double>, ticks: [Double]) {
        precondition(low.isFinite && high.isFinite && low <= high, "axis '\(title)' has data range \(low)...\(high)")
        switch scale {
        case .linear: return Self.linearLayout(low: includesZero ? min(low, 0) : low, high: includesZero ? max(high, 0) : high)
        case .log: return Self.logLayout(low: low, high: high)
        }
    }

    /// The text of each tick: when the axis reaches a million, every tick from 1000 up is written `1e3`
    /// style, so one axis never mixes `100000` with `1e6`.
    static func labels(_ ticks: [Double]) -> [String] {
        let plainBelow = (ticks.map(abs).max() ?? 0) >= 1e6 ? 1e3 : 1e6
        return ticks.map { SvgNumber.label($0, plainBelow: plainBelow) }
    }

    /// Where `value` falls on the axis, from 0 (start of `domain`) to 1 (end).
    func fraction(of value: Double, in domain: ClosedRange<Double>) -> Double {
        switch scale {
        case .linear: (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        case .log: (log10(value) - log10(domain.lowerBound)) / (log10(domain.upperBound) - log10(domain.lowerBound))
        }
    }

    static func linearLayout(low: Double, high: Double) -> (domain: ClosedRange<Double>, ticks: [Double]) {
        var (low, high) = (low, high)
        if low == high {
            let pad = low == 0 ? 1 : abs(low) / 10
            (low, high) = (low - pad, high + pad)
        }
        // Heckbert's loose labelling, aiming at about 6 ticks.
        let step = niceNumber(niceNumber(high - low, rounding: false).value / 5, rounding: true)
        let first = Int64(floor(low / step.value))
        let last = Int64(ceil(high / step.value))
        let ticks = (first...last).map { step.multiple($0) }
        return (ticks[0]...ticks[ticks.count - 1], ticks)
    }

    static func logLayout(low: Double, high: Double) -> (domain: ClosedRange<Double>, ticks: [Double]) {
        precondition(low > 0, "a log axis needs positive values, got \(low)")
        let first = Int(floor(log10(low)))
        var last = Int(ceil(log10(high)))
        if last == first { last += 1 }
        let decades = last - first
        // At most about 10 labelled decades; few decades get 2x and 5x ticks as well.
        let stride = max(1, Int((Double(decades) / 10).rounded(.up)))
        if decades % stride != 0 { last += stride - decades % stride }
        var ticks: [Double] = []
        for exponent in Swift.stride(from: first, through: last, by: stride) {
            ticks.append(powerOfTen(exponent))
            if decades <= 2 && exponent < last {
                ticks += [2, 5].map { decimal($0, exponent) }
            }
        }
        return (powerOfTen(first)...powerOfTen(last), ticks)
    }

    /// A tick step `mantissa x 10^exponent`, kept apart so multiples are computed without
    /// accumulating error (0.1 x 3 is 0.30000000000000004; "3e-1" is 0.3).
    struct Step {
        var mantissa: Int64
        var exponent: Int
        var value: Double { multiple(1) }

        func multiple(_ k: Int64) -> Double { decimal(k * mantissa, exponent) }
    }

    /// The 1, 2 or 5 times a power of ten closest to `x` (rounding) or at least `x` (not rounding),
    /// following Heckbert's `nicenum`.
    static func niceNumber(_ x: Double, rounding: Bool) -> Step {
        let exponent = Int(floor(log10(x)))
        let fraction = x / powerOfTen(exponent)
        let mantissa: Int64 = rounding
            ? (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10)
            : (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10)
        return mantissa == 10 ? Step(mantissa: 1, exponent: exponent + 1) : Step(mantissa: mantissa, exponent: exponent)
    }
}

/// 10^exponent, correctly rounded.
func powerOfTen(_ exponent: Int) -> Double { decimal(1, exponent) }

/// mantissa x 10^exponent as the nearest `Double`: decimal parsing rounds once, correctly, where
/// multiplying by a power of ten (itself rounded) can land one bit off.
func decimal(_ mantissa: Int64, _ exponent: Int) -> Double {
    Double("\(mantissa)e\(exponent)") ?? Double(mantissa) * pow(10, Double(exponent))
}
