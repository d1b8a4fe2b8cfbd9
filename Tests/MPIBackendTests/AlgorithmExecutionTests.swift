import Collectives
import Testing
@testable import MPIBackend

/// Every real algorithm of the Collectives library run on real buffers in one process, with chunks:
/// the check that the backend reads segments the way the schedules write them (chunk-major).
@Suite("every algorithm on real buffers")
struct AlgorithmExecutionTests {
    static let ops: [CollectiveOp] = [.allReduce, .reduceScatter, .allGather, .broadcast(root: 1), .reduce(root: 1),
                                      .allToAll, .sendReceive(source: 1, destination: 0)]

    @Test("every algorithm and supported operation leaves 0 wrong elements, with 1 and 3 chunks",
          arguments: CollectiveAlgorithm.allCases, [2, 3, 4, 6])
    func everyAlgorithm(algorithm: CollectiveAlgorithm, ranks: Int) throws {
        for op in Self.ops where algorithm.supports(op) {
            for count in [1, 7, 1001] {
                for chunks in [1, 3] {
                    let elements = op == .allToAll ? count * ranks : count
                    let schedule = try algorithm.schedule(op, ranks: ranks, count: elements, elementSize: 4, chunks: chunks)
                    let wrong = try InProcessExecutor.run(schedule, elementType: .float32, reduction: .sum)
                    #expect(wrong == Array(repeating: 0, count: ranks), "\(op) count \(elements) chunks \(chunks)")
                }
            }
        }
    }

    @Test("a chunked ring all-gather's segments interleave, not follow one another, and the run verifies")
    func chunkedSegmentsInterleave() throws {
        // Ring all-gather, 2 ranks, 3 chunks: rank 0 owns blocks 0, 2, 4, not blocks 0...2.
        let schedule = try CollectiveAlgorithm.ring.schedule(.allGather, ranks: 2, count: 12, elementSize: 4, chunks: 3)
        let chunked = Segments(of: schedule), wrongly = Segments.contiguous(count: 12, ranks: 2)
        #expect(chunked.runs(of: 0) == [0..<2, 4..<6, 8..<10])
        #expect(wrongly.runs(of: 0) == [0..<6])
        #expect(try InProcessExecutor.run(schedule, elementType: .float32, reduction: .sum) == [0, 0])
    }
}
