/// An all-reduce over ranks laid out as a grid, one algorithm per dimension, as ASTRA-sim configures
/// multi-dimensional collectives (Rashidi et al., "ASTRA-SIM", ISPASS 2020).
///
/// Dimensions `[d0, d1, ...]` number rank `i0 + d0 * (i1 + d1 * (i2 + ...))`, so dimension 0 is the
/// fastest-varying (for example the GPUs of one node). All-reduce is a reduce-scatter along dimension
/// 0, then an all-reduce of the 1/d0 shard over the remaining dimensions (recursively: reduce-scatter
/// along dimension 1, ...), then all-gathers back out along the dimensions in reverse order.
///
///     let grid = HierarchicalAlgorithm(dimensions: [8, 16], algorithms: [.ring, .ring])
///     let plan = try grid.schedule(.allReduce, ranks: 128, count: 1 << 20, elementSize: 2)
///
/// Cost with a ring in every dimension, n bytes per rank and D_k = d0 x ... x d(k-1):
/// `sum_k 2(d_k - 1) alpha + sum_k 2((d_k - 1)/d_k)(n/D_k) beta_k`, so the slow outer dimensions carry
/// only the shard that the inner dimensions left.
///
/// Outer dimensions must cut their data into one block per rank (ring, Rabenseifner, direct); the last
/// dimension may use any all-reduce. Chunks: passed to the last dimension's all-reduce, whose data
/// is one contiguous shard; the outer reduce-scatters and all-gathers are not chunked.
public struct HierarchicalAlgorithm: Hashable, Sendable {
    public let dimensions: [Int]
    public let algorithms: [CollectiveAlgorithm]

    public init(dimensions: [Int], algorithms: [CollectiveAlgorithm]) {
        self.dimensions = dimensions
        self.algorithms = algorithms
    }

    /// The grid used when `.hierarchical` is asked for by name: d0 the largest divisor of `ranks` up to
    /// 8 (one node of eight accelerators), a ring in each dimension.
    public static func standard(ranks: Int) -> HierarchicalAlgorithm {
        let perNode = (1...max(1, min(8, ranks))).last { ranks % $0 == 0 } ?? 1
        return HierarchicalAlgorithm(dimensions: [perNode, max(1, ranks / perNode)], algorithms: [.ring, .ring])
    }

    /// Whether the grid has a schedule for `op` (all-reduce only).
    public func supports(_ op: CollectiveOp) -> Bool { op == .allReduce }

    /// The all-reduce schedule over the grid; `ranks` must be the product of the dimensions.
    public func schedule(_ op: CollectiveOp, ranks: Int, count: Int, elementSize: Int,
                         chunks: Int = 1) throws(ScheduleError) -> Schedule {
        let name = CollectiveAlgorithm.hierarchical.rawValue
        try CollectiveAlgorithm.checkArguments(op, ranks: ranks, count: count, elementSize: elementSize, chunks: chunks)
        guard supports(op) else { throw .unsupported(algorithm: name, op: op.name) }
        guard !dimensions.isEmpty, dimensions.allSatisfy({ $0 >= 1 }), dimensions.reduce(1, *) == ranks else {
            throw .dimensionsMismatch(dimensions: dimensions, ranks: ranks)
        }
        guard algorithms.count == dimensions.count else {
            throw .algorithmCountMismatch(dimensions: dimensions.count, algorithms: algorithms.count)
        }
        let last = dimensions.count - 1
        var outward: [HierarchicalSteps.Phase] = []
        var inward: [HierarchicalSteps.Phase] = []
        for dimension in 0..<last {
            let algorithm = algorithms[dimension]
            guard [.ring, .rabenseifner, .direct].contains(algorithm) else {
                throw .unsupportedInDimension(algorithm: algorithm.rawValue, dimension: dimension,
                                              reason: "an outer dimension needs one block per rank (ring, rabenseifner or direct)")
            }
            let size = dimensions[dimension]
            let scatter = try algorithm.schedule(.reduceScatter, ranks: size, count: 0, elementSize: elementSize)
            let gather = try algorithm.schedule(.allGather, ranks: size, count: 0, elementSize: elementSize)
            outward.append(HierarchicalSteps.Phase(dimension: dimension, local: scatter))
            inward.insert(HierarchicalSteps.Phase(dimension: dimension, local: gather), at: 0)
        }
        let innermost = algorithms[last]
        guard innermost != .hierarchical, innermost.supports(.allReduce) else {
            throw .unsupportedInDimension(algorithm: innermost.rawValue, dimension: last,
                                          reason: "the last dimension needs an all-reduce")
        }
        let inner = try innermost.schedule(.allReduce, ranks: dimensions[last], count: 0, elementSize: elementSize, chunks: chunks)
        let steps = HierarchicalSteps(dimensions: dimensions, innerBlocks: inner.layout.blockCount,
                                      phases: outward + [HierarchicalSteps.Phase(dimension: last, local: inner)] + inward)
        return Schedule(op: op, ranks: ranks, count: count, elementSize: elementSize,
                        layout: BlockLayout(count: count, blockCount: steps.blockCount), algorithm: name, steps: steps)
    }
}
