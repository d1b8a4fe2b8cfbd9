/// MPICH's way to run a power-of-two algorithm on any rank count (Thakur, Rabenseifner & Gropp,
/// IJHPCA 2005, sec. 4): with p' the largest power of two not above p and r = p - p', each even rank
/// 2i < 2r first hands its data to rank 2i+1 and sits out; the p' survivors run the algorithm; at the
/// end each rank 2i+1 hands the result back to rank 2i.
///
/// Survivor i is rank 2i+1 for i < r and rank i+r otherwise. Segments are either one per survivor
/// (all-reduce, where the buffer is cut into p' pieces) or one per rank (reduce-scatter and
/// all-gather, where survivor i < r stands for the two segments 2i and 2i+1). Each method builds the
/// steps for one chunk whose segments start at block `base`.
struct PowerOfTwoFold {
    let ranks: Int
    let survivors: Int
    /// Whether the layout has one segment per rank (true) or per survivor (false).
    let segmentPerRank: Bool

    init(ranks: Int, segmentPerRank: Bool) {
        precondition(ranks >= 1, "fold of \(ranks) ranks")
        var survivors = 1
        while survivors * 2 <= ranks { survivors *= 2 }
        self.ranks = ranks
        self.survivors = survivors
        self.segmentPerRank = segmentPerRank
    }

    /// The number of ranks that sit out (r).
    var folded: Int { ranks - survivors }
    /// Segments per chunk.
    var segmentCount: Int { segmentPerRank ? ranks : survivors }

    func rank(ofSurvivor i: Int) -> Int { i < folded ? 2 * i + 1 : i + folded }

    /// The segments that a contiguous group of survivors stands for.
    func segments(ofSurvivors group: Range<Int>) -> Range<Int> {
        guard segmentPerRank else { return group }
        func first(_ i: Int) -> Int { i < folded ? 2 * i : i + folded }
        return first(group.lowerBound)..<(group.upperBound < survivors ? first(group.upperBound) : ranks)
    }

    private func blocks(_ segments: Range<Int>, base: Int) -> Range<Int> {
        (base + segments.lowerBound)..<(base + segments.upperBound)
    }

    /// Ranks 2i add their whole chunk into rank 2i+1's; empty when p is a power of two.
    func reducingFold(base: Int) -> [[Transfer]] { reducingFold(blocks: blocks(0..<segmentCount, base: base)) }

    /// Ranks 2i add `blocks` into rank 2i+1's.
    func reducingFold(blocks: Range<Int>) -> [[Transfer]] {
        guard folded > 0 else { return [] }
        return [(0..<folded).map { Transfer(from: 2 * $0, to: 2 * $0 + 1, blocks: blocks, reduces: true) }]
    }

    /// Ranks 2i give their own segment to rank 2i+1 (all-gather); needs one segment per rank.
    func gatheringFold(base: Int) -> [[Transfer]] {
        precondition(segmentPerRank, "a gathering fold needs one segment per rank")
        guard folded > 0 else { return [] }
        return [(0..<folded).map { Transfer(from: 2 * $0, to: 2 * $0 + 1, blocks: (base + 2 * $0)..<(base + 2 * $0 + 1), reduces: false) }]
    }

    /// Recursive halving: at distances p'/2, p'/4, ..., 1 each survivor keeps the half of its group's
    /// segments that holds its own and sends the partner the partial sums of the other half.
    func halving(base: Int) -> [[Transfer]] {
        var steps: [[Transfer]] = []
        var distance = survivors / 2
        while distance >= 1 {
            steps.append((0..<survivors).map { i in
                let group = i & ~(2 * distance - 1)
                let given = i & distance == 0 ? (group + distance)..<(group + 2 * distance) : group..<(group + distance)
                return Transfer(from: rank(ofSurvivor: i), to: rank(ofSurvivor: i ^ distance),
                                blocks: blocks(segments(ofSurvivors: given), base: base), reduces: true)
            })
            distance /= 2
        }
        return steps
    }

    /// Recursive doubling of segments: at distances 1, 2, ..., p'/2 each survivor sends the partner
    /// the segments of its current group, which doubles both groups.
    func doubling(base: Int) -> [[Transfer]] {
        var steps: [[Transfer]] = []
        var distance = 1
        while distance < survivors {
            steps.append((0..<survivors).map { i in
                let group = i & ~(distance - 1)
                return Transfer(from: rank(ofSurvivor: i), to: rank(ofSurvivor: i ^ distance),
                                blocks: blocks(segments(ofSurvivors: group..<(group + distance)), base: base), reduces: false)
            })
            distance *= 2
        }
        return steps
    }

    /// Ranks 2i+1 give rank 2i `blocks`.
    func returningUnfold(blocks: Range<Int>) -> [[Transfer]] {
        guard folded > 0 else { return [] }
        return [(0..<folded).map { Transfer(from: 2 * $0 + 1, to: 2 * $0, blocks: blocks, reduces: false) }]
    }

    /// Ranks 2i+1 give rank 2i the whole chunk, or with `exceptOwn` all but rank 2i's own segment.
    func returningUnfold(base: Int, exceptOwn: Bool) -> [[Transfer]] {
        guard exceptOwn else { return returningUnfold(blocks: blocks(0..<segmentCount, base: base)) }
        guard folded > 0 else { return [] }
        return [(0..<folded).flatMap { i -> [Transfer] in
            precondition(segmentPerRank, "returning all but the own segment needs one segment per rank")
            return [0..<(2 * i), (2 * i + 1)..<ranks].filter { !$0.isEmpty }.map {
                Transfer(from: 2 * i + 1, to: 2 * i, blocks: blocks($0, base: base), reduces: false)
            }
        }]
    }

    /// Ranks 2i+1 give rank 2i its reduced segment (reduce-scatter); needs one segment per rank.
    func scatteringUnfold(base: Int) -> [[Transfer]] {
        precondition(segmentPerRank, "a scattering unfold needs one segment per rank")
        guard folded > 0 else { return [] }
        return [(0..<folded).map { Transfer(from: 2 * $0 + 1, to: 2 * $0, blocks: (base + 2 * $0)..<(base + 2 * $0 + 1), reduces: false) }]
    }
}
