import Collectives

/// The outcome of one measured collective: the record shared with the simulator, and its verification.
public struct MPIRun: Sendable {
    /// Per-rank finish times (from a barrier-synchronised start) and optional per-transfer timings;
    /// the same on every rank.
    public var record: ExecutionRecord
    /// Output elements, summed over all ranks, that differ from the exact result (nccl-tests' `#wrong`).
    public var wrongElements: Int

    public init(record: ExecutionRecord, wrongElements: Int) {
        self.record = record
        self.wrongElements = wrongElements
    }
}
