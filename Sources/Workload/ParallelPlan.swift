import Collectives
import Topology

/// How a training iteration is spread over ranks: data, tensor and pipeline parallel sizes, the
/// batch, the pipeline schedule and the memory-saving options.
///
/// Names follow Narayanan et al. (SC21): t tensor, p pipeline, d data-parallel size, b microbatch
/// size, B global batch, m = B / (b d) microbatches per pipeline flush.
public struct ParallelPlan: Hashable, Sendable {
    /// The order of a pipeline stage's forward and backward passes.
    public enum Schedule: Hashable, Sendable {
        /// All forwards, then all backwards (Huang et al., GPipe, NeurIPS 2019).
        case gpipe
        /// One forward, one backward after a warm-up of p - stage - 1 forwards (PipeDream-Flush;
        /// Narayanan et al., ICML 2021).
        case oneForwardOneBackward
        /// 1F1B over `chunks` model chunks per stage, each a contiguous run of layers (Narayanan et al.
        /// SC21 Sec. 2.2.2); the bubble shrinks by the number of chunks.
        case interleaved(chunks: Int)

        /// Model chunks per stage: v for the interleaved schedule, 1 otherwise.
        public var chunks: Int {
            if case .interleaved(let v) = self { return v }
            return 1
        }
    }

    /// Which activations are stored and which recomputed in the backward pass (Korthikanti et al.).
    public enum Recomputation: String, CaseIterable, Hashable, Sendable {
        case none, selective, full
    }

    /// How finely tensor-parallel collectives are written into the task graph.
    public enum TensorCollectives: String, CaseIterable, Hashable, Sendable {
        /// Two per layer and direction, as Megatron-LM issues them (the faithful default).
        case perLayer = "per-layer"
        /// One per pass of a chunk, carrying the same bytes: the graph shrinks by a factor of about four
        /// times the layers per chunk, at the price of the per-message latency terms and of the timing
        /// of tensor traffic within a pass. For very large runs, where the graph would not fit in memory.
        case perPass = "per-pass"
    }

    /// How (tensor, data, pipeline) coordinates map to global ranks.
    public enum Placement: String, CaseIterable, Hashable, Sendable {
        /// Megatron-LM's order: `rank = tp + t (dp + d pp)`, so a tensor-parallel group sits in one node
        /// (consecutive ranks) and pipeline stages are farthest apart.
        case tensorDataPipeline = "tp-dp-pp"
        /// `rank = tp + t (pp + p dp)`: a model replica's stages on consecutive ranks.
        case tensorPipelineData = "tp-pp-dp"
    }

    public var tensor: Int
    public var pipeline: Int
    public var data: Int
    /// Sequences per microbatch (b).
    public var microbatchSize: Int
    /// Sequences (or samples) per iteration over all data-parallel replicas (B).
    public var globalBatch: Int
    public var schedule: Schedule
    public var sequenceParallel: Bool
    /// ZeRO stage 0 (none) to 3 (Rajbhandari et al., SC20).
    public var zeroStage: Int
    public var recomputation: Recomputation
    /// Gradients are reduced in buckets of this size (PyTorch DDP's default is 25 MiB).
    public var gradientBucket: ByteCount
    /// Whether a bucket's reduction starts as soon as its gradients are ready, overlapping backward.
    public var overlapGradientReduction: Bool
    public var placement: Placement
    /// The algorithm that carries out every collective (all-to-all falls back to `direct` when the
    /// algorithm has no all-to-all schedule).
    public var algorithm: CollectiveAlgorithm
    public var tensorCollectives: TensorCollectives
    /// Megatron-LM's scatter/gather optimisation of pipeline messages (Narayanan et al. SC21 Sec. 4.1):
    /// each tensor-parallel rank sends only its 1/t of an activation and the receiving stage all-gathers
    /// the pieces over its (fast, in-node) tensor group. Without sequence parallelism only; with it
    /// activations are split t ways already.
    public var scatterGather: Bool

    public init(tensor: Int = 1, pipeline: Int = 1, data: Int = 1, microbatchSize: Int = 1, globalBatch: Int,
                schedule: Schedule = .oneForwardOneBackward, sequenceParallel: Bool = false, zeroStage: Int = 0,
                recomputation: Recomputation = .none, gradientBucket: ByteCount = .mebibytes(25),
                overlapGradientReduction: Bool = true, placement: Placement = .tensorDataPipeline,
                algorithm: CollectiveAlgorithm = .ring, tensorCollectives: TensorCollectives = .perLayer,
                scatterGather: Bool = true) {
        precondition(tensor >= 1 && pipeline >= 1 && data >= 1, "parallel sizes t \(tensor), p \(pipeline), d \(data) must be at least 1")
        precondition(microbatchSize >= 1 && globalBatch >= 1, "microbatch \(microbatchSize) and global batch \(globalBatch) must be at least 1")
        precondition((0...3).contains(zeroStage), "ZeRO stage \(zeroStage) is not 0 to 3")
        precondition(schedule.chunks >= 1, "interleaving needs at least 1 chunk, not \(schedule.chunks)")
        self.tensor = tensor
        self.pipeline = pipeline
        self.data = data
        self.microbatchSize = microbatchSize
        self.globalBatch = globalBatch
        self.schedule = schedule
        self.sequenceParallel = sequenceParallel
        self.zeroStage = zeroStage
        self.recomputation = recomputation
        self.gradientBucket = gradientBucket
        self.overlapGradientReduction = overlapGradientReduction
        self.placement = placement
        self.algorithm = algorithm
        self.tensorCollectives = tensorCollectives
        self.scatterGather = scatterGather
    }

    /// t p d.
    public var ranks: Int { tensor * pipeline * data }

    /// Microbatches per pipeline flush: m = B / (b d).
    public var microbatches: Int { globalBatch / (microbatchSize * data) }

    /// The fraction of ideal time the pipeline spends idle: (p - 1) / m for GPipe and 1F1B,
    /// (p - 1) / (v m) interleaved (Narayanan et al. SC21 Sec. 2.2).
    public var bubbleFraction: Double {
        Double(pipeline - 1) / (Double(schedule.chunks) * Double(microbatches))
    }

    /// The global rank at tensor index `tp`, data index `dp`, pipeline index `pp`.
    public func rank(tp: Int, dp: Int, pp: Int) -> Int {
        switch placement {
        case .tensorDataPipeline: tp + tensor * (dp + data * pp)
        case .tensorPipelineData: tp + tensor * (pp + pipeline * dp)
        }
    }

    /// The (tensor, data, pipeline) coordinates of a global rank; the inverse of `rank(tp:dp:pp:)`.
    public func coordinates(of rank: Int) -> (tp: Int, dp: Int, pp: Int) {
        let tp = rank % tensor, rest = rank / tensor
        switch placement {
        case .tensorDataPipeline: return (tp, rest % data, rest / data)
        case .tensorPipelineData: return (tp, rest / pipeline, rest % pipeline)
        }
    }
}
