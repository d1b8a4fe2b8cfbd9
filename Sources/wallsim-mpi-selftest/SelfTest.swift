#if MPI
import Collectives
import MPIBackend

/// Every executor case the self-test runs on the job's ranks: test schedules and the library's own
/// collectives, over all element types, reductions and a range of odd counts, each verified element by
/// element.
struct SelfTest {
    let executor: MPIExecutor
    let verbose: Bool
    private(set) var passed = 0
    private(set) var failed = 0

    init(executor: MPIExecutor, verbose: Bool) {
        self.executor = executor
        self.verbose = verbose
    }

    var rank: Int { executor.communicator.rank }
    var ranks: Int { executor.communicator.size }

    /// Runs every case for each of `counts`; pick counts that do not divide evenly, that are smaller
    /// than the ranks (empty blocks) and a few thousand.
    mutating func runAll(counts: [Int]) throws {
        for type in ElementType.allCases {
            for count in counts {
                for reduction in ReductionOperator.allCases {
                    try check(TestSchedules.ringAllReduce(ranks: ranks, count: count, elementSize: type.size), type, reduction)
                    try check(TestSchedules.ringAllReduce(ranks: ranks, count: count, elementSize: type.size, split: 2), type, reduction)
                    try check(TestSchedules.ringReduceScatter(ranks: ranks, count: count, elementSize: type.size), type, reduction)
                    for op in [CollectiveOp.allReduce, .reduce(root: ranks - 1), .reduceScatter] {
                        try checkNative(op, count: count, type, reduction)
                    }
                }
                try check(TestSchedules.ringAllGather(ranks: ranks, count: count, elementSize: type.size), type, .sum)
                try check(TestSchedules.linearBroadcast(ranks: ranks, count: count, elementSize: type.size), type, .sum)
                try check(TestSchedules.pairwiseAllToAll(ranks: ranks, count: count * ranks, elementSize: type.size), type, .sum)
                for op in [CollectiveOp.allGather, .broadcast(root: ranks - 1), .allToAll, .sendReceive(source: 0, destination: ranks - 1)] {
                    try checkNative(op, count: op.isSegmentedByRank ? count * ranks : count, type, .sum)
                }
            }
        }
        try checkTransferTimings()
        checkTypedErrors()
    }

    /// Runs every `CollectiveAlgorithm` on every operation it supports, with chunk counts 1 and 3, so
    /// that the chunk-major segments of real schedules are exercised (all-to-all gets `count x ranks`
    /// elements, since its count must divide by the ranks).
    mutating func runAlgorithms(counts: [Int], chunks: [Int] = [1, 3]) throws {
        let ops: [CollectiveOp] = [.allReduce, .reduceScatter, .allGather, .broadcast(root: ranks - 1),
                                   .reduce(root: ranks - 1), .allToAll, .sendReceive(source: ranks - 1, destination: 0)]
        for algorithm in CollectiveAlgorithm.allCases {
            for op in ops where algorithm.supports(op) {
                for count in counts {
                    for chunkCount in chunks {
                        let elements = op == .allToAll ? count * ranks : count
                        let reductions: [ReductionOperator] = op.reduces ? [.sum, .max] : [.sum]
                        for reduction in reductions {
                            let schedule = try algorithm.schedule(op, ranks: ranks, count: elements, elementSize: 4,
                                                                  chunks: chunkCount)
                            let run = try executor.run(schedule, elementType: .float32, reduction: reduction)
                            report(run, type: .float32, reduction: reduction, count: elements,
                                   note: "chunks=\(chunkCount)")
                        }
                    }
                }
            }
        }
    }

    /// MPI errors come back as typed values (MPI_ERRORS_RETURN), not as aborts: a broadcast from a
    /// rank that does not exist fails on every rank with `MPIError.invalidRoot`.
    mutating func checkTypedErrors() {
        var value: Int32 = 0
        do throws(MPIError) {
            try executor.communicator.broadcast(&value, count: 1, type: .int32, root: ranks)
            tally(false, "a broadcast from root \(ranks) of \(ranks) ranks did not fail")
        } catch {
            guard case .invalidRoot = error else { return tally(false, "wrong error for an invalid root: \(error)") }
            tally(true, "an invalid root is MPIError.invalidRoot (\(error.message))")
        }
    }

    /// Runs one schedule and counts it as passed when no element is wrong.
    mutating func check(_ schedule: Schedule, _ type: ElementType, _ reduction: ReductionOperator) throws {
        let run = try executor.run(schedule, elementType: type, reduction: reduction)
        report(run, type: type, reduction: reduction, count: schedule.count)
    }

    mutating func checkNative(_ op: CollectiveOp, count: Int, _ type: ElementType, _ reduction: ReductionOperator) throws {
        guard !op.isSegmentedByRank || count % ranks == 0 else { return }
        let run = try executor.runNative(op, count: count, elementType: type, reduction: reduction)
        report(run, type: type, reduction: reduction, count: count)
    }

    /// The timing log must hold every transfer of the schedule exactly once, with its bytes.
    mutating func checkTransferTimings() throws {
        var options = executor.options
        options.recordTransfers = true
        let timed = MPIExecutor(communicator: executor.communicator, options: options)
        let schedule = TestSchedules.ringAllReduce(ranks: ranks, count: 1001, elementSize: 4, split: 2)
        let run = try timed.run(schedule, elementType: .float32, reduction: .sum)
        let expected = (0..<schedule.stepCount).flatMap { step in
            schedule.transfers(inStep: step).map { "\(step) \($0.source) \($0.destination) \(schedule.bytes(of: $0))" }
        }.sorted()
        let logged = run.record.transfers.map { "\($0.step) \($0.source) \($0.destination) \($0.bytes)" }.sorted()
        let ok = logged == expected && run.wrongElements == 0
            && run.record.transfers.allSatisfy { $0.start >= .zero && $0.end >= .zero && $0.end < .seconds(60) }
        tally(ok, "transfer timings: \(logged.count) logged, \(expected.count) in the schedule")
    }

    private mutating func report(_ run: MPIRun, type: ElementType, reduction: ReductionOperator, count: Int,
                                 note: String = "") {
        let record = run.record
        let redop = record.op.reduces ? reduction.rawValue : "none"
        let line = "\(record.op.name) \(record.algorithm) \(type) \(redop) count=\(count)\(note.isEmpty ? "" : " " + note): "
            + "\(record.duration) #wrong=\(run.wrongElements)"
        // Finish times must be real measurements: one per rank, none negative or absurd, not all zero.
        let plausible = record.rankFinish.count == ranks && record.duration > .zero
            && record.rankFinish.allSatisfy { $0 >= .zero && $0 < .seconds(60) }
        tally(run.wrongElements == 0 && plausible, line)
    }

    private mutating func tally(_ ok: Bool, _ line: String) {
        if ok { passed += 1 } else { failed += 1 }
        if rank == 0 && (verbose || !ok) { print((ok ? "ok   " : "FAIL ") + line) }
    }
}
#endif
