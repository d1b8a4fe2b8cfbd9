/// Why an executor refused or failed to run a schedule.
public enum ExecutionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The schedule was built for elements of another size than the buffer type.
    case elementSizeMismatch(scheduleElementSize: Int, type: ElementType)
    /// The schedule was built for another number of ranks than the job has.
    case rankCountMismatch(scheduleRanks: Int, jobRanks: Int)
    /// The ranks were asked to run different collectives (count, type, algorithm, ...); caught before any timing.
    case ranksDisagree(rank: Int, description: String)
    /// A rank waited longer than the watchdog allows without any of its messages completing, as when a peer died.
    case timedOut(rank: Int, step: Int, waitingFor: [Int], seconds: Double)
    /// The library collective cannot express this operation and size (e.g. a count not divisible by the ranks).
    case unsupported(String)

    /// Whether every rank of the job throws this error together, so the job can still finalize
    /// normally. Otherwise peers may be blocked waiting for this rank: end the job with
    /// `Communicator.abort` (mpirun then stops every rank).
    public var isCollective: Bool {
        switch self {
        case .elementSizeMismatch, .rankCountMismatch, .ranksDisagree, .unsupported: true
        case .timedOut: false
        }
    }

    /// Whether the ranks stopped because they were asked to run different things; each rank's own
    /// message then says what it was asked, so every rank should print it.
    public var isDisagreement: Bool {
        if case .ranksDisagree = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .elementSizeMismatch(let size, let type):
            "the schedule has \(size)-byte elements but the buffers hold \(type) (\(type.size) bytes)"
        case .rankCountMismatch(let scheduleRanks, let jobRanks):
            "the schedule is for \(scheduleRanks) ranks but the job has \(jobRanks) (mpirun -np \(scheduleRanks))"
        case .ranksDisagree(let rank, let what):
            "rank \(rank): ranks disagree on what to run (this rank: \(what)); start every rank with the same arguments"
        case .timedOut(let rank, let step, let peers, let seconds):
            "rank \(rank): step \(step): no progress for \(seconds) s waiting on rank(s) \(peers.map(String.init).joined(separator: ", ")); a peer has probably died or hung"
        case .unsupported(let why):
            why
        }
    }
}
