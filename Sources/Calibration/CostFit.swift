/// A least-squares fit of `CostModel` to measurements, with its quality.
///
/// The fit minimises the squared *relative* residuals, `sum(((t_i - model_i) / t_i)^2)` (weighted least
/// squares with weights `1 / t_i^2`), so that an 8-byte message counts as much as a 64 MiB one and the
/// result is judged by the error % that `validate` reports. The parameters are kept non-negative: when
/// the unconstrained solution has a negative one (noise on a term that barely matters), that term is
/// fixed at 0 and the rest refitted (the active-set method of Lawson & Hanson, "Solving Least Squares
/// Problems", 1974, ch. 23, for three unknowns).
///
///     let fit = try CostFit(measurements)
///     fit.model.alpha, fit.rSquared, fit.relativeResiduals
public struct CostFit: Sendable {
    public let model: CostModel
    public let measurements: [Observation]
    /// `(predicted - measured) / measured` for each measurement, in order.
    public let relativeResiduals: [Double]
    /// The coefficient of determination of the times themselves: 1 - residual / total sum of squares.
    /// Large sizes dominate it, so read it with the relative residuals, which weigh every size alike.
    public let rSquared: Double
    /// Parameters the constraint fixed at 0, by name (`alpha`, `beta`, `gamma`).
    public let clamped: [String]

    /// - Complexity: O(measurements).
    public init(_ measurements: [Observation]) throws(CalibrationError) {
        guard measurements.count >= 3 else { throw .tooFewMeasurements(measurements.count) }
        for m in measurements where !(m.seconds > 0 && m.seconds.isFinite) {
            throw .invalidTime(label: m.label, seconds: m.seconds)
        }
        var free = [true, true, true]
        var theta = [0.0, 0.0, 0.0]
        // At most three passes: each fixes one more parameter at zero.
        for _ in 0..<3 {
            theta = try Self.solve(measurements, free: free)
            guard let negative = theta.indices.filter({ free[$0] && theta[$0] < 0 }).min(by: { theta[$0] < theta[$1] }) else {
                break
            }
            free[negative] = false
            guard free.contains(true) else { break }
        }
        theta = theta.indices.map { free[$0] ? max(theta[$0], 0) : 0 }
        let model = CostModel(alpha: theta[0], beta: theta[1], gamma: theta[2])
        self.model = model
        self.measurements = measurements
        relativeResiduals = measurements.map { (model.seconds(for: $0.features) - $0.seconds) / $0.seconds }
        rSquared = Self.rSquared(measurements, model)
        clamped = ["alpha", "beta", "gamma"].enumerated().filter { !free[$0.offset] }.map(\.element)
    }

    /// Normal equations of the weighted problem restricted to the `free` parameters, solved by
    /// Gaussian elimination with partial pivoting after scaling each column to unit size.
    private static func solve(_ measurements: [Observation], free: [Bool]) throws(CalibrationError) -> [Double] {
        let columns = free.indices.filter { free[$0] }
        // Rows of the scaled system: x_i / t_i against 1.
        let rows = measurements.map { m in columns.map { m.features.vector[$0] / m.seconds } }
        let scale = columns.indices.map { c in max(rows.map { abs($0[c]) }.max() ?? 0, .leastNormalMagnitude) }
        let n = columns.count
        var a = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n)
        for row in rows {
            let x = row.indices.map { row[$0] / scale[$0] }
            for i in 0..<n {
                for j in 0..<n { a[i][j] += x[i] * x[j] }
                a[i][n] += x[i]
            }
        }
        for pivot in 0..<n {
            guard let best = (pivot..<n).max(by: { abs(a[$0][pivot]) < abs(a[$1][pivot]) }),
                  abs(a[best][pivot]) > 1e-12 * Double(measurements.count) else {
                let names = ["messages (alpha)", "bytes (beta)", "reduced bytes (gamma)"]
                throw .indistinguishable("\(names[columns[pivot]]) is a combination of the other terms; "
                                         + "measure an operation without reductions (all-gather) beside all-reduce, over several sizes")
            }
            a.swapAt(pivot, best)
            for row in 0..<n where row != pivot {
                let factor = a[row][pivot] / a[pivot][pivot]
                for column in pivot...n { a[row][column] -= factor * a[pivot][column] }
            }
        }
        var theta = [0.0, 0.0, 0.0]
        for (i, column) in columns.enumerated() { theta[column] = a[i][n] / a[i][i] / scale[i] }
        return theta
    }

    private static func rSquared(_ measurements: [Observation], _ model: CostModel) -> Double {
        let mean = measurements.reduce(0.0) { $0 + $1.seconds } / Double(measurements.count)
        let total = measurements.reduce(0.0) { $0 + pow2($1.seconds - mean) }
        let residual = measurements.reduce(0.0) { $0 + pow2(model.seconds(for: $1.features) - $1.seconds) }
        return total > 0 ? 1 - residual / total : 1
    }

    /// The median of the absolute relative residuals.
    public var medianAbsoluteError: Double { median(relativeResiduals.map(abs)) }
}

private func pow2(_ x: Double) -> Double { x * x }

/// The median of `values` (the mean of the middle two for an even count); 0 when empty.
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
