import Foundation

/// An ordinary least-squares fit of log10(value) on year: value = 10^(intercept + slope x year),
/// growing by the same factor every year.
///
/// This is the fit the seed paper's growth rates rest on ("AI and Memory Wall", Gholami et al., 2024;
/// `Data/memory-wall/trend_lines_and_regression.csv`). Years are centred on their mean before the sums
/// are taken, so four-digit years lose no precision.
///
///     let fit = try LogLinearFit([(2000, 1), (2002, 3), (2004, 9)])
///     fit.growth(overYears: 2)   // 3.0
public struct LogLinearFit: Sendable, Equatable {
    /// Points fitted.
    public let count: Int
    /// Change of log10(value) per year.
    public let slope: Double
    /// log10(value) at year 0 (an extrapolation; use `value(atYear:)` for anything meaningful).
    public let intercept: Double
    /// Coefficient of determination of the fit in log space: 1 - SS_res / SS_tot (1 when every value
    /// is the same).
    public let rSquared: Double
    public let firstYear: Double
    public let lastYear: Double

    /// Fits `points` (year, value); every value must be positive and the years must not all be equal.
    /// - Complexity: O(n).
    public init(_ points: [(year: Double, value: Double)]) throws(TrendError) {
        guard points.count >= 2 else { throw .tooFewPoints(count: points.count) }
        if let bad = points.first(where: { !($0.value > 0) || !$0.value.isFinite }) {
            throw .notPositive(year: bad.year, value: bad.value)
        }
        let n = Double(points.count)
        let years = points.map(\.year)
        let logs = points.map { log10($0.value) }
        let meanYear = years.reduce(0, +) / n
        let meanLog = logs.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for (year, y) in zip(years, logs) {
            let (dx, dy) = (year - meanYear, y - meanLog)
            sxx += dx * dx
            sxy += dx * dy
            syy += dy * dy
        }
        guard sxx > 0 else { throw .noSpreadInYears(year: meanYear) }
        count = points.count
        slope = sxy / sxx
        intercept = meanLog - slope * meanYear
        // SS_res = syy - slope * sxy for a least-squares line; clamp the rounding below zero.
        rSquared = syy > 0 ? min(1, max(0, slope * sxy / syy)) : 1
        firstYear = years.min() ?? meanYear
        lastYear = years.max() ?? meanYear
    }

    /// The factor the fitted value grows by over `years` years (3.0 means "3x").
    public func growth(overYears years: Double) -> Double { pow(10, slope * years) }

    /// The fitted value at a (decimal) year.
    public func value(atYear year: Double) -> Double { pow(10, intercept + slope * year) }
}
