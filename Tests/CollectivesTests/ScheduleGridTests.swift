import Testing
@testable import Collectives

/// Rank counts to sweep: every count up to 32 (odd, prime, powers of two and their neighbours) and a
/// few larger ones around 64.
let sweepRanks: [Int] = Array(1...32) + [48, 63, 64]
/// Element counts that mostly do not divide evenly by the ranks or chunks.
let sweepCounts = [1, 7, 1000, 1031]

/// Every operation an algorithm might be asked for on `ranks` ranks, with roots at both ends.
func operations(ranks: Int) -> [CollectiveOp] {
    var ops: [CollectiveOp] = [.allReduce, .reduceScatter, .allGather, .allToAll,
                               .broadcast(root: 0), .reduce(root: 0)]
    if ranks > 1 {
        ops += [.broadcast(root: ranks - 1), .reduce(root: ranks / 2), .sendReceive(source: ranks - 1, destination: 0)]
    }
    return ops
}

/// All-to-all moves equal pieces between pairs, so its counts are per pair.
func elementCount(_ count: Int, for op: CollectiveOp, ranks: Int) -> Int {
    op == .allToAll ? count * ranks : count
}

@Suite("Every algorithm's schedules pass the validator")
struct ScheduleGridTests {
    @Test("every supported operation validates for ranks 1...32, 48, 63, 64, uneven counts and 1 or 3 chunks",
          arguments: CollectiveAlgorithm.allCases)
    func everySupportedOperationValidates(algorithm: CollectiveAlgorithm) throws {
        var validated = 0
        for ranks in sweepRanks {
            for op in operations(ranks: ranks) where algorithm.supports(op) {
                for count in sweepCounts {
                    for chunks in [1, 3] {
                        let plan = try algorithm.schedule(op, ranks: ranks, count: elementCount(count, for: op, ranks: ranks),
                                                          elementSize: 4, chunks: chunks)
                        #expect(throws: Never.self, "\(algorithm) \(op) p=\(ranks) n=\(count) chunks=\(chunks)") {
                            try ScheduleValidator.validate(plan)
                        }
                        validated += 1
                    }
                }
            }
        }
        #expect(validated > 0)
    }

    @Test("every supported operation also validates for each remaining rank count up to 64 (one uneven count, 1 chunk)",
          arguments: CollectiveAlgorithm.allCases)
    func remainingRanksUpTo64Validate(algorithm: CollectiveAlgorithm) throws {
        var validated = 0
        for ranks in (1...64).filter({ !sweepRanks.contains($0) }) {
            for op in operations(ranks: ranks) where algorithm.supports(op) {
                let plan = try algorithm.schedule(op, ranks: ranks, count: elementCount(1031, for: op, ranks: ranks), elementSize: 4)
                #expect(throws: Never.self, "\(algorithm) \(op) p=\(ranks)") { try ScheduleValidator.validate(plan) }
                validated += 1
            }
        }
        #expect(validated >= 26)
    }

    @Test("unsupported operations throw an error naming algorithm and operation", arguments: CollectiveAlgorithm.allCases)
    func unsupportedOperationsThrow(algorithm: CollectiveAlgorithm) {
        for op in operations(ranks: 4) where !algorithm.supports(op) {
            #expect(throws: ScheduleError.unsupported(algorithm: algorithm.rawValue, op: op.name)) {
                try algorithm.schedule(op, ranks: 4, count: 16, elementSize: 4)
            }
        }
    }

    @Test("hierarchical grids of two and three dimensions with mixed algorithms validate",
          arguments: [
            HierarchicalAlgorithm(dimensions: [4, 3], algorithms: [.ring, .ring]),
            HierarchicalAlgorithm(dimensions: [3, 5], algorithms: [.rabenseifner, .doubleBinaryTree]),
            HierarchicalAlgorithm(dimensions: [2, 3, 4], algorithms: [.direct, .rabenseifner, .recursiveDoubling]),
            HierarchicalAlgorithm(dimensions: [5, 1, 3], algorithms: [.ring, .direct, .binomialTree]),
            HierarchicalAlgorithm(dimensions: [8, 8], algorithms: [.ring, .bidirectionalRing]),
            HierarchicalAlgorithm(dimensions: [1, 7], algorithms: [.rabenseifner, .direct]),
            HierarchicalAlgorithm(dimensions: [6, 2, 2], algorithms: [.rabenseifner, .ring, .rabenseifner]),
          ])
    func hierarchicalGridsValidate(grid: HierarchicalAlgorithm) throws {
        let ranks = grid.dimensions.reduce(1, *)
        for count in sweepCounts {
            for chunks in [1, 3] {
                let plan = try grid.schedule(.allReduce, ranks: ranks, count: count, elementSize: 2, chunks: chunks)
                #expect(throws: Never.self, "\(grid.dimensions) n=\(count) chunks=\(chunks)") { try ScheduleValidator.validate(plan) }
            }
        }
    }
}
