/// Why a fit cannot be made.
public enum CalibrationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer usable measurements than parameters.
    case tooFewMeasurements(Int)
    /// A measurement has a time that is not positive and finite, so it cannot be weighted.
    case invalidTime(label: String, seconds: Double)
    /// The measurements cannot tell the parameters apart (e.g. only all-reduce, where bytes moved and
    /// bytes reduced grow together): add an operation without reductions, such as all-gather.
    case indistinguishable(String)

    public var description: String {
        switch self {
        case .tooFewMeasurements(let n): "need at least 3 measurements to fit alpha, beta and gamma, got \(n)"
        case .invalidTime(let label, let seconds): "measurement '\(label)' has time \(seconds) s; times must be positive"
        case .indistinguishable(let why): "the measurements cannot separate the parameters: \(why)"
        }
    }
}
