/// Recursive doubling: at distances 1, 2, 4, ... rank pairs exchange everything they have, so after
/// lg p steps every rank has everything (Thakur, Rabenseifner & Gropp, IJHPCA 2005).
///
/// Costs, p a power of two, n bytes per rank:
/// - all-reduce (whole buffer reduced at every step): `lg p (alpha + n beta + n gamma)`;
/// - all-gather (the exchanged part doubles each step): `lg p alpha + ((p-1)/p) n beta`.
///
/// Other p use MPICH's fold (`PowerOfTwoFold`): one extra step before and one after, each moving the
/// whole buffer, so all-reduce costs `(floor(lg p) + 2) alpha + (floor(lg p) + 2) n beta`.
///
/// Chunks: the buffer is cut into `chunks` pieces, each running the whole algorithm, and chunk j
/// starts j steps after chunk 0 (`Pipeline.staggered`), so a rank talks to several partners in one
/// step. This adds `chunks - 1` steps and lets executors overlap the exchanges.
enum RecursiveDoubling {
    static func schedule(_ op: CollectiveOp, ranks: Int, count: Int, elementSize: Int, chunks: Int) -> Schedule {
        let name = CollectiveAlgorithm.recursiveDoubling.rawValue
        switch op {
        case .allReduce:
            let fold = PowerOfTwoFold(ranks: ranks, segmentPerRank: false)
            let steps = Pipeline.staggered(chunks: chunks) { chunk in allReduce(fold, blocks: chunk..<(chunk + 1)) }
            return Schedule(op: op, ranks: ranks, count: count, elementSize: elementSize,
                            layout: BlockLayout(count: count, blockCount: chunks), algorithm: name, explicitSteps: steps)
        case .allGather:
            let fold = PowerOfTwoFold(ranks: ranks, segmentPerRank: true)
            let steps = Pipeline.staggered(chunks: chunks) { chunk in allGather(fold, base: chunk * ranks) }
            return Schedule(op: op, ranks: ranks, count: count, elementSize: elementSize,
                            layout: .segmented(count: count, ranks: ranks, chunks: chunks), algorithm: name, explicitSteps: steps)
        default:
            preconditionFailure("\(name) does not implement \(op)")
        }
    }

    /// The all-reduce of one chunk occupying `blocks`.
    static func allReduce(_ fold: PowerOfTwoFold, blocks: Range<Int>) -> [[Transfer]] {
        var steps = fold.reducingFold(blocks: blocks)
        var distance = 1
        while distance < fold.survivors {
            steps.append((0..<fold.survivors).map { i in
                Transfer(from: fold.rank(ofSurvivor: i), to: fold.rank(ofSurvivor: i ^ distance), blocks: blocks, reduces: true)
            })
            distance *= 2
        }
        return steps + fold.returningUnfold(blocks: blocks)
    }

    /// The all-gather of one chunk whose segments start at block `base`.
    static func allGather(_ fold: PowerOfTwoFold, base: Int) -> [[Transfer]] {
        fold.gatheringFold(base: base) + fold.doubling(base: base) + fold.returningUnfold(base: base, exceptOwn: true)
    }
}
