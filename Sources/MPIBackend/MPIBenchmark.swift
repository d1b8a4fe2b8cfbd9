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
    /// Wrong output elements summed over ranks, or nil when the run was not checked.
    public var wrongElements: Int?

    public init(algorithm: String, op: CollectiveOp, ranks: Int, count: Int, bytes: Int64, secondsPerRank: [Double],
                wrongElements: Int?) {
        self.algorithm = algorithm
        self.op = op
        self.ranks = ranks
        self.count = count
        self.bytes = bytes
        self.secondsPerRank = secondsPerRank
        self.wrongElements = wrongElements
    }

    /// The fastest, mean and slowest rank's time per run.
    public var minimum: SimDuration { .seconds(secondsPerRank.min() ?? 0) }
    public var mean: SimDuration { .seconds(secondsPerRank.isEmpty ? 0 : secondsPerRank.reduce(0, +) / Double(secondsPerRank.count)) }
    public var maximum: SimDuration { .seconds(secondsPerRank.max() ?? 0) }
}
