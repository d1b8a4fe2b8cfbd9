/// Deriving a workload for another cluster size or another split of the same ranks, as a scaling study
/// or a comparison of plans needs.
extension Workload {
    /// What stays fixed as the number of ranks changes.
    public enum Scaling: String, CaseIterable, Hashable, Sendable {
        /// The batch per rank stays the same, so the global batch grows with the ranks (Gustafson's
        /// weak scaling): each data-parallel replica keeps its microbatches.
        case weak
        /// The global batch stays the same and is split over more data-parallel replicas (Amdahl's
        /// strong scaling): each replica gets fewer microbatches, so the pipeline bubble grows.
        case strong
    }

    /// The same model and accelerator on `ranks` ranks, with tensor size `tensor` and pipeline size
    /// `pipeline` (nil keeps the current ones) and data parallelism taking up the rest.
    ///
    /// Weak scaling sets the global batch to `B ranks / ranks_now`, strong scaling keeps `B`. Every other
    /// setting of the plan (microbatch size, schedule, ZeRO stage, buckets, placement) carries over.
    /// The result is not validated beyond the split of ranks and batch: call `validate` on it for the
    /// model's constraints (layers per stage, heads per tensor rank, microbatches).
    ///
    ///     let plan = ParallelPlan(tensor: 8, pipeline: 8, data: 2, globalBatch: 512)
    ///     let bigger = try workload.scaled(toRanks: 512, tensor: 8, pipeline: 8, scaling: .weak)
    ///     bigger.plan.data          // 8
    ///     bigger.plan.globalBatch   // 2048
    ///
    /// - Throws: a `WorkloadIssue` of kind `.rankProduct` when `ranks` is not a multiple of
    ///   `tensor x pipeline`, or `.batchNotDivisible` when weak scaling would need a fractional batch.
    public func scaled(toRanks ranks: Int, tensor: Int? = nil, pipeline: Int? = nil, scaling: Scaling) throws(WorkloadIssue) -> Workload {
        let t = tensor ?? plan.tensor, p = pipeline ?? plan.pipeline
        guard ranks >= 1, t >= 1, p >= 1 else {
            throw WorkloadIssue(.rankProduct, key: "parallel.ranks",
                                "\(ranks) ranks with tensor \(t) and pipeline \(p): every size must be at least 1")
        }
        guard ranks % (t * p) == 0 else {
            throw WorkloadIssue(.rankProduct, key: "parallel.ranks",
                                "\(ranks) ranks do not split into tensor x pipeline = \(t) x \(p) = \(t * p) "
                                    + "(\(ranks) mod \(t * p) = \(ranks % (t * p)))",
                                expected: "a rank count that is a multiple of \(t * p)")
        }
        var scaled = self
        scaled.plan.tensor = t
        scaled.plan.pipeline = p
        scaled.plan.data = ranks / (t * p)
        if scaling == .weak {
            // Multiply before dividing: the product is exact whenever the new batch is a whole number.
            let grown = plan.globalBatch.multipliedReportingOverflow(by: ranks)
            guard !grown.overflow, grown.partialValue % plan.ranks == 0 else {
                throw WorkloadIssue(.batchNotDivisible, key: "parallel.global-batch",
                                    "weak scaling from \(plan.ranks) to \(ranks) ranks needs a global batch of "
                                        + "\(plan.globalBatch) x \(ranks) / \(plan.ranks), not a whole number",
                                    expected: "rank counts whose ratio to \(plan.ranks) keeps the batch whole")
            }
            scaled.plan.globalBatch = grown.partialValue / plan.ranks
        }
        return scaled
    }
}
