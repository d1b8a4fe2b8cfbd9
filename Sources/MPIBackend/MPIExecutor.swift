#if MPI
import Collectives
import SimKernel

/// Executes `Schedule` values with real buffers over MPI, and times the MPI library's own collectives
/// beside them; both return the simulator's `ExecutionRecord`, so prediction and measurement compare
/// line by line.
///
/// Every rank of the job calls the same method with the same arguments:
///
///     let world = try Communicator.world()
///     let run = try MPIExecutor(communicator: world).run(schedule, elementType: .float32, reduction: .sum)
///     // run.record.duration, run.wrongElements == 0
///
/// Inputs are `VerificationPattern` data and every output element is checked after the timed region.
public struct MPIExecutor: Sendable {
    /// How a run is watched and what it keeps.
    public struct Options: Sendable {
        /// The watchdog: the longest a rank waits without any of its messages completing before it
        /// gives up with `ExecutionError.timedOut` (a dead or hung peer). The caller should then
        /// `Communicator.abort`, since the peers may be blocked.
        public var timeout: SimDuration
        /// Whether to gather per-transfer timings into `ExecutionRecord.transfers` (two extra
        /// all-gathers after the timed region).
        public var recordTransfers: Bool
        /// Called on this rank at the start of every step, before its messages are posted; lets tests
        /// inject faults such as a rank that dies mid-schedule.
        public var stepWillBegin: (@Sendable (_ step: Int) -> Void)?

        public init(timeout: SimDuration = .seconds(60), recordTransfers: Bool = false,
                    stepWillBegin: (@Sendable (_ step: Int) -> Void)? = nil) {
            self.timeout = timeout
            self.recordTransfers = recordTransfers
            self.stepWillBegin = stepWillBegin
        }
    }

    public let communicator: Communicator
    public var options: Options

    public init(communicator: Communicator, options: Options = Options()) {
        self.communicator = communicator
        self.options = options
    }

    /// Runs `schedule` following its documented step semantics: per step, receives are posted into
    /// scratch, sends go from the buffers as they were at the step's start, all are awaited, then the
    /// received data is applied (copied or reduced) in the order of the step's transfers.
    ///
    /// Messages are tagged with the step modulo a bound below MPI_TAG_UB; several messages between
    /// the same two ranks in one step keep their order by MPI's non-overtaking rule.
    /// - Throws: `ExecutionError` when ranks disagree, the schedule does not fit the job or the
    ///   watchdog fires; `MPIError` when MPI fails. Unless the error `isCollective`, other ranks may
    ///   be blocked: end the job with `Communicator.abort`.
    public func run(_ schedule: Schedule, elementType: ElementType, reduction: ReductionOperator) throws -> MPIRun {
        let prepared = try prepare(schedule, elementType: elementType, reduction: reduction)
        try communicator.barrier()
        let origin = Communicator.wallTime()
        try prepared.runOnce(origin: origin)
        let finish = Communicator.wallTime() - origin

        let wrong = prepared.countWrong()
        let record = ExecutionRecord(
            executor: "mpi", algorithm: schedule.algorithm, op: schedule.op, ranks: schedule.ranks, bytes: schedule.bytes,
            rankFinish: try communicator.allGather(finish).map { SimDuration.seconds($0) },
            transfers: options.recordTransfers
                ? try gatherTimings(sends: prepared.runner.sends, receives: prepared.runner.receives) : [])
        return MPIRun(record: record, wrongElements: Int(try communicator.allReduce([Int64(wrong)], op: .sum)[0]))
    }

    /// Everything a run of `schedule` needs, allocated and generated before any clock starts: the
    /// buffers in their step-0 state, this rank's transfers of every step, and the step runner.
    /// - Throws: `ExecutionError` when ranks disagree or the schedule does not fit the job.
    func prepare(_ schedule: Schedule, elementType: ElementType, reduction: ReductionOperator) throws -> PreparedSchedule {
        let rank = communicator.rank
        try agree(on: RunFingerprint(schedule: schedule, elementType: elementType, reduction: reduction))
        guard schedule.elementSize == elementType.size else {
            throw ExecutionError.elementSizeMismatch(scheduleElementSize: schedule.elementSize, type: elementType)
        }
        guard schedule.ranks == communicator.size else {
            throw ExecutionError.rankCountMismatch(scheduleRanks: schedule.ranks, jobRanks: communicator.size)
        }
        let segments = Segments(of: schedule)
        let buffers = RankBuffers(op: schedule.op, rank: rank, count: schedule.count, type: elementType, segments: segments)
        let steps = (0..<schedule.stepCount).map { schedule.transfers(inStep: $0, involving: rank) }
        let scratchCount = steps.map { transfers in
            transfers.lazy.filter { Int($0.destination) == rank }
                .map { RankBuffers.destinationElements(of: $0, layout: schedule.layout).count }.reduce(0, +)
        }.max() ?? 0
        let runner = StepRunner(communicator: communicator, options: options, layout: schedule.layout,
                                buffers: buffers, scratch: RankBuffer(type: elementType, count: scratchCount),
                                requests: try RequestSet(), reduction: reduction,
                                tagBound: Swift.min(communicator.tagUpperBound, 32767) + 1)
        return PreparedSchedule(schedule: schedule, rank: rank, segments: segments, buffers: buffers, steps: steps,
                                runner: runner, reduction: reduction, stepWillBegin: options.stepWillBegin)
    }

    /// Checks with one all-reduce that every rank is about to run the same thing.
    /// - Throws: `ExecutionError.ranksDisagree` on every rank when any two fingerprints differ.
    public func agree(on fingerprint: RunFingerprint) throws {
        let value = Int64(bitPattern: fingerprint.value)
        // The maximum of x and of ~x give the maximum and (complemented) minimum in one call.
        let extremes = try communicator.allReduce([value, ~value], op: .max)
        guard extremes[0] == ~extremes[1] else {
            throw ExecutionError.ranksDisagree(rank: communicator.rank, description: fingerprint.description)
        }
    }
}

/// One rank's schedule, ready to run as many times as asked.
struct PreparedSchedule {
    let schedule: Schedule
    let rank: Int
    let segments: Segments
    let buffers: RankBuffers
    let steps: [[Transfer]]
    let runner: StepRunner
    let reduction: ReductionOperator
    let stepWillBegin: (@Sendable (_ step: Int) -> Void)?

    /// Runs every step once; times in the timing log are seconds since `origin`.
    func runOnce(origin: Double) throws {
        for (index, transfers) in steps.enumerated() {
            stepWillBegin?(index)
            try runner.run(index, transfers, origin: origin)
        }
    }

    /// Puts the buffers back in their step-0 state, so that a checked run starts from known data.
    func reset() { buffers.reset(op: schedule.op, rank: rank, segments: segments) }

    /// This rank's output elements that differ from the exact result.
    func countWrong() -> Int {
        VerificationPattern.countWrong(buffers.output, rank: rank, op: schedule.op, ranks: schedule.ranks,
                                       segments: segments, reduction: reduction)
    }
}
#endif
