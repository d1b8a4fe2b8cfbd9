/// Why a plot could not be drawn from the data it was given.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    /// The plot has no data point (or no bar) at all.
    case noData(plot: String)
    /// A value is infinite or not a number.
    case notFinite(series: String, value: Double)
    /// A value on a logarithmic axis is zero or negative.
    case notPositiveOnLogAxis(axis: String, series: String, value: Double)
    /// A stacked bar segment is negative, which stacking cannot show.
    case negativeSegment(bar: String, category: String, value: Double)

    public var description: String {
        switch self {
        case let .noData(plot): "plot '\(plot)' has no data to draw"
        case let .notFinite(series, value): "series '\(series)' has a value that is not finite (\(value))"
        case let .notPositiveOnLogAxis(axis, series, value):
            "series '\(series)' has \(value) on the logarithmic axis '\(axis)', which needs positive values"
        case let .negativeSegment(bar, category, value):
            "bar '\(bar)' has a negative '\(category)' segment (\(value)); stacked bars need values of zero or more"
        }
    }
}
