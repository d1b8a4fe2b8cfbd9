/// Why a schedule does not carry out its operation, naming the step, ranks and blocks at fault.
public enum ScheduleValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The layout splits a different number of elements than the schedule's count.
    case layoutMismatch(count: Int, layoutCount: Int)
    /// A rank-segmented operation whose layout's block count is not a multiple of the ranks.
    case layoutNotSegmented(blockCount: Int, ranks: Int)
    /// The operation's root, source or destination is not one of the ranks.
    case operandOutOfRange(rank: Int, ranks: Int)
    /// A transfer names a rank outside 0..<ranks.
    case rankOutOfRange(step: Int, source: Int, destination: Int)
    /// A transfer names blocks outside the layout.
    case blockOutOfRange(step: Int, source: Int, destination: Int, blocks: Range<Int>)
    /// A transfer from a rank to itself.
    case selfSend(step: Int, rank: Int)
    /// Source and destination runs differ in blocks or elements.
    case runLengthMismatch(step: Int, source: Int, destination: Int, sourceBlocks: Range<Int>, destinationBlocks: Range<Int>)
    /// A reducing transfer in an operation that only copies.
    case reductionNotAllowed(step: Int, source: Int, destination: Int)
    /// The source sends a block it does not hold when the step begins.
    case missingData(step: Int, source: Int, destination: Int, block: Int)
    /// A reduction would add contributions (the listed ranks) the destination block already holds.
    case doubleCounted(step: Int, source: Int, destination: Int, block: Int, contributions: [Int])
    /// A copy would replace data in the destination block that the incoming data does not contain.
    case overwrites(step: Int, source: Int, destination: Int, block: Int)
    /// `transfers(inStep:involving:)` disagrees with `transfers(inStep:)` for this rank.
    case inconsistentRankView(step: Int, rank: Int)
    /// A rank ends without the reduction the operation requires: the listed contributions are missing.
    case incompleteResult(rank: Int, block: Int, missing: [Int])
    /// A rank ends with the wrong data (or none) in a block the operation defines.
    case wrongData(rank: Int, block: Int, found: BlockOrigin?, expected: BlockOrigin)

    public var description: String {
        switch self {
        case let .layoutMismatch(count, layoutCount): "layout splits \(layoutCount) elements, schedule has \(count)"
        case let .layoutNotSegmented(blockCount, ranks): "\(blockCount) blocks cannot hold one segment per rank for \(ranks) ranks"
        case let .operandOutOfRange(rank, ranks): "operation names rank \(rank), not in 0..<\(ranks)"
        case let .rankOutOfRange(step, source, destination): "step \(step): transfer \(source) -> \(destination) names a rank out of range"
        case let .blockOutOfRange(step, source, destination, blocks):
            "step \(step): transfer \(source) -> \(destination) names blocks \(blocks) out of range"
        case let .selfSend(step, rank): "step \(step): rank \(rank) sends to itself"
        case let .runLengthMismatch(step, source, destination, sourceBlocks, destinationBlocks):
            "step \(step): transfer \(source) -> \(destination) sends blocks \(sourceBlocks) into blocks \(destinationBlocks) of another size"
        case let .reductionNotAllowed(step, source, destination): "step \(step): transfer \(source) -> \(destination) reduces in an operation that copies"
        case let .missingData(step, source, destination, block): "step \(step): rank \(source) sends block \(block) to \(destination) without holding it"
        case let .doubleCounted(step, source, destination, block, contributions):
            "step \(step): rank \(source) -> \(destination) block \(block) adds contributions of ranks \(contributions) twice"
        case let .overwrites(step, source, destination, block):
            "step \(step): rank \(source) -> \(destination) block \(block) overwrites data the copy does not contain"
        case let .inconsistentRankView(step, rank): "step \(step): the transfers involving rank \(rank) disagree with the step's list"
        case let .incompleteResult(rank, block, missing): "rank \(rank) ends with block \(block) missing contributions of ranks \(missing)"
        case let .wrongData(rank, block, found, expected):
            "rank \(rank) ends with block \(block) holding \(found.map(String.init(describing:)) ?? "nothing"), expected \(expected)"
        }
    }
}

/// Where a block's data came from: block `block` of rank `rank`'s input.
public struct BlockOrigin: Hashable, Sendable, CustomStringConvertible {
    public var rank: Int
    public var block: Int

    public init(rank: Int, block: Int) {
        self.rank = rank
        self.block = block
    }

    public var description: String { "block \(block) of rank \(rank)" }
}
