#if MPI
import Collectives
import SimKernel

extension MPIExecutor {
    /// Times `iterations` back-to-back runs of `schedule` after `warmup` untimed ones, then (when
    /// `check`) resets the buffers, runs once more and verifies every element.
    ///
    /// Each rank keeps the mean time per run (nccl-tests' figure) and the median of its runs, which a
    /// rank descheduled for a few milliseconds on a shared machine barely moves.
    ///
    /// Timed runs repeat on the same buffers without resetting them, as nccl-tests does: the data
    /// changes from run to run (sums grow), which costs nothing, while a reset would add a buffer
    /// copy to every timed run. Every rank returns the same value.
    /// - Throws: as `run`.
    public func benchmark(_ schedule: Schedule, elementType: ElementType, reduction: ReductionOperator,
                          repetitions: MPIBenchmark.Repetitions) throws -> MPIBenchmark {
        let prepared = try prepare(schedule, elementType: elementType, reduction: reduction)
        return try measure(algorithm: schedule.algorithm, op: schedule.op, count: schedule.count, bytes: schedule.bytes,
                           repetitions: repetitions, run: ClosureRun(body: prepared.runOnce), reset: prepared.reset,
                           countWrong: prepared.countWrong)
    }

    /// Times the MPI library's own collective for `op` like `benchmark(_:...)` times a schedule.
    /// - Throws: as `runNative`.
    public func benchmarkNative(_ op: CollectiveOp, count: Int, elementType: ElementType, reduction: ReductionOperator,
                                repetitions: MPIBenchmark.Repetitions) throws -> MPIBenchmark {
        let prepared = try prepareNative(op, count: count, elementType: elementType, reduction: reduction)
        let bytes = Int64(count * elementType.size)
        guard op == .allReduce else {
            return try measure(algorithm: "native", op: op, count: count, bytes: bytes, repetitions: repetitions,
                               run: ClosureRun(body: prepared.call), reset: prepared.reset, countWrong: prepared.countWrong)
        }
        // MPI_Allreduce is called from the timing loop itself, with no closure between: what
        // `benchmarkAllReduceLoop`'s bare C loop is compared against.
        let run = AllReduceRun(communicator: communicator, send: UnsafeRawPointer(prepared.buffers.input.base),
                               receive: prepared.buffers.output.base, count: count, type: elementType.datatype, op: reduction)
        return try measure(algorithm: "native", op: op, count: count, bytes: bytes, repetitions: repetitions, run: run,
                           reset: prepared.reset, countWrong: prepared.countWrong)
    }

    /// Times MPI_Allreduce with the shim's bare C loop (`Communicator.allReduceLoop`) on the same
    /// buffers as `benchmarkNative`, then checks a separate run the same way: the reference that
    /// shows what this harness adds around the library call. The record's algorithm is `"c-loop"`;
    /// its median equals its mean (a bare loop reads the clock only twice).
    public func benchmarkAllReduceLoop(count: Int, elementType: ElementType, reduction: ReductionOperator,
                                       repetitions: MPIBenchmark.Repetitions) throws -> MPIBenchmark {
        let prepared = try prepareNative(.allReduce, count: count, elementType: elementType, reduction: reduction)
        let input = prepared.buffers.input, output = prepared.buffers.output
        let mean = try communicator.allReduceLoop(input.base, into: output.base, count: count, type: elementType.datatype,
                                                  op: reduction, warmup: repetitions.warmup, iterations: repetitions.iterations)
        let means = try communicator.allGather(mean)
        var wrong: Int?
        if repetitions.check {
            prepared.reset()
            try communicator.barrier()
            try prepared.call(Communicator.wallTime())
            wrong = Int(try communicator.allReduce([Int64(prepared.countWrong())], op: .sum)[0])
        }
        return MPIBenchmark(algorithm: "c-loop", op: .allReduce, ranks: communicator.size, count: count,
                            bytes: Int64(count * elementType.size), secondsPerRank: means, medianSecondsPerRank: means,
                            wrongElements: wrong)
    }

    /// The timing loop shared by schedules and library calls: the same code around both, so that
    /// their difference is the algorithm's alone.
    /// Generic over the run, so that the library's all-reduce is called from the loop itself.
    private func measure<Run: TimedRun>(algorithm: String, op: CollectiveOp, count: Int, bytes: Int64,
                                        repetitions: MPIBenchmark.Repetitions, run: Run, reset: () -> Void,
                                        countWrong: () -> Int) throws -> MPIBenchmark {
        var origin = Communicator.wallTime()
        for _ in 0..<repetitions.warmup { try run(origin) }
        try communicator.barrier()
        origin = Communicator.wallTime()
        let runs = Double(repetitions.iterations)
        let mean: Double, median: Double
        if repetitions.timesEachRun {
            var times = [Double](repeating: 0, count: repetitions.iterations)
            var previous = origin
            for iteration in times.indices {
                try run(origin)
                let now = Communicator.wallTime()
                times[iteration] = now - previous
                previous = now
            }
            mean = (previous - origin) / runs
            times.sort()
            let middle = times.count / 2
            median = times.count % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2
        } else {
            for _ in 0..<repetitions.iterations { try run(origin) }
            mean = (Communicator.wallTime() - origin) / runs
            median = mean
        }
        let means = try communicator.allGather(mean), medians = try communicator.allGather(median)

        var wrong: Int?
        if repetitions.check {
            reset()
            try communicator.barrier()
            try run(Communicator.wallTime())
            wrong = Int(try communicator.allReduce([Int64(countWrong())], op: .sum)[0])
        }
        return MPIBenchmark(algorithm: algorithm, op: op, ranks: communicator.size, count: count, bytes: bytes,
                            secondsPerRank: means, medianSecondsPerRank: medians, wrongElements: wrong)
    }
}

/// One timed run of a benchmark; the argument is the timing origin.
protocol TimedRun {
    func callAsFunction(_ origin: Double) throws
}

/// A run given as a closure (our schedules, and the library collectives other than all-reduce).
struct ClosureRun: TimedRun {
    let body: (Double) throws -> Void
    @inline(__always) func callAsFunction(_ origin: Double) throws { try body(origin) }
}

/// The library's MPI_Allreduce on prepared buffers, called directly from the timing loop.
struct AllReduceRun: TimedRun {
    let communicator: Communicator
    let send: UnsafeRawPointer
    let receive: UnsafeMutableRawPointer
    let count: Int
    let type: MPIDatatype
    let op: ReductionOperator

    @inline(__always) func callAsFunction(_ origin: Double) throws {
        try communicator.allReduce(send, into: receive, count: count, type: type, op: op)
    }
}
#endif
