import Collectives
import SimKernel

/// What every rank does in one run of a workload: compute, collectives within groups, and
/// point-to-point messages, each on a stream, with dependencies. `IterationEngine` plays it over a
/// topology and a network model; the workload model (Sources/Workload) builds it.
///
/// Rules the engine follows:
/// - A rank's tasks on one stream run one after another, in list order. Tasks on different streams
///   of a rank run concurrently (a compute stream overlapping a communication stream, as CUDA streams
///   do), subject to `after`.
/// - A task starts when the previous task on its stream has finished and every task in `after` has
///   finished.
/// - A collective task is one member's part of a collective: the n-th collective task naming a group
///   on each member rank is the same collective instance. Each member starts its part of the schedule
///   when its own task starts (ranks that arrive early wait for their peers' messages, as with NCCL).
/// - A send and a receive match by (source, destination, tag); a send completes when the data has
///   arrived, a receive when its data has arrived and the receive has started.
public struct TaskGraph: Sendable {
    public var ranks: Int
    /// Communicator groups: the global ranks of each, in group-rank order.
    public var groups: [[Int]]
    /// The schedules collective tasks run, each stored once however many tasks share it (a
    /// GPT-3-sized iteration has millions of collective tasks and a handful of distinct schedules).
    public var schedules: [Schedule]
    /// Each rank's tasks; `Task.after` indices point into the same rank's list.
    public var tasks: [[Task]]

    public init(ranks: Int, groups: [[Int]] = [], schedules: [Schedule] = [], tasks: [[Task]]? = nil) {
        self.ranks = ranks
        self.groups = groups
        self.schedules = schedules
        self.tasks = tasks ?? Array(repeating: [], count: ranks)
    }

    /// Adds a schedule and returns its index, for `Task.Work.collective`.
    @discardableResult
    public mutating func addSchedule(_ schedule: Schedule) -> Int {
        schedules.append(schedule)
        return schedules.count - 1
    }

    /// Appends `task` to `rank`'s list and returns its index there.
    @discardableResult
    public mutating func append(_ task: Task, to rank: Int) -> Int {
        tasks[rank].append(task)
        return tasks[rank].count - 1
    }

    /// Adds a group and returns its index.
    @discardableResult
    public mutating func addGroup(_ members: [Int]) -> Int {
        groups.append(members)
        return groups.count - 1
    }
}

/// One unit of work on one rank.
public struct Task: Sendable {
    public enum Work: Sendable {
        /// Local work of a known duration (a GEMM, an optimizer step, ...).
        case compute(SimDuration)
        /// This rank's part of a collective: the schedule at `TaskGraph.schedules[schedule]` over
        /// `group` (an index into `TaskGraph.groups`).
        case collective(_ schedule: Int, group: Int)
        /// Send `bytes` to global rank `to`.
        case send(to: Int, bytes: Int64, tag: Int)
        /// Receive `bytes` from global rank `from`.
        case receive(from: Int, bytes: Int64, tag: Int)
    }

    public var work: Work
    /// The stream the task runs on (0 = compute by convention; others for communication).
    public var stream: Int
    /// Indices of tasks of the same rank that must finish before this one starts.
    public var after: [Int]
    /// What the timeline shows (`fwd L3`, `tp allreduce`, `dp bucket 2`, ...).
    public var label: String
    /// The kind used for breakdowns and trace tracks (`compute`, `tp`, `pp`, `dp`, `optimizer`, ...).
    public var category: String

    public init(_ work: Work, stream: Int = 0, after: [Int] = [], label: String, category: String) {
        self.work = work
        self.stream = stream
        self.after = after
        self.label = label
        self.category = category
    }
}

/// When each task ran: the engine's answer for a `TaskGraph`.
///
/// A task's span runs from its start to its end, except that a receive posted before its sender
/// started spans only the time its data was in flight (from the send's start): the wait before that
/// is the sender's own work, which a breakdown must not count as communication.
public struct TaskTimeline: Sendable {
    public struct Span: Hashable, Sendable {
        public var rank: Int32
        public var index: Int32
        public var start: SimDuration
        public var end: SimDuration
    }
    /// One span per task, by rank then task index.
    public var spans: [[Span]]
    /// Per-link traffic over the whole run.
    public var links: [LinkUsage]
    /// When the last task of each rank ended.
    public var rankFinish: [SimDuration]
    public var makespan: SimDuration { rankFinish.max() ?? .zero }
}
