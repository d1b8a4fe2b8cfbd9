/// Why an algorithm cannot produce a schedule for the requested operation and sizes.
public enum ScheduleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The algorithm has no schedule for this operation (recursive doubling has no all-to-all).
    case unsupported(algorithm: String, op: String)
    /// The rank count is below 1.
    case invalidRankCount(Int)
    /// The element count is negative.
    case invalidCount(Int)
    /// The element size is below 1 byte.
    case invalidElementSize(Int)
    /// The chunk count is below 1.
    case invalidChunkCount(Int)
    /// A root, source or destination is not one of the ranks.
    case rankOutOfRange(rank: Int, ranks: Int)
    /// A send/receive whose source is its destination: there is nothing to move.
    case sendToSelf(rank: Int)
    /// All-to-all moves the same number of elements between every pair, so ranks must divide the count.
    case countNotDivisible(count: Int, ranks: Int)
    /// The hierarchical grid's dimensions do not multiply to the rank count.
    case dimensionsMismatch(dimensions: [Int], ranks: Int)
    /// The hierarchical grid names a different number of algorithms than it has dimensions.
    case algorithmCountMismatch(dimensions: Int, algorithms: Int)
    /// An algorithm cannot serve one dimension of a hierarchical schedule.
    case unsupportedInDimension(algorithm: String, dimension: Int, reason: String)

    public var description: String {
        switch self {
        case let .unsupported(algorithm, op): "\(algorithm) does not implement \(op)"
        case let .invalidRankCount(ranks): "rank count must be at least 1, got \(ranks)"
        case let .invalidCount(count): "element count must not be negative, got \(count)"
        case let .invalidElementSize(size): "element size must be at least 1 byte, got \(size)"
        case let .invalidChunkCount(chunks): "chunk count must be at least 1, got \(chunks)"
        case let .rankOutOfRange(rank, ranks): "rank \(rank) is not in 0..<\(ranks)"
        case let .sendToSelf(rank): "send/receive from rank \(rank) to itself moves nothing"
        case let .countNotDivisible(count, ranks): "alltoall needs a count divisible by the \(ranks) ranks, got \(count)"
        case let .dimensionsMismatch(dimensions, ranks):
            "hierarchical dimensions \(dimensions.map(String.init).joined(separator: "x")) do not make \(ranks) ranks"
        case let .algorithmCountMismatch(dimensions, algorithms): "\(dimensions) dimensions need \(dimensions) algorithms, got \(algorithms)"
        case let .unsupportedInDimension(algorithm, dimension, reason): "\(algorithm) cannot serve dimension \(dimension): \(reason)"
        }
    }
}
