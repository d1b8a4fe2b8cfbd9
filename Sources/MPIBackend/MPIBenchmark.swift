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

    /// How a benchmark repeats a collective (nccl-tests' `-w`, `-n` and `-c`).
    public struct Repetitions: Hashable, Sendable {
        /// Untimed runs first, to fault in pages and warm the library's paths.
        public var warmup: Int
        /// Timed runs, back to back with no barrier between them, as in nccl-tests.
        public var iterations: Int
        /// Whether to run once more from fresh data after timing and count wrong elements.
        public var check: Bool
        /// Whether to read the clock after every run, for the median; otherwise only the total is
        /// timed (as a minimal C loop does) and the median is reported equal to the mean.
        public var timesEachRun: Bool

        public init(warmup: Int = 5, iterations: Int = 20, check: Bool = true, timesEachRun: Bool = false) {
            precondition(warmup >= 0 && iterations >= 1, "need warm-up >= 0 and iterations >= 1, got \(warmup), \(iterations)")
            self.warmup = warmup
            self.iterations = iterations
            self.check = check
            self.timesEachRun = timesEachRun
        }
    }
}
