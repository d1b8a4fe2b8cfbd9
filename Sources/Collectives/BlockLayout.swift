/// How a buffer of `count` elements is cut into `blockCount` contiguous blocks.
///
/// Blocks are as equal as possible: the first `count % blockCount` blocks get one element more, so
/// counts that do not divide evenly still cover every element exactly once. Blocks may be empty when
/// there are more blocks than elements.
///
///     let layout = BlockLayout(count: 10, blockCount: 4)
///     layout.elements(of: 0)   // 0..<3
///     layout.elements(of: 3)   // 8..<10
public struct BlockLayout: Hashable, Sendable {
    public let count: Int
    public let blockCount: Int

    public init(count: Int, blockCount: Int) {
        precondition(count >= 0 && blockCount >= 1, "bad block layout: \(count) elements in \(blockCount) blocks")
        self.count = count
        self.blockCount = blockCount
    }

    /// The first element of `block` (block may equal `blockCount`, giving `count`).
    @inlinable public func start(of block: Int) -> Int {
        let base = count / blockCount, extra = count % blockCount
        return block * base + Swift.min(block, extra)
    }

    /// The elements of one block.
    @inlinable public func elements(of block: Int) -> Range<Int> { start(of: block)..<start(of: block + 1) }

    /// The elements of a contiguous run of blocks.
    @inlinable public func elements(of blocks: Range<Int>) -> Range<Int> { start(of: blocks.lowerBound)..<start(of: blocks.upperBound) }
}
