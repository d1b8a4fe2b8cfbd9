/// Where each rank's segment lives in the layout of a rank-segmented operation.
///
/// Segments are chunk-major: block `j * ranks + s` is chunk j of segment s. With this order a chunk is a
/// contiguous run of blocks holding one piece of every segment, so pipelined algorithms move whole
/// chunks in one transfer, and segment sizes differ by at most one element whatever the chunk count.
extension Schedule {
    /// The number of chunks each segment is cut into (`layout.blockCount / ranks`).
    public var segmentChunks: Int {
        precondition(op.isSegmentedByRank, "\(op) has no per-rank segments")
        return layout.blockCount / ranks
    }

    /// The blocks of segment `segment`, one per chunk, in chunk order.
    public func segmentBlocks(_ segment: Int) -> StrideTo<Int> {
        precondition(op.isSegmentedByRank, "\(op) has no per-rank segments")
        precondition(segment >= 0 && segment < ranks, "segment \(segment) out of 0..<\(ranks)")
        return stride(from: segment, to: layout.blockCount, by: ranks)
    }

    /// The number of elements in segment `segment`.
    public func segmentElementCount(_ segment: Int) -> Int {
        segmentBlocks(segment).reduce(0) { $0 + layout.elements(of: $1).count }
    }
}

extension BlockLayout {
    /// The chunk-major layout of a rank-segmented operation: `chunks` chunks of `ranks` segments each.
    static func segmented(count: Int, ranks: Int, chunks: Int) -> BlockLayout {
        BlockLayout(count: count, blockCount: ranks * chunks)
    }
}
