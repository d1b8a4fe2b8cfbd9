import Collectives

/// Executes a schedule over real buffers for every rank inside one process, following `Schedule`'s
/// step semantics: the reference that the MPI executor is checked against, usable without MPI.
///
///     let wrong = try InProcessExecutor.run(schedule, elementType: .float32, reduction: .sum)
///     // wrong[r] == 0 for every rank r when the schedule is correct
public enum InProcessExecutor {
    /// Runs `schedule` on `VerificationPattern` inputs and returns, per rank, the number of output
    /// elements that differ from the operation's exact result.
    /// - Complexity: O(steps x transfers x elements moved + ranks x count).
    public static func run(_ schedule: Schedule, elementType: ElementType,
                           reduction: ReductionOperator) throws(ExecutionError) -> [Int] {
        guard schedule.elementSize == elementType.size else {
            throw .elementSizeMismatch(scheduleElementSize: schedule.elementSize, type: elementType)
        }
        let segments = Segments(of: schedule)
        let buffers = (0..<schedule.ranks).map {
            RankBuffers(op: schedule.op, rank: $0, count: schedule.count, type: elementType, segments: segments)
        }
        for step in 0..<schedule.stepCount {
            let transfers = schedule.transfers(inStep: step)
            // Every send reads its buffer as it was when the step began, so all data is staged first.
            let staged = transfers.map { transfer -> RankBuffer in
                let elements = RankBuffers.sourceElements(of: transfer, layout: schedule.layout)
                let copy = RankBuffer(type: elementType, count: RankBuffers.elementCount(of: transfer, layout: schedule.layout))
                let source = buffers[Int(transfer.source)].buffer(transfer.sourceBuffer)
                copy.base.copyMemory(from: source.address(of: elements.lowerBound), byteCount: copy.byteCount)
                return copy
            }
            for (transfer, data) in zip(transfers, staged) {
                buffers[Int(transfer.destination)].apply(transfer, data: data.base, layout: schedule.layout, reduction: reduction)
            }
        }
        return buffers.indices.map { rank in
            VerificationPattern.countWrong(buffers[rank].output, rank: rank, op: schedule.op, ranks: schedule.ranks,
                                           segments: segments, reduction: reduction)
        }
    }
}
