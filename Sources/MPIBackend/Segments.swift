import Collectives

/// Where each rank's segment lies in a buffer of a rank-segmented operation (reduce-scatter,
/// all-gather, all-to-all), as the schedule defines it.
///
/// Schedules use a chunk-major layout (`Schedule.segmentBlocks(_:)`): with `layout.blockCount =
/// chunks x ranks`, block `j * ranks + s` is chunk j of segment s. A segment is therefore one run of
/// elements per chunk, not one contiguous run, as soon as `chunks > 1`. The MPI library's own
/// collectives use one contiguous run per rank, which is the same layout with one chunk.
///
///     let segments = Segments(layout: BlockLayout(count: 10, blockCount: 4), ranks: 2)   // 2 chunks
///     segments.runs(of: 1)   // [3..<6, 8..<10]: blocks 1 and 3 (chunk 0 and chunk 1 of segment 1)
public struct Segments: Hashable, Sendable {
    public let layout: BlockLayout
    public let ranks: Int

    /// Segments over `layout`, whose block count must be a multiple of `ranks`.
    public init(layout: BlockLayout, ranks: Int) {
        precondition(ranks >= 1, "segments need at least one rank, not \(ranks)")
        precondition(layout.blockCount % ranks == 0,
                     "a segmented layout has chunks x ranks blocks; \(layout.blockCount) blocks is no multiple of \(ranks) ranks")
        self.layout = layout
        self.ranks = ranks
    }

    /// The segments of `schedule`: its own layout when the operation is segmented by rank; otherwise
    /// (where no segment is ever consulted) one block per rank.
    public init(of schedule: Schedule) {
        let layout = schedule.op.isSegmentedByRank
            ? schedule.layout : BlockLayout(count: schedule.count, blockCount: schedule.ranks)
        self.init(layout: layout, ranks: schedule.ranks)
    }

    /// The one-chunk segments the MPI library's block collectives use: rank r owns the r-th of `ranks`
    /// contiguous runs.
    public static func contiguous(count: Int, ranks: Int) -> Segments {
        Segments(layout: BlockLayout(count: count, blockCount: ranks), ranks: ranks)
    }

    /// The number of chunks each segment is cut into.
    public var chunks: Int { layout.blockCount / ranks }

    /// The element runs of rank `rank`'s segment, one per chunk, in chunk order.
    /// - Complexity: O(chunks).
    public func runs(of rank: Int) -> [Range<Int>] {
        precondition(rank >= 0 && rank < ranks, "rank \(rank) out of 0..<\(ranks)")
        return stride(from: rank, to: layout.blockCount, by: ranks).map { layout.elements(of: $0) }
    }

    /// The elements of rank `rank`'s segment, in segment order (chunk by chunk).
    public func elements(of rank: Int) -> [Int] { runs(of: rank).flatMap { $0 } }

    /// The number of elements in rank `rank`'s segment.
    public func count(of rank: Int) -> Int { runs(of: rank).reduce(0) { $0 + $1.count } }
}
