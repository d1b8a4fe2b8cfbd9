/// Rabenseifner's algorithm: a recursive-halving reduce-scatter followed by a recursive-doubling
/// all-gather (Thakur, Rabenseifner & Gropp, IJHPCA 2005, sec. 4.1; Rabenseifner 2004).
///
/// Costs, n bytes per rank:
/// - all-reduce, p a power of two: `2 lg p alpha + 2((p-1)/p) n beta + ((p-1)/p) n gamma`; other p
///   (MPICH's fold, `PowerOfTwoFold`): `(2 floor(lg p) + 2) alpha + (2(p-1)/p + 2) n beta + n (1 + (p-1)/p) gamma`
///   (the buffer is cut into p' = 2^floor(lg p) pieces, as in MPICH);
/// - reduce-scatter (recursive halving): `lg p alpha + ((p-1)/p) n beta + ((p-1)/p) n gamma`, plus a
///   fold step of n and a return step of n/p for other p;
/// - all-gather: the recursive-doubling all-gather, the algorithm's second half (same schedule as
///   `RecursiveDoubling`'s).
///
/// Rank r ends reduce-scatter with segment r because the halving runs from the largest distance down.
///
/// Chunks: each chunk (a contiguous run of segments) runs the whole algorithm, chunk j starting j steps
/// after chunk 0 (`Pipeline.staggered`).
enum Rabenseifner {
    static func schedule(_ op: CollectiveOp, ranks: Int, count: Int, elementSize: Int, chunks: Int) -> Schedule {
        let name = CollectiveAlgorithm.rabenseifner.rawValue
        switch op {
        case .allReduce:
            let fold = PowerOfTwoFold(ranks: ranks, segmentPerRank: false)
            let steps = Pipeline.staggered(chunks: chunks) { chunk in
                let base = chunk * fold.survivors
                return fold.reducingFold(base: base) + fold.halving(base: base) + fold.doubling(base: base)
                    + fold.returningUnfold(base: base, exceptOwn: false)
            }
            return Schedule(op: op, ranks: ranks, count: count, elementSize: elementSize,
                            layout: BlockLayout(count: count, blockCount: chunks * fold.survivors),
                            algorithm: name, explicitSteps: steps)
        case .reduceScatter:
            let fold = PowerOfTwoFold(ranks: ranks, segmentPerRank: true)
            let steps = Pipeline.staggered(chunks: chunks) { chunk in
                let base = chunk * ranks
                return fold.reducingFold(base: base) + fold.halving(base: base) + fold.scatteringUnfold(base: base)
            }
            return Schedule(op: op, ranks: ranks, count: count, elementSize: elementSize,
                            layout: .segmented(count: count, ranks: ranks, chunks: chunks), algorithm: name, explicitSteps: steps)
        case .allGather:
            let fold = PowerOfTwoFold(ranks: ranks, segmentPerRank: true)
            let steps = Pipeline.staggered(chunks: chunks) { chunk in RecursiveDoubling.allGather(fold, base: chunk * ranks) }
            return Schedule(op: op, ranks: ranks, count: count, elementSize: elementSize,
                            layout: .segmented(count: count, ranks: ranks, chunks: chunks), algorithm: name, explicitSteps: steps)
        default:
            preconditionFailure("\(name) does not implement \(op)")
        }
    }
}
