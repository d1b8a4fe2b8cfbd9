import Testing
@testable import Collectives

/// Bytes each rank sends over the whole schedule.
func bytesSent(by schedule: Schedule) -> [Int64] {
    var sent = Array(repeating: Int64(0), count: schedule.ranks)
    for step in 0..<schedule.stepCount {
        for transfer in schedule.transfers(inStep: step) { sent[Int(transfer.source)] += schedule.bytes(of: transfer) }
    }
    return sent
}

func transferCounts(of schedule: Schedule) -> [Int] {
    (0..<schedule.stepCount).map { schedule.transfers(inStep: $0).count }
}

@Suite("Step counts, transfer counts and bytes match each algorithm's cost formula")
struct AlgorithmCostTests {
    @Test("ring all-reduce takes 2(p-1) steps of p transfers and each rank sends 2(p-1)/p n bytes",
          arguments: [2, 3, 5, 8, 16, 33])
    func ringAllReduce(ranks: Int) throws {
        let plan = try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: ranks, count: ranks * 1000, elementSize: 4)
        #expect(transferCounts(of: plan) == Array(repeating: ranks, count: 2 * (ranks - 1)))
        #expect(bytesSent(by: plan) == Array(repeating: Int64(2 * (ranks - 1) * 1000 * 4), count: ranks))
    }

    @Test("chunked ring all-reduce cuts every ring step into `chunks` steps and sends the same bytes")
    func chunkedRingAllReduce() throws {
        let plan = try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: 6, count: 6 * 3 * 10, elementSize: 2, chunks: 3)
        #expect(plan.stepCount == 2 * 5 * 3)
        #expect(bytesSent(by: plan) == Array(repeating: Int64(2 * 5 * 3 * 10 * 2), count: 6))
    }

    @Test("bidirectional ring all-reduce has 2p transfers per step and the ring's bytes per rank")
    func bidirectionalRingAllReduce() throws {
        let plan = try CollectiveAlgorithm.bidirectionalRing.schedule(.allReduce, ranks: 5, count: 5 * 2 * 100, elementSize: 4)
        #expect(transferCounts(of: plan) == Array(repeating: 10, count: 8))
        #expect(bytesSent(by: plan) == Array(repeating: Int64(2 * 4 * 200 * 4), count: 5))
        // Half of every step runs each way round.
        let directions = plan.transfers(inStep: 0).map { ($0.destination - $0.source + 5) % 5 }
        #expect(directions == Array(repeating: 1, count: 5) + Array(repeating: 4, count: 5))
    }

    @Test("ring reduce-scatter and all-gather take p-1 steps and each rank sends (p-1)/p of the gathered size",
          arguments: [CollectiveOp.reduceScatter, .allGather])
    func ringScatterGather(op: CollectiveOp) throws {
        let plan = try CollectiveAlgorithm.ring.schedule(op, ranks: 7, count: 7 * 64, elementSize: 8)
        #expect(transferCounts(of: plan) == Array(repeating: 7, count: 6))
        #expect(bytesSent(by: plan) == Array(repeating: Int64(6 * 64 * 8), count: 7))
    }

    @Test("a chain broadcast of k chunks takes p-2+k steps and every rank but the last forwards n bytes")
    func chainBroadcast() throws {
        let plan = try CollectiveAlgorithm.ring.schedule(.broadcast(root: 2), ranks: 5, count: 400, elementSize: 1, chunks: 4)
        #expect(plan.stepCount == 5 - 2 + 4)
        // Root 2 feeds 3 -> 4 -> 0 -> 1; rank 1, the chain's end, sends nothing.
        #expect(bytesSent(by: plan) == [400, 0, 400, 400, 400])
        #expect(plan.transfers(inStep: 0) == [Transfer(from: 2, to: 3, blocks: 0..<1, reduces: false)])
    }

    @Test("recursive doubling all-reduce takes lg p steps of full-buffer exchanges for powers of two, two more otherwise")
    func recursiveDoubling() throws {
        let power = try CollectiveAlgorithm.recursiveDoubling.schedule(.allReduce, ranks: 16, count: 100, elementSize: 4)
        #expect(transferCounts(of: power) == [16, 16, 16, 16])
        #expect(bytesSent(by: power) == Array(repeating: Int64(4 * 400), count: 16))
        let six = try CollectiveAlgorithm.recursiveDoubling.schedule(.allReduce, ranks: 6, count: 100, elementSize: 4)
        // Fold 0->1, 2->3; four survivors exchange twice; unfold 1->0, 3->2.
        #expect(transferCounts(of: six) == [2, 4, 4, 2])
        #expect(bytesSent(by: six) == [400, 1200, 400, 1200, 800, 800])
    }

    @Test("recursive doubling all-gather sends (p-1)/p n per rank in lg p steps")
    func recursiveDoublingAllGather() throws {
        let plan = try CollectiveAlgorithm.recursiveDoubling.schedule(.allGather, ranks: 8, count: 8 * 10, elementSize: 1)
        #expect(transferCounts(of: plan) == [8, 8, 8])
        #expect(bytesSent(by: plan) == Array(repeating: Int64(70), count: 8))
    }

    @Test("Rabenseifner all-reduce takes 2 lg p steps and sends 2(p-1)/p n per rank for powers of two",
          arguments: [2, 4, 8, 32])
    func rabenseifnerPowerOfTwo(ranks: Int) throws {
        let plan = try CollectiveAlgorithm.rabenseifner.schedule(.allReduce, ranks: ranks, count: ranks * 50, elementSize: 4)
        #expect(plan.stepCount == 2 * ranks.trailingZeroBitCount)
        #expect(bytesSent(by: plan) == Array(repeating: Int64(2 * (ranks - 1) * 50 * 4), count: ranks))
    }

    @Test("Rabenseifner all-reduce on 6 ranks takes 2 floor(lg p) + 2 steps, the fold and return moving the whole buffer")
    func rabenseifnerSixRanks() throws {
        let plan = try CollectiveAlgorithm.rabenseifner.schedule(.allReduce, ranks: 6, count: 400, elementSize: 1)
        #expect(transferCounts(of: plan) == [2, 4, 4, 4, 4, 2])
        // Survivors 1, 3, 4, 5 halve and double over 4 pieces of 100: 200 + 100 out, 100 + 200 back.
        #expect(bytesSent(by: plan) == [400, 1000, 400, 1000, 600, 600])
    }

    @Test("Rabenseifner reduce-scatter halves over lg p steps: (p-1)/p of the gathered size per rank")
    func rabenseifnerReduceScatter() throws {
        let plan = try CollectiveAlgorithm.rabenseifner.schedule(.reduceScatter, ranks: 8, count: 8 * 16, elementSize: 2)
        #expect(transferCounts(of: plan) == [8, 8, 8])
        #expect(bytesSent(by: plan) == Array(repeating: Int64(7 * 16 * 2), count: 8))
    }

    @Test("binomial broadcast takes ceil(lg p) steps and p-1 transfers; all-reduce twice that")
    func binomialTree() throws {
        let broadcast = try CollectiveAlgorithm.binomialTree.schedule(.broadcast(root: 3), ranks: 11, count: 10, elementSize: 4)
        #expect(transferCounts(of: broadcast) == [1, 2, 4, 3])
        #expect(broadcast.transfers(inStep: 0) == [Transfer(from: 3, to: 4, blocks: 0..<1, reduces: false)])
        let allReduce = try CollectiveAlgorithm.binomialTree.schedule(.allReduce, ranks: 11, count: 10, elementSize: 4, chunks: 2)
        #expect(allReduce.stepCount == 2 * 4 + 2 - 1)
        let transfers: Int = transferCounts(of: allReduce).reduce(0, +)
        #expect(transfers == 2 * 2 * 10)
    }

    @Test("each of the double binary tree's trees moves every chunk up and down once: 2(p-1) transfers per tree and chunk")
    func doubleBinaryTreeTransfers() throws {
        let plan = try CollectiveAlgorithm.doubleBinaryTree.schedule(.allReduce, ranks: 8, count: 800, elementSize: 1, chunks: 4)
        // Both trees of 8 ranks have height 3: 6 steps per chunk, chunks start one step apart.
        #expect(plan.stepCount == 6 + 4 - 1)
        let transfers: Int = transferCounts(of: plan).reduce(0, +)
        #expect(transfers == 2 * 4 * 2 * 7)
        // Per tree and chunk of 100 bytes, 7 transfers go up and 7 come down.
        let bytes: Int64 = bytesSent(by: plan).reduce(0, +)
        #expect(bytes == 2 * 2 * 7 * 4 * 100)
    }

    @Test("the double binary tree takes 2 ceil(lg p) + chunks - 1 steps", arguments: Array(2...64))
    func doubleBinaryTreeSteps(ranks: Int) throws {
        let plan = try CollectiveAlgorithm.doubleBinaryTree.schedule(.allReduce, ranks: ranks, count: 64, elementSize: 4, chunks: 5)
        #expect(plan.stepCount == 2 * BinomialTree.levels(ranks) + 5 - 1)
    }

    @Test("for even p no rank is an inner node of both double-binary trees", arguments: [2, 4, 6, 8, 12, 16, 30, 64])
    func doubleBinaryTreesAreComplementary(ranks: Int) {
        let first = Set((0..<ranks).compactMap { DoubleBinaryTree.ncclParent(of: $0, ranks: ranks) })
        let second = Set(DoubleBinaryTree.complementParents(ranks: ranks).compactMap { $0 })
        #expect(first.isDisjoint(with: second))
    }

    @Test("NCCL's tree on 14 ranks has the documented shape")
    func ncclTreeShape() {
        let parents = (0..<14).map { DoubleBinaryTree.ncclParent(of: $0, ranks: 14) }
        #expect(parents == [nil, 2, 4, 2, 8, 6, 4, 6, 0, 10, 12, 10, 8, 12])
    }

    @Test("pairwise all-to-all takes p-1 steps of p transfers; step k sends r's segment r+k to rank r+k")
    func pairwiseAllToAll() throws {
        let plan = try CollectiveAlgorithm.direct.schedule(.allToAll, ranks: 5, count: 5 * 12, elementSize: 4)
        #expect(transferCounts(of: plan) == [5, 5, 5, 5])
        #expect(bytesSent(by: plan) == Array(repeating: Int64(4 * 12 * 4), count: 5))
        #expect(plan.transfers(inStep: 1)[4] == Transfer(from: 4, to: 1, sourceBlocks: 1..<2, destinationBlocks: 4..<5,
                                                        reduces: false, reading: .input))
    }

    @Test("one-shot direct all-reduce is one step of p(p-1) full-buffer transfers")
    func oneShotAllReduce() throws {
        let plan = try CollectiveAlgorithm.direct.schedule(.allReduce, ranks: 6, count: 10, elementSize: 4)
        #expect(transferCounts(of: plan) == [30])
        #expect(bytesSent(by: plan) == Array(repeating: Int64(5 * 40), count: 6))
    }

    @Test("hierarchical 4x3 ring all-reduce: 3 + 4 + 3 steps, each rank sends 2(3/4)n + 2(2/3)(n/4)")
    func hierarchicalAllReduce() throws {
        let grid = HierarchicalAlgorithm(dimensions: [4, 3], algorithms: [.ring, .ring])
        let plan = try grid.schedule(.allReduce, ranks: 12, count: 1200, elementSize: 1)
        #expect(transferCounts(of: plan) == Array(repeating: 12, count: 10))
        #expect(bytesSent(by: plan) == Array(repeating: Int64(900 + 400 + 900), count: 12))
        // Dimension 0 links ranks of one node (stride 1), dimension 1 links nodes (stride 4).
        #expect(plan.transfers(inStep: 0)[0] == Transfer(from: 0, to: 1, blocks: 9..<12, reduces: true))
        #expect(plan.transfers(inStep: 3)[0].destination == 4)
    }

    @Test("the standard hierarchical grid puts up to 8 ranks in dimension 0")
    func standardGrid() {
        #expect(HierarchicalAlgorithm.standard(ranks: 128).dimensions == [8, 16])
        #expect(HierarchicalAlgorithm.standard(ranks: 12).dimensions == [6, 2])
        #expect(HierarchicalAlgorithm.standard(ranks: 13).dimensions == [1, 13])
    }

    @Test("a ring over 16,384 ranks answers per-rank queries without enumerating the ring")
    func ringAtScale() throws {
        let ranks = 16_384
        let plan = try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: ranks, count: ranks * 4, elementSize: 2)
        #expect(plan.stepCount == 2 * (ranks - 1))
        // All-gather step 2 (global step p+1): rank 5 receives segment 2 from rank 4 and forwards segment 3.
        #expect(plan.transfers(inStep: ranks + 1, involving: 5) == [
            Transfer(from: 4, to: 5, blocks: 2..<3, reduces: false),
            Transfer(from: 5, to: 6, blocks: 3..<4, reduces: false),
        ])
        #expect(plan.transfers(inStep: 0, involving: 0) == [
            Transfer(from: 0, to: 1, blocks: (ranks - 1)..<ranks, reduces: true),
            Transfer(from: ranks - 1, to: 0, blocks: (ranks - 2)..<(ranks - 1), reduces: true),
        ])
        #expect(plan.transfers(inStep: 7).count == ranks)
    }

    @Test("pairwise all-to-all and the standard hierarchical grid over 16,384 ranks answer per-rank queries by formula")
    func directAndHierarchicalAtScale() throws {
        let ranks = 16_384
        let allToAll = try CollectiveAlgorithm.direct.schedule(.allToAll, ranks: ranks, count: ranks, elementSize: 4)
        #expect(allToAll.stepCount == ranks - 1)
        #expect(allToAll.transfers(inStep: 2, involving: 1) == [
            Transfer(from: 1, to: 4, sourceBlocks: 4..<5, destinationBlocks: 1..<2, reduces: false, reading: .input),
            Transfer(from: ranks - 2, to: 1, sourceBlocks: 1..<2, destinationBlocks: (ranks - 2)..<(ranks - 1), reduces: false, reading: .input),
        ])
        let grid = try CollectiveAlgorithm.hierarchical.schedule(.allReduce, ranks: ranks, count: 1 << 20, elementSize: 2)
        // 8 per node x 2048 nodes: 7 reduce-scatter steps, 2 x 2047 ring steps across nodes, 7 all-gather steps.
        #expect(grid.stepCount == 7 + 2 * 2047 + 7)
        // First inter-node step: rank 9 (GPU 1 of node 1) sends to the same GPU of node 2.
        let view = grid.transfers(inStep: 7, involving: 9)
        #expect(view.map(\.source) == [1, 9])
        #expect(view.map(\.destination) == [9, 17])
    }

    @Test("segments of the chunk-major layout differ by at most one element and cover the count")
    func segmentSizes() throws {
        let plan = try CollectiveAlgorithm.ring.schedule(.reduceScatter, ranks: 3, count: 10, elementSize: 4, chunks: 2)
        #expect(plan.segmentChunks == 2)
        #expect(Array(plan.segmentBlocks(1)) == [1, 4])
        #expect((0..<3).map(plan.segmentElementCount) == [4, 3, 3])
    }
}
