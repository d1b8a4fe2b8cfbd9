import Collectives

/// Where each rank's segment lies in a buffer of a rank-segmented operation (reduce-scatter,
/// all-gather, all-to-all).
///
/// When the schedule's block count is a multiple of the ranks, segment r is the r-th run of
/// `blockCount / ranks` blocks, so a schedule that moves whole segments moves exactly these elements.
/// Otherwise segments are the blocks of `BlockLayout(count:blockCount: ranks)`.
public struct Segments: Hashable, Sendable {
    public let layout: BlockLayout
    public let ranks: Int

    public init(layout: BlockLayout, ranks: Int) {
        precondition(ranks >= 1, "segments need at least one rank, not \(ranks)")
        self.layout = layout.blockCount % ranks == 0 ? layout : BlockLayout(count: layout.count, blockCount: ranks)
        self.ranks = ranks
    }

    /// The elements of rank `rank`'s segment.
    public func elements(of rank: Int) -> Range<Int> {
        let perRank = layout.blockCount / ranks
        return layout.elements(of: rank * perRank..<(rank + 1) * perRank)
    }
}
