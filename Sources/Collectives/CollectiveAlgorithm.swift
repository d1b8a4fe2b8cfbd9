/// A named way to carry out a collective: the function `(op, ranks, size) -> Schedule`.
///
///     let plan = try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: 8, count: 1 << 20, elementSize: 4)
///     plan.stepCount   // 14: 7 reduce-scatter steps, then 7 all-gather steps
///
/// Each case's cost and source are documented on the type that builds its schedules (`RingAlgorithm`,
/// `RecursiveDoubling`, `Rabenseifner`, `BinomialTree`, `DoubleBinaryTree`, `DirectExchange`,
/// `HierarchicalAlgorithm`). `chunks` cuts the data into pieces that pipeline; what that means differs
/// per algorithm and is documented there too.
public enum CollectiveAlgorithm: String, CaseIterable, Hashable, Sendable {
    /// Ring reduce-scatter / all-gather; pipelined chain for broadcast and reduce.
    case ring
    /// Two rings in opposite directions, each carrying half the data.
    case bidirectionalRing = "bidirectional-ring"
    /// Pairwise exchange of the whole buffer at doubling distances.
    case recursiveDoubling = "recursive-doubling"
    /// Recursive-halving reduce-scatter followed by recursive-doubling all-gather.
    case rabenseifner
    /// Binomial tree rooted at the root (rank 0 for all-reduce).
    case binomialTree = "binomial-tree"
    /// NCCL's two complementary binary trees, each carrying half the data.
    case doubleBinaryTree = "double-binary-tree"
    /// Every rank talks to every other directly (one-shot, or pairwise for all-to-all).
    case direct
    /// A grid of ranks with one algorithm per dimension; `HierarchicalAlgorithm.standard(ranks:)`.
    case hierarchical

    /// Whether this algorithm has a schedule for `op`.
    public func supports(_ op: CollectiveOp) -> Bool {
        switch (self, op) {
        case (.ring, .allReduce), (.ring, .reduceScatter), (.ring, .allGather), (.ring, .broadcast), (.ring, .reduce),
             (.bidirectionalRing, .allReduce), (.bidirectionalRing, .reduceScatter), (.bidirectionalRing, .allGather),
             (.bidirectionalRing, .broadcast), (.bidirectionalRing, .reduce):
            true
        case (.recursiveDoubling, .allReduce), (.recursiveDoubling, .allGather):
            true
        case (.rabenseifner, .allReduce), (.rabenseifner, .reduceScatter), (.rabenseifner, .allGather):
            true
        case (.binomialTree, .allReduce), (.binomialTree, .broadcast), (.binomialTree, .reduce):
            true
        case (.doubleBinaryTree, .allReduce):
            true
        case (.direct, _):
            true
        case (.hierarchical, .allReduce):
            true
        default:
            false
        }
    }

    /// The schedule of `op` over `ranks` ranks holding `count` elements of `elementSize` bytes each
    /// (the gathered size for reduce-scatter, all-gather and all-to-all, as in nccl-tests).
    ///
    /// - Throws: `ScheduleError.unsupported` when the algorithm does not implement `op`, and the other
    ///   cases of `ScheduleError` for sizes or ranks that make no sense.
    public func schedule(_ op: CollectiveOp, ranks: Int, count: Int, elementSize: Int,
                         chunks: Int = 1) throws(ScheduleError) -> Schedule {
        try Self.checkArguments(op, ranks: ranks, count: count, elementSize: elementSize, chunks: chunks)
        guard supports(op) else { throw .unsupported(algorithm: rawValue, op: op.name) }
        switch self {
        case .ring, .bidirectionalRing:
            return RingAlgorithm.schedule(op, ranks: ranks, count: count, elementSize: elementSize,
                                          chunks: chunks, bidirectional: self == .bidirectionalRing)
        case .recursiveDoubling:
            return RecursiveDoubling.schedule(op, ranks: ranks, count: count, elementSize: elementSize, chunks: chunks)
        case .rabenseifner:
            return Rabenseifner.schedule(op, ranks: ranks, count: count, elementSize: elementSize, chunks: chunks)
        case .binomialTree:
            return BinomialTree.schedule(op, ranks: ranks, count: count, elementSize: elementSize, chunks: chunks)
        case .doubleBinaryTree:
            return DoubleBinaryTree.schedule(op, ranks: ranks, count: count, elementSize: elementSize, chunks: chunks)
        case .direct:
            return DirectExchange.schedule(op, ranks: ranks, count: count, elementSize: elementSize)
        case .hierarchical:
            return try HierarchicalAlgorithm.standard(ranks: ranks)
                .schedule(op, ranks: ranks, count: count, elementSize: elementSize, chunks: chunks)
        }
    }

    /// Rejects arguments no algorithm can honour.
    static func checkArguments(_ op: CollectiveOp, ranks: Int, count: Int, elementSize: Int,
                               chunks: Int) throws(ScheduleError) {
        guard ranks >= 1 else { throw .invalidRankCount(ranks) }
        guard count >= 0 else { throw .invalidCount(count) }
        guard elementSize >= 1 else { throw .invalidElementSize(elementSize) }
        guard chunks >= 1 else { throw .invalidChunkCount(chunks) }
        switch op {
        case let .broadcast(root), let .reduce(root):
            guard (0..<ranks).contains(root) else { throw .rankOutOfRange(rank: root, ranks: ranks) }
        case let .sendReceive(source, destination):
            guard (0..<ranks).contains(source) else { throw .rankOutOfRange(rank: source, ranks: ranks) }
            guard (0..<ranks).contains(destination) else { throw .rankOutOfRange(rank: destination, ranks: ranks) }
            guard source != destination else { throw .sendToSelf(rank: source) }
        case .allToAll:
            guard count % ranks == 0 else { throw .countNotDivisible(count: count, ranks: ranks) }
        case .allReduce, .reduceScatter, .allGather:
            break
        }
    }
}
