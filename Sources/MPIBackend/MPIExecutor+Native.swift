#if MPI
import Collectives
import SimKernel

extension MPIExecutor {
    /// Times the MPI library's own algorithm for `op` (MPI_Allreduce, MPI_Reduce,
    /// MPI_Reduce_scatter_block, MPI_Allgather, MPI_Bcast, MPI_Alltoall, or a send/receive pair) on
    /// `count` elements per rank, with the same inputs, verification and record as `run`, so that
    /// our schedules are always measured beside it. The record's algorithm is `"native"`.
    ///
    /// The library collectives block inside MPI, so the watchdog covers only the send/receive pair;
    /// a peer that dies during a blocking collective is left to mpirun, which ends the job.
    /// - Throws: `ExecutionError.unsupported` for rank-segmented operations whose count is not a
    ///   multiple of the ranks (MPI's block collectives need equal segments).
    public func runNative(_ op: CollectiveOp, count: Int, elementType: ElementType,
                          reduction: ReductionOperator) throws -> MPIRun {
        let prepared = try prepareNative(op, count: count, elementType: elementType, reduction: reduction)
        try communicator.barrier()
        let origin = Communicator.wallTime()
        try prepared.call(origin)
        let finish = Communicator.wallTime() - origin

        let record = ExecutionRecord(
            executor: "mpi", algorithm: "native", op: op, ranks: communicator.size, bytes: Int64(count * elementType.size),
            rankFinish: try communicator.allGather(finish).map { SimDuration.seconds($0) })
        let wrong = prepared.countWrong()
        return MPIRun(record: record, wrongElements: Int(try communicator.allReduce([Int64(wrong)], op: .sum)[0]))
    }

    /// The buffers and the one library call of a native run, ready to be made as often as asked.
    func prepareNative(_ op: CollectiveOp, count: Int, elementType: ElementType,
                       reduction: ReductionOperator) throws -> PreparedNative {
        let rank = communicator.rank, ranks = communicator.size
        try agree(on: RunFingerprint(native: op, count: count, elementType: elementType, reduction: reduction))
        if op.isSegmentedByRank && count % ranks != 0 {
            throw ExecutionError.unsupported(
                "the library's \(op.name) needs a count divisible by the ranks, not \(count) elements over \(ranks) ranks")
        }
        let segments = Segments.contiguous(count: count, ranks: ranks)
        let buffers = RankBuffers(op: op, rank: rank, count: count, type: elementType, segments: segments)
        let input = buffers.input, output = buffers.output
        let type = elementType.datatype, perRank = count / ranks
        let communicator = communicator
        let mine = segments.runs(of: rank)[0].lowerBound
        let call: (Double) throws -> Void
        switch op {
        case .allReduce:
            call = { _ in try communicator.allReduce(input.base, into: output.base, count: count, type: type, op: reduction) }
        case .reduce(let root):
            call = { _ in
                try communicator.reduce(input.base, into: output.base, count: count, type: type, op: reduction, root: root)
            }
        case .reduceScatter:
            call = { _ in
                try communicator.reduceScatterBlock(input.base, into: output.address(of: mine), countPerRank: perRank,
                                                    type: type, op: reduction)
            }
        case .allGather:
            call = { _ in
                try communicator.allGather(input.address(of: mine), countPerRank: perRank, into: output.base, type: type)
            }
        case .broadcast(let root):
            call = { _ in try communicator.broadcast(output.base, count: count, type: type, root: root) }
        case .allToAll:
            call = { _ in try communicator.allToAll(input.base, countPerRank: perRank, into: output.base, type: type) }
        case .sendReceive(let source, let destination):
            let pair = try sendReceiveStep(from: source, to: destination, buffers: buffers)
            call = { origin in try pair.runner.run(0, pair.transfers, origin: origin) }
        }
        return PreparedNative(op: op, rank: rank, ranks: ranks, segments: segments, buffers: buffers,
                              reduction: reduction, call: call)
    }

    /// The whole buffer from `source`'s input to `destination`'s output, as a one-step schedule whose
    /// scratch is allocated before the clock starts.
    private func sendReceiveStep(from source: Int, to destination: Int,
                                 buffers: RankBuffers) throws -> (runner: StepRunner, transfers: [Transfer]) {
        let whole = BlockLayout(count: buffers.input.count, blockCount: 1)
        let transfer = Transfer(from: source, to: destination, blocks: 0..<1, reduces: false, reading: .input)
        let involved = communicator.rank == source || communicator.rank == destination
        let runner = StepRunner(communicator: communicator, options: options, layout: whole, buffers: buffers,
                                scratch: RankBuffer(type: buffers.input.type, count: buffers.input.count),
                                requests: try RequestSet(), reduction: .sum, tagBound: 1)
        return (runner, involved ? [transfer] : [])
    }
}

/// One rank's native collective, ready to call as many times as asked.
struct PreparedNative {
    let op: CollectiveOp
    let rank: Int
    let ranks: Int
    let segments: Segments
    let buffers: RankBuffers
    let reduction: ReductionOperator
    /// Makes the library call once; the argument is the timing origin (used by send/receive's log).
    let call: (Double) throws -> Void

    func reset() { buffers.reset(op: op, rank: rank, segments: segments) }

    func countWrong() -> Int {
        VerificationPattern.countWrong(buffers.output, rank: rank, op: op, ranks: ranks, segments: segments,
                                       reduction: reduction)
    }
}
#endif
