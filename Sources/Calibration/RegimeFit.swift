import Foundation

/// A piecewise alpha-beta-gamma fit: the measured message sizes split into contiguous ranges
/// (regimes), each with its own `CostFit`, the split chosen to minimise the total squared relative
/// error.
///
/// Why: a transport changes protocol and memory behaviour with the message size (Open MPI's shared
/// memory path switches from eager to rendezvous at 4 KiB; buffers that leave the last-level cache
/// move several times slower), so one line leaves errors of 30% and more at both ends. SimGrid's
/// calibration fits such ranges too (piecewise `smpi/lat-factor` and `smpi/bw-factor`; Degomme et
/// al., IEEE TPDS 2017).
///
/// Every observation carries the size of its messages (`Observation.messageBytes`; a ring's are all
/// alike). For each number of regimes up to `maximumRegimes` the best split is found exactly by
/// dynamic programming over the distinct sizes (Bellman, "On the approximation of curves by line
/// segments using dynamic programming", CACM 4(6), 1961). Among those the one with the smallest
/// Bayesian information criterion, `n ln(SSE / n) + k ln n` for `k` parameters (Schwarz 1978), wins,
/// so a regime is only added when it explains much more than its three parameters could by chance.
///
///     let fit = try RegimeFit(observations, maximumRegimes: 4)
///     fit.regimes.map(\.from)     // e.g. [0, 5792, 2965820]: eager, cache-resident, DRAM
///
/// - Complexity: O(K m^2) segment fits of O(n) each, for m distinct sizes, n observations, K regimes.
public struct RegimeFit: Sendable {
    /// One range of message sizes and the fit of the observations in it.
    public struct Regime: Sendable {
        /// The smallest message size the regime prices: 0 for the first, else the geometric mean of
        /// the largest size measured in the regime before and the smallest measured in this one.
        public var from: Int64
        public var fit: CostFit
    }

    public let regimes: [Regime]
    /// Every observation, by increasing message size.
    public let observations: [Observation]
    /// `(predicted - measured) / measured` of each observation under its regime's model, in order.
    public let relativeResiduals: [Double]

    /// - Parameter minimumSizes: the fewest distinct message sizes a regime may hold (2 lets a
    ///   regime's beta be told from its alpha).
    /// - Throws: `CalibrationError` when not even a single regime can be fitted.
    public init(_ observations: [Observation], maximumRegimes: Int = 4, minimumSizes: Int = 2) throws(CalibrationError) {
        precondition(maximumRegimes >= 1 && minimumSizes >= 1,
                     "need at least one regime of at least one size, got \(maximumRegimes) and \(minimumSizes)")
        guard observations.count >= 3 else { throw .tooFewMeasurements(observations.count) }
        let sorted = observations.sorted { ($0.messageBytes, $0.label) < ($1.messageBytes, $1.label) }
        let sizes = sorted.map(\.messageBytes).uniqued()
        // groups[i]: the observations with the i-th distinct size, as a range of `sorted`.
        var groups: [Range<Int>] = []
        var start = 0
        for size in sizes {
            let end = sorted[start...].firstIndex { $0.messageBytes != size } ?? sorted.count
            groups.append(start..<end)
            start = end
        }
        let m = sizes.count
        // fits[i][j]: the fit of sizes i..<j, or nil when it cannot be made.
        var fits = [[CostFit?]](repeating: [CostFit?](repeating: nil, count: m + 1), count: m + 1)
        for i in 0..<m where i + minimumSizes <= m {
            for j in (i + minimumSizes)...m {
                fits[i][j] = try? CostFit(Array(sorted[groups[i].lowerBound..<groups[j - 1].upperBound]))
            }
        }
        func cost(_ i: Int, _ j: Int) -> Double? { fits[i][j].map { $0.relativeResiduals.reduce(0) { $0 + $1 * $1 } } }

        // best[k][j]: the least error of sizes 0..<j in k regimes, and where its last regime starts.
        var best = [[(error: Double, start: Int)?]](repeating: [(error: Double, start: Int)?](repeating: nil, count: m + 1),
                                                      count: maximumRegimes + 1)
        best[0][0] = (0, 0)
        for k in 1...maximumRegimes {
            for j in 1...m {
                for i in 0..<j {
                    guard let before = best[k - 1][i], let segment = cost(i, j) else { continue }
                    if best[k][j].map({ before.error + segment < $0.error }) ?? true { best[k][j] = (before.error + segment, i) }
                }
            }
        }
        let n = Double(sorted.count)
        var chosen: (criterion: Double, k: Int)?
        for k in 1...maximumRegimes {
            guard let total = best[k][m]?.error else { continue }
            let parameters = Double(3 * k + (k - 1))
            let criterion = n * log(max(total, 1e-300) / n) + parameters * log(n)
            if chosen.map({ criterion < $0.criterion }) ?? true { chosen = (criterion, k) }
        }
        if let k = chosen?.k {
            var bounds: [(Int, Int)] = []
            var j = m
            for level in stride(from: k, to: 0, by: -1) {
                guard let entry = best[level][j] else { break }
                bounds.append((entry.start, j))
                j = entry.start
            }
            regimes = bounds.reversed().compactMap { i, j in
                guard let fit = fits[i][j] else { return nil }
                let from = i == 0 ? 0 : Int64((Double(sizes[i - 1]) * Double(sizes[i])).squareRoot().rounded())
                return Regime(from: from, fit: fit)
            }
        } else {
            // Fewer distinct sizes than a regime needs: one fit of everything, which says why if it
            // cannot be made either.
            regimes = [Regime(from: 0, fit: try CostFit(sorted))]
        }
        self.observations = regimes.flatMap(\.fit.measurements)
        relativeResiduals = regimes.flatMap(\.fit.relativeResiduals)
    }

    /// The regime that prices messages of `bytes`.
    public func regime(for bytes: Int64) -> Regime { regimes.last { $0.from <= bytes } ?? regimes[0] }

    /// The median of the absolute relative residuals.
    public var medianAbsoluteError: Double { median(relativeResiduals.map(abs)) }
}

private extension Array where Element: Equatable {
    /// The elements without adjacent repeats (all repeats, for a sorted array).
    func uniqued() -> [Element] {
        var result: [Element] = []
        for element in self where result.last != element { result.append(element) }
        return result
    }
}
