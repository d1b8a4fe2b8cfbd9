import Collectives

/// A rank's input and output buffers, filled with `VerificationPattern` data and set to the state
/// `Schedule` documents for the start of step 0.
///
/// Before step 0 the output holds the rank's input for the reducing operations, broadcast's root and
/// send/receive's source; its own segment for all-gather and all-to-all (the local copy every MPI
/// all-to-all makes); and nothing else (`VerificationPattern.unwritten`).
final class RankBuffers {
    let input: RankBuffer
    let output: RankBuffer

    init(op: CollectiveOp, rank: Int, count: Int, type: ElementType, segments: Segments) {
        input = RankBuffer(type: type, count: count)
        output = RankBuffer(type: type, count: count)
        reset(op: op, rank: rank, segments: segments)
    }

    /// Fills the input with the rank's pattern and the output with its step-0 state.
    /// - Complexity: O(count).
    func reset(op: CollectiveOp, rank: Int, segments: Segments) {
        let count = input.count
        for i in 0..<count { input.store(VerificationPattern.input(rank: rank, index: i), at: i) }
        let all = 0..<count
        let kept: [Range<Int>]
        switch op {
        case .allReduce, .reduceScatter, .reduce: kept = [all]
        case .broadcast(let root): kept = rank == root ? [all] : []
        case .sendReceive(let source, _): kept = rank == source ? [all] : []
        case .allGather, .allToAll: kept = segments.runs(of: rank)
        }
        for i in all { output.store(VerificationPattern.unwritten, at: i) }
        for run in kept { output.copy(run, from: input) }
    }

    /// The buffer a transfer reads.
    func buffer(_ kind: BufferKind) -> RankBuffer { kind == .input ? input : output }
}
