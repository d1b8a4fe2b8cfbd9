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

    @Test("a segment is one run per chunk: block j * ranks + s is chunk j of segment s")
    func segmentsAreChunkMajor() {
        // 10 elements in 8 blocks (2 chunks x 4 ranks): blocks 0, 1 have 2 elements, the others 1.
        let segments = Segments(layout: BlockLayout(count: 10, blockCount: 8), ranks: 4)
        #expect(segments.chunks == 2)
        #expect(segments.runs(of: 0) == [0..<2, 6..<7])
        #expect(segments.runs(of: 3) == [5..<6, 9..<10])
        #expect(segments.elements(of: 1) == [2, 3, 7])
        #expect((0..<4).map(segments.count(of:)) == [3, 3, 2, 2])
        #expect(Segments.contiguous(count: 10, ranks: 4).runs(of: 1) == [3..<6])
    }

    @Test("all-gather and all-to-all start with the rank's own chunked segment in place")
    func chunkedStartState() {
        let segments = Segments(layout: BlockLayout(count: 8, blockCount: 4), ranks: 2)
        for op in [CollectiveOp.allGather, .allToAll] {
            let buffers = RankBuffers(op: op, rank: 1, count: 8, type: .int32, segments: segments)
            let expected = (0..<8).map { [2, 3, 6, 7].contains($0) ? Double(VerificationPattern.input(rank: 1, index: $0)) : 99 }
            #expect((0..<8).map { buffers.output.value(at: $0) } == expected, "\(op)")
        }
    }
}
