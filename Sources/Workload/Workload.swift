import Fabric

/// One training workload: a model, the accelerator every rank runs on, and the parallel plan.
///
/// It answers the analytic questions (parameters, FLOPs per iteration, memory per rank) and builds the
/// `TaskGraph` of one iteration that `IterationEngine` plays over a topology:
///
///     let plan = ParallelPlan(tensor: 8, pipeline: 12, data: 16, globalBatch: 1536, recomputation: .full)
///     let workload = Workload(model: .transformer(gpt3), accelerator: a100, plan: plan)
///     workload.validate(requestedRanks: 1536, topologyNPUs: 3072)   // [] when sound
///     workload.memory().verdict      // "fits: 36.1 GB of 80 GB on pipeline stage 0"
///     let graph = try workload.taskGraph()
public struct Workload: Hashable, Sendable {
    public var model: Model
    public var accelerator: Accelerator
    public var plan: ParallelPlan

    public init(model: Model, accelerator: Accelerator, plan: ParallelPlan) {
        self.model = model
        self.accelerator = accelerator
        self.plan = plan
    }

    /// Model and hardware FLOPs of one iteration over all ranks.
    public struct FLOPCount: Hashable, Sendable {
        /// Matrix-multiplication FLOPs of forward and backward (3x forward), the numerator of model
        /// FLOPs utilisation (Korthikanti et al. eq. 7; Chowdhery et al., PaLM, App. B).
        public var model: Double
        /// Model FLOPs plus the forward work recomputation repeats (Narayanan et al. eq. 3 with full
        /// recomputation).
        public var hardware: Double
    }

    /// FLOPs of one iteration. For a GPT-shaped transformer with full recomputation `hardware` is
    /// Narayanan et al. eq. 3, `96 B s l h^2 (1 + s/(6h) + V/(16 l h))`, and `model` the 72 variant.
    public var flopsPerIteration: FLOPCount {
        let batch = plan.globalBatch
        switch model {
        case .transformer(let m):
            let whole = TransformerModel.Slice(microbatch: batch, tensor: 1)
            let layer = (m.attentionOperations(whole) + m.mlpOperations(whole)).matmulFLOPs
            let output = m.outputOperations(whole).matmulFLOPs
            let modelFLOPs = 3 * (Double(m.layers) * layer + output)
            let recomputed: Double = switch plan.recomputation {
            case .none: 0
            case .selective: Double(m.layers) * m.coreAttentionOperations(whole).matmulFLOPs
            case .full: Double(m.layers) * layer
            }
            return FLOPCount(model: modelFLOPs, hardware: modelFLOPs + recomputed)
        case .recommender(let m):
            let shapes = m.mlpShapes
            let forward = (m.mlpOperations(shapes.bottom, batch: batch, prefix: "bottom")
                + m.mlpOperations(shapes.top, batch: batch, prefix: "top") + [m.interactionOperation(batch: batch)]).matmulFLOPs
            return FLOPCount(model: 3 * forward, hardware: 3 * forward)
        case .convNet(let m):
            let forward = m.forwardFLOPs * Double(batch)
            return FLOPCount(model: 3 * forward, hardware: 3 * forward)
        }
    }

    /// Model FLOPs utilisation for an iteration that took `seconds`: model FLOPs over the peak of
    /// every rank for that time.
    public func modelFLOPsUtilisation(iterationSeconds seconds: Double) -> Double {
        flopsPerIteration.model / (seconds * Double(plan.ranks) * accelerator.peakBF16.flopsPerSecond)
    }

    /// Tokens (transformers) or samples per iteration.
    public var itemsPerIteration: Double {
        if case .transformer(let m) = model { return Double(plan.globalBatch) * Double(m.sequenceLength) }
        return Double(plan.globalBatch)
    }

    /// The task graph of one iteration, per rank: compute, tensor-parallel collectives, pipeline sends
    /// and receives, data-parallel gradient buckets, ZeRO gathers and the optimizer step.
    ///
    /// Call `validate` first: the builder assumes a sound plan.
    /// - Complexity: O(ranks x microbatches x layers per stage) tasks.
    public func taskGraph() throws -> TaskGraph {
        switch model {
        case .transformer(let m):
            return try TransformerIteration(model: m, plan: plan, accelerator: accelerator).build()
        case .recommender(let m):
            return try RecommenderIteration(model: m, plan: plan, accelerator: accelerator).build()
        case .convNet(let m):
            return try ConvNetIteration(model: m, plan: plan, accelerator: accelerator).build()
        }
    }
}
