import Collectives

/// A rank's input and output buffers, filled with `VerificationPattern` data and set to the state
/// `Schedule` documents for the start of step 0.
///
/// Before step 0 the output holds the rank's input for the reducing operations and for broadcast's
/// root, its own segment for all-gather, and nothing else (`VerificationPattern.unwritten`).
final class RankBuffers {
    let input: RankBuffer
    let output: RankBuffer

    init(op: CollectiveOp, rank: Int, count: Int, type: ElementType, segments: Segments) {
        input = RankBuffer(type: type, count: count)
        output = RankBuffer(type: type, count: count)
        for i in 0..<count { input.store(VerificationPattern.input(rank: rank, index: i), at: i) }
        let all = 0..<count
        let kept: Range<Int>
        switch op {
        case .allReduce, .reduceScatter, .reduce: kept = all
        case .broadcast(let root): kept = rank == root ? all : 0..<0
        case .allGather: kept = segments.elements(of: rank)
        case .allToAll, .sendReceive: kept = 0..<0
        }
        for i in all where !kept.contains(i) { output.store(VerificationPattern.unwritten, at: i) }
        output.copy(kept, from: input)
    }

    /// The buffer a transfer reads.
    func buffer(_ kind: BufferKind) -> RankBuffer { kind == .input ? input : output }
}
