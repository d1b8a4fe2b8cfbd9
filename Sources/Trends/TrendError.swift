/// Why trend data could not be read, fitted or projected.
public enum TrendError: Error, Equatable, CustomStringConvertible {
    /// A data file does not have the expected shape; `row` counts from 1 at the header.
    case malformedData(file: String, row: Int, reason: String)
    /// A fit needs at least two points.
    case tooFewPoints(count: Int)
    /// A log-linear fit needs positive values.
    case notPositive(year: Double, value: Double)
    /// Every point has the same year, so no slope can be fitted.
    case noSpreadInYears(year: Double)
    /// A `--rates` list could not be read.
    case invalidRates(text: String, reason: String)

    public var description: String {
        switch self {
        case let .malformedData(file, row, reason): "\(file): row \(row): \(reason)"
        case let .tooFewPoints(count): "a trend fit needs at least 2 points, got \(count)"
        case let .notPositive(year, value): "a log-linear fit needs positive values, got \(value) at year \(year)"
        case let .noSpreadInYears(year): "every point is at year \(year), so no growth rate can be fitted"
        case let .invalidRates(text, reason): "cannot read rates '\(text)': \(reason)"
        }
    }
}
