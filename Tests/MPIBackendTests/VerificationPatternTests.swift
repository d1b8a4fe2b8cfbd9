import Collectives
import Testing
@testable import MPIBackend

@Suite("verification pattern")
struct VerificationPatternTests {
    @Test("over 7 ranks every element takes each value in -3...3 once, so sum 0, max 3, min -3")
    func sevenRanks() {
        for index in 0..<20 {
            #expect(VerificationPattern.reduced(index: index, ranks: 7, by: .sum) == 0)
            #expect(VerificationPattern.reduced(index: index, ranks: 7, by: .max) == 3)
            #expect(VerificationPattern.reduced(index: index, ranks: 7, by: .min) == -3)
        }
    }

    @Test("inputs differ between ranks and between neighbouring elements")
    func inputsDependOnRankAndIndex() {
        #expect(VerificationPattern.input(rank: 0, index: 0) == -3)
        #expect(VerificationPattern.input(rank: 1, index: 0) == 0)
        #expect(VerificationPattern.input(rank: 0, index: 1) == 2)
        #expect(VerificationPattern.input(rank: 2, index: 3) == (6 + 15) % 7 - 3)
    }

    @Test("output elements that hold nothing before step 0 start unwritten")
    func startState() {
        let segments = Segments(layout: BlockLayout(count: 10, blockCount: 4), ranks: 4)
        let gather = RankBuffers(op: .allGather, rank: 1, count: 10, type: .int32, segments: segments)
        // Segment 1 of a 10-element buffer over 4 ranks is elements 3..<6.
        #expect((0..<10).map { gather.output.value(at: $0) } == [99, 99, 99, 1, -1, -3, 99, 99, 99, 99])
        let reduce = RankBuffers(op: .allReduce, rank: 1, count: 3, type: .bfloat16, segments: segments)
        #expect((0..<3).map { reduce.output.value(at: $0) } == [0, -2, 3])
    }

    @Test("a rank-segmented schedule's segments are runs of its blocks when they divide evenly")
    func segmentsFollowBlocks() {
        let byBlocks = Segments(layout: BlockLayout(count: 10, blockCount: 8), ranks: 4)
        #expect(byBlocks.elements(of: 0) == 0..<4)
        #expect(byBlocks.elements(of: 3) == 8..<10)
        let byRanks = Segments(layout: BlockLayout(count: 10, blockCount: 3), ranks: 4)
        #expect(byRanks.elements(of: 0) == 0..<3)
    }
}
