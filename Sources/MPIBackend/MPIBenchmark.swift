import Collectives
import SimKernel

/// The timing of one collective at one size, repeated: every rank's mean time per run, and the
/// verification of a separate checked run.
public struct MPIBenchmark: Sendable {
    /// `"native"` for the library's own collective, else the schedule's algorithm.
    public var algorithm: String
    public var op: CollectiveOp
    public var ranks: Int
    /// Elements per rank buffer (the gathered size for the rank-segmented operations).
    public var count: Int
    /// Bytes per rank buffer (nccl-tests' `size`).
    public var bytes: Int64
    /// Each rank's mean seconds per timed run, in rank order.
    public var secondsPerRank: [Double]
    /// Each rank's median seconds over its timed runs, in rank order.
    public var medianSecondsPerRank: [Double]
    /// Wrong output elements summed over ranks, or nil when the run was not checked.
    public var wrongElements: Int?

    public init(algorithm: String, op: CollectiveOp, ranks: Int, count: Int, bytes: Int64, secondsPerRank: [Double],
                medianSecondsPerRank: [Double], wrongElements: Int?) {
        self.algorithm = algorithm
        self.op = op
        self.ranks = ranks
        self.count = count
        self.bytes = bytes
        self.secondsPerRank = secondsPerRank
        self.medianSecondsPerRank = medianSecondsPerRank
        self.wrongElements = wrongElements
    }

    /// Per-rank times by `statistic`: each rank's mean or median per run.
    public func seconds(_ statistic: Statistic) -> [Double] {
        statistic == .mean ? secondsPerRank : medianSecondsPerRank
    }

    /// The fastest rank's, the average over ranks and the slowest rank's time per run.
    public func minimum(_ statistic: Statistic) -> SimDuration { .seconds(seconds(statistic).min() ?? 0) }
    public func average(_ statistic: Statistic) -> SimDuration {
        let values = seconds(statistic)
        return .seconds(values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count))
    }
    public func maximum(_ statistic: Statistic) -> SimDuration { .seconds(seconds(statistic).max() ?? 0) }

    /// How a rank sums up its timed runs.
    public enum Statistic: String, Sendable, CaseIterable {
        /// Total time over runs (nccl-tests' figure).
        case mean
        /// The middle run, robust to a rank being descheduled now and then.
        case median
    }
}
