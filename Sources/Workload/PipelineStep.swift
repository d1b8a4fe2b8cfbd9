/// One forward or backward pass of one microbatch through one model chunk of a pipeline stage.
public struct PipelineStep: Hashable, Sendable, CustomStringConvertible {
    public var microbatch: Int
    /// The model chunk on this stage (always 0 unless the schedule is interleaved).
    public var chunk: Int
    public var isForward: Bool

    public init(microbatch: Int, chunk: Int = 0, isForward: Bool) {
        self.microbatch = microbatch
        self.chunk = chunk
        self.isForward = isForward
    }

    /// `F3` or `B3`, with the chunk appended when it is not 0 (`F3.1`).
    public var description: String {
        (isForward ? "F" : "B") + "\(microbatch)" + (chunk == 0 ? "" : ".\(chunk)")
    }
}

extension ParallelPlan.Schedule {
    /// The order in which `stage` (0-based, of `stages`) runs its passes over `microbatches`
    /// microbatches.
    ///
    /// - GPipe: every forward in microbatch order, then every backward in reverse order, so the last
    ///   stage starts backward on the microbatch it has just finished.
    /// - 1F1B: `min(stages - stage - 1, m)` warm-up forwards, then alternate one forward and one
    ///   backward, then the remaining backwards (Narayanan et al. SC21 Fig. 4, top).
    /// - Interleaved with v chunks: Megatron-LM's `forward_backward_pipelining_with_interleaving`:
    ///   `(stages - stage - 1) x 2 + (v - 1) x stages` warm-up forwards; the k-th forward runs chunk
    ///   `(k mod (stages v)) / stages` of microbatch `(k / (stages v)) stages + k mod stages`, the k-th
    ///   backward the same microbatch on chunk `v - 1 - (k mod (stages v)) / stages`. Needs m to be a
    ///   multiple of `stages`.
    ///
    /// - Complexity: O(m v).
    public func order(stage: Int, stages: Int, microbatches m: Int) -> [PipelineStep] {
        precondition((0..<stages).contains(stage), "stage \(stage) is not in 0..<\(stages)")
        switch self {
        case .gpipe:
            return (0..<m).map { PipelineStep(microbatch: $0, isForward: true) }
                + (0..<m).reversed().map { PipelineStep(microbatch: $0, isForward: false) }
        case .oneForwardOneBackward:
            let warmup = min(stages - stage - 1, m)
            return Self.interleave(total: m, warmup: warmup) { k, forward in
                PipelineStep(microbatch: k, isForward: forward)
            }
        case .interleaved(let v):
            precondition(m % stages == 0, "interleaving needs microbatches \(m) to be a multiple of stages \(stages)")
            let total = m * v
            let warmup = m == stages ? total : min((stages - stage - 1) * 2 + (v - 1) * stages, total)
            return Self.interleave(total: total, warmup: warmup) { k, forward in
                let group = k % (stages * v)
                let microbatch = (k / (stages * v)) * stages + k % stages
                let chunk = forward ? group / stages : v - 1 - group / stages
                return PipelineStep(microbatch: microbatch, chunk: chunk, isForward: forward)
            }
        }
    }

    /// Warm-up forwards, then one forward and one backward at a time, then the remaining backwards;
    /// `step(k, isForward)` names the k-th forward or backward.
    private static func interleave(total: Int, warmup: Int, step: (Int, Bool) -> PipelineStep) -> [PipelineStep] {
        var steps = (0..<warmup).map { step($0, true) }
        steps.reserveCapacity(2 * total)
        for k in 0..<(total - warmup) {
            steps.append(step(warmup + k, true))
            steps.append(step(k, false))
        }
        for k in (total - warmup)..<total {
            steps.append(step(k, false))
        }
        return steps
    }
}
