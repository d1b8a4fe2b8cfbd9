extension Workload {
    /// The share of a layer's roofline time spent in memory-bound operations (those whose bytes take
    /// longer than their FLOPs on this accelerator): the part of compute that grows with DRAM
    /// bandwidth rather than with peak FLOPS when hardware is projected forward.
    ///
    /// Computed over one transformer layer's forward operations for the plan's slice (backward and
    /// recomputation repeat the same mix); other models report 0, since their memory-bound share is not
    /// modelled separately.
    public var memoryBoundShare: Double {
        guard case .transformer(let model) = model else { return 0 }
        let slice = TransformerModel.Slice(microbatch: plan.microbatchSize, tensor: plan.tensor,
                                           sequenceParallel: plan.sequenceParallel)
        let operations = model.attentionOperations(slice) + model.mlpOperations(slice)
        var memoryBound = 0.0, total = 0.0
        for operation in operations {
            let seconds = accelerator.seconds(for: operation)
            total += seconds
            let rate = operation.isMatmul ? accelerator.matmulRate.flopsPerSecond : accelerator.peakVector.flopsPerSecond
            if operation.bytes / accelerator.memoryBytesPerSecond > operation.flops / rate { memoryBound += seconds }
        }
        return total > 0 ? memoryBound / total : 0
    }
}
