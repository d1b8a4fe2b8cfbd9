import Collectives
import Testing
@testable import MPIBackend

@Suite("in-process execution of schedules")
struct InProcessExecutorTests {
    @Test("ring all-reduce leaves every rank with the exact reduction, for every type and operator",
          arguments: [1, 2, 3, 4, 5, 8, 9], ElementType.allCases)
    func ringAllReduce(ranks: Int, type: ElementType) throws {
        for count in [0, 1, 7, 1000] {
            for reduction in ReductionOperator.allCases {
                let schedule = RingSchedules.allReduce(ranks: ranks, count: count, elementSize: type.size)
                let wrong = try InProcessExecutor.run(schedule, elementType: type, reduction: reduction)
                #expect(wrong == Array(repeating: 0, count: ranks), "count \(count), \(reduction)")
            }
        }
    }

    @Test("a ring all-gather missing its last step leaves exactly one block wrong on every rank")
    func missingStepIsCounted() throws {
        // 4 ranks, 8 elements: blocks of 2; the block due in the last step stays unwritten.
        let schedule = RingSchedules.allGather(ranks: 4, count: 8, elementSize: 4, droppingLastStep: true)
        #expect(try InProcessExecutor.run(schedule, elementType: .float32, reduction: .sum) == [2, 2, 2, 2])
        let complete = RingSchedules.allGather(ranks: 4, count: 8, elementSize: 4)
        #expect(try InProcessExecutor.run(complete, elementType: .float32, reduction: .sum) == [0, 0, 0, 0])
    }

    @Test("sends read the buffer as it was when the step began")
    func sendsReadStepStartState() throws {
        // Two ranks add each other's whole buffer in one step. Applying the first transfer before
        // the second reads its source would send rank 1's new sum back, counting rank 0's data twice.
        let swap = [Transfer(from: 0, to: 1, blocks: 0..<1, reduces: true), Transfer(from: 1, to: 0, blocks: 0..<1, reduces: true)]
        let schedule = Schedule(op: .allReduce, ranks: 2, count: 5, elementSize: 8, layout: BlockLayout(count: 5, blockCount: 1),
                                algorithm: "swap", explicitSteps: [swap])
        #expect(try InProcessExecutor.run(schedule, elementType: .float64, reduction: .sum) == [0, 0])
    }

    @Test("a schedule for another element size is refused")
    func elementSizeMismatch() {
        let schedule = RingSchedules.allReduce(ranks: 2, count: 4, elementSize: 4)
        #expect(throws: ExecutionError.elementSizeMismatch(scheduleElementSize: 4, type: .float64)) {
            try InProcessExecutor.run(schedule, elementType: .float64, reduction: .sum)
        }
    }
}
