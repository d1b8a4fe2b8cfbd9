import Testing
@testable import Collectives

@Suite("Asking for a schedule: names, support and argument errors")
struct CollectiveAlgorithmTests {
    @Test("algorithm names are the command-line spellings and round-trip")
    func names() {
        #expect(CollectiveAlgorithm.allCases.map(\.rawValue) == [
            "ring", "bidirectional-ring", "recursive-doubling", "rabenseifner",
            "binomial-tree", "double-binary-tree", "direct", "hierarchical",
        ])
        #expect(CollectiveAlgorithm(rawValue: "double-binary-tree") == .doubleBinaryTree)
    }

    @Test("a schedule records its algorithm, operation and sizes")
    func scheduleRecordsRequest() throws {
        let plan = try CollectiveAlgorithm.rabenseifner.schedule(.reduceScatter, ranks: 6, count: 1031, elementSize: 2, chunks: 3)
        #expect(plan.algorithm == "rabenseifner")
        #expect(plan.op == .reduceScatter)
        #expect(plan.bytes == 2062)
        #expect(plan.layout == BlockLayout(count: 1031, blockCount: 18))
    }

    @Test("recursive doubling does not implement all-to-all, and says so")
    func unsupportedMessage() {
        #expect(throws: ScheduleError.unsupported(algorithm: "recursive-doubling", op: "alltoall")) {
            try CollectiveAlgorithm.recursiveDoubling.schedule(.allToAll, ranks: 4, count: 8, elementSize: 4)
        }
        #expect(ScheduleError.unsupported(algorithm: "recursive-doubling", op: "alltoall").description
                == "recursive-doubling does not implement alltoall")
    }

    @Test("sizes and ranks that make no sense are rejected with the value at fault")
    func badArguments() {
        let ring = CollectiveAlgorithm.ring
        #expect(throws: ScheduleError.invalidRankCount(0)) { try ring.schedule(.allReduce, ranks: 0, count: 8, elementSize: 4) }
        #expect(throws: ScheduleError.invalidCount(-1)) { try ring.schedule(.allReduce, ranks: 2, count: -1, elementSize: 4) }
        #expect(throws: ScheduleError.invalidElementSize(0)) { try ring.schedule(.allReduce, ranks: 2, count: 8, elementSize: 0) }
        #expect(throws: ScheduleError.invalidChunkCount(0)) { try ring.schedule(.allReduce, ranks: 2, count: 8, elementSize: 4, chunks: 0) }
        #expect(throws: ScheduleError.rankOutOfRange(rank: 4, ranks: 4)) { try ring.schedule(.broadcast(root: 4), ranks: 4, count: 8, elementSize: 4) }
        #expect(throws: ScheduleError.sendToSelf(rank: 1)) {
            try CollectiveAlgorithm.direct.schedule(.sendReceive(source: 1, destination: 1), ranks: 4, count: 8, elementSize: 4)
        }
        #expect(throws: ScheduleError.countNotDivisible(count: 10, ranks: 3)) {
            try CollectiveAlgorithm.direct.schedule(.allToAll, ranks: 3, count: 10, elementSize: 4)
        }
    }

    @Test("hierarchical grids must match the ranks and use per-dimension algorithms that fit")
    func badGrids() {
        #expect(throws: ScheduleError.dimensionsMismatch(dimensions: [4, 3], ranks: 16)) {
            try HierarchicalAlgorithm(dimensions: [4, 3], algorithms: [.ring, .ring]).schedule(.allReduce, ranks: 16, count: 8, elementSize: 4)
        }
        #expect(throws: ScheduleError.algorithmCountMismatch(dimensions: 2, algorithms: 1)) {
            try HierarchicalAlgorithm(dimensions: [4, 4], algorithms: [.ring]).schedule(.allReduce, ranks: 16, count: 8, elementSize: 4)
        }
        #expect(throws: ScheduleError.unsupportedInDimension(
            algorithm: "binomial-tree", dimension: 0,
            reason: "an outer dimension needs one block per rank (ring, rabenseifner or direct)")) {
            try HierarchicalAlgorithm(dimensions: [4, 4], algorithms: [.binomialTree, .ring]).schedule(.allReduce, ranks: 16, count: 8, elementSize: 4)
        }
        #expect(throws: ScheduleError.unsupportedInDimension(algorithm: "hierarchical", dimension: 1, reason: "the last dimension needs an all-reduce")) {
            try HierarchicalAlgorithm(dimensions: [4, 4], algorithms: [.ring, .hierarchical]).schedule(.allReduce, ranks: 16, count: 8, elementSize: 4)
        }
        #expect(throws: ScheduleError.unsupported(algorithm: "hierarchical", op: "allgather")) {
            try HierarchicalAlgorithm(dimensions: [4, 4], algorithms: [.ring, .ring]).schedule(.allGather, ranks: 16, count: 16, elementSize: 4)
        }
    }

    @Test("every algorithm's schedule on one rank has no steps and is valid", arguments: CollectiveAlgorithm.allCases)
    func singleRank(algorithm: CollectiveAlgorithm) throws {
        for op in [CollectiveOp.allReduce, .reduceScatter, .allGather, .broadcast(root: 0), .reduce(root: 0), .allToAll]
        where algorithm.supports(op) {
            let plan = try algorithm.schedule(op, ranks: 1, count: 7, elementSize: 4, chunks: 3)
            #expect(plan.stepCount == 0, "\(algorithm) \(op)")
            try ScheduleValidator.validate(plan)
        }
    }
}
