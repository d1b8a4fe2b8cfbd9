import Collectives

/// Input data whose correct collective result is known exactly, and the element-by-element check of
/// an output against it (nccl-tests' `#wrong` column).
///
/// Rank r's input element i is `((3 r + 5 i) mod 7) - 3`, a small integer in -3...3 that depends on
/// both rank and position, so a misplaced block or a missing contribution changes the result. Every
/// partial sum is an integer of magnitude at most 3 p, exact in every element type for p <= 85
/// (bfloat16 has 8 significant bits), so the reduction's order cannot matter and results are
/// compared exactly. Elements an operation leaves unspecified start as `unwritten` and are not checked.
public enum VerificationPattern {
    /// Rank `rank`'s input element `index`.
    @inlinable public static func input(rank: Int, index: Int) -> Int { (3 * rank + 5 * index) % 7 - 3 }

    /// The value placed in output elements that hold "nothing" before step 0: outside the pattern's
    /// range, exact in every type, so a block that never arrives is counted wrong.
    public static let unwritten = 99

    /// The reduction over `ranks` ranks of input element `index`.
    /// - Complexity: O(ranks).
    public static func reduced(index: Int, ranks: Int, by op: ReductionOperator) -> Int {
        let values = (0..<ranks).lazy.map { input(rank: $0, index: index) }
        switch op {
        case .sum: return values.reduce(0, +)
        case .max: return values.max() ?? 0
        case .min: return values.min() ?? 0
        }
    }

    /// The number of elements of `output` that differ from what `op` must leave on `rank`.
    ///
    /// The input depends on the index only modulo 7, so the reduced values are computed once per residue.
    /// - Complexity: O(count + 7 ranks); all-to-all also holds two segments' element indices.
    static func countWrong(_ output: RankBuffer, rank: Int, op: CollectiveOp, ranks: Int,
                           segments: Segments, reduction: ReductionOperator) -> Int {
        let reducedByResidue = (0..<7).map { reduced(index: $0, ranks: ranks, by: reduction) }
        var wrong = 0
        func check(_ elements: Range<Int>, _ expected: (Int) -> Int) {
            for i in elements where output.value(at: i) != Double(expected(i)) { wrong += 1 }
        }
        let all = 0..<output.count
        switch op {
        case .allReduce:
            check(all) { reducedByResidue[$0 % 7] }
        case .reduce(let root):
            if rank == root { check(all) { reducedByResidue[$0 % 7] } }
        case .reduceScatter:
            for run in segments.runs(of: rank) { check(run) { reducedByResidue[$0 % 7] } }
        case .allGather:
            for source in 0..<ranks {
                for run in segments.runs(of: source) { check(run) { input(rank: source, index: $0) } }
            }
        case .broadcast(let root):
            check(all) { input(rank: root, index: $0) }
        case .allToAll:
            // Output segment s on rank d holds rank s's input segment d, position by position in
            // segment order; segments are equally long since all-to-all counts divide by the ranks.
            let mine = segments.elements(of: rank)
            for source in 0..<ranks {
                for (position, i) in segments.elements(of: source).enumerated() {
                    let expected = position < mine.count ? input(rank: source, index: mine[position]) : unwritten
                    if output.value(at: i) != Double(expected) { wrong += 1 }
                }
            }
        case .sendReceive(let source, let destination):
            if rank == destination { check(all) { input(rank: source, index: $0) } }
        }
        return wrong
    }
}
