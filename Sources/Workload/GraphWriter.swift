import Collectives
import Fabric

/// The streams every workload's tasks use. Compute and tensor-parallel collectives share stream 0,
/// because Megatron-LM's tensor-parallel all-reduces block the compute stream; pipeline receives and
/// sends, gradient reductions, ZeRO-3 prefetches and DLRM's all-to-all each have a stream of their
/// own, so they overlap compute as separate CUDA streams do.
public enum Stream {
    public static let compute = 0
    public static let receive = 1
    public static let send = 2
    public static let gradients = 3
    public static let prefetch = 4
    public static let exchange = 5
}

/// Builds a `TaskGraph`: keeps the groups and one schedule per distinct collective.
struct GraphWriter {
    struct ScheduleKey: Hashable {
        var op: CollectiveOp
        var ranks: Int
        var count: Int
        var elementSize: Int
    }

    var graph: TaskGraph
    let algorithm: CollectiveAlgorithm
    /// Index in `graph.schedules` of each distinct collective built so far.
    private var schedules: [ScheduleKey: Int] = [:]

    init(ranks: Int, algorithm: CollectiveAlgorithm) {
        self.graph = TaskGraph(ranks: ranks)
        self.algorithm = algorithm
    }

    /// The index in `graph.schedules` of the schedule of `op` over `ranks` ranks and `count` elements,
    /// built once and shared by every task that runs the same collective. All-to-all falls back to
    /// `direct` when the chosen algorithm has no schedule for it.
    mutating func schedule(_ op: CollectiveOp, ranks: Int, count: Int, elementSize: Int) throws -> Int {
        let key = ScheduleKey(op: op, ranks: ranks, count: count, elementSize: elementSize)
        if let cached = schedules[key] { return cached }
        let chosen = algorithm.supports(op) ? algorithm : .direct
        let index = graph.addSchedule(try chosen.schedule(op, ranks: ranks, count: count, elementSize: elementSize))
        schedules[key] = index
        return index
    }
}

/// One rank's task list while it is written: compute accumulates until a communication task or a
/// dependency forces it into a task, so consecutive operations become one compute task.
struct RankWriter {
    let rank: Int
    private(set) var tasks: [Task] = []
    private var pendingSeconds = 0.0
    private var pendingLabel = ""
    private var pendingCategory = "compute"
    /// Tasks the next stream-0 task must wait for (a receive, a prefetch).
    private var waitFor: [Int] = []
    /// The last task on stream 0, which everything produced so far has finished by.
    private(set) var lastOnCompute: Int?

    init(rank: Int) { self.rank = rank }

    /// Adds `seconds` of compute to the pending task, named by the first label given since the last flush.
    mutating func compute(_ seconds: Double, label: String, category: String = "compute") {
        if pendingLabel.isEmpty {
            pendingLabel = label
            pendingCategory = category
        }
        pendingSeconds += seconds
    }

    /// Makes the pending compute a task (if there is any) and returns the last stream-0 task.
    @discardableResult
    mutating func flush() -> Int? {
        if !pendingLabel.isEmpty {
            let task = Task(.compute(.seconds(pendingSeconds)), stream: Stream.compute, after: waitFor,
                            label: pendingLabel, category: pendingCategory)
            waitFor = []
            tasks.append(task)
            lastOnCompute = tasks.count - 1
            pendingSeconds = 0
            pendingLabel = ""
        }
        return lastOnCompute
    }

    /// The next stream-0 task also waits for task `index`.
    mutating func wait(for index: Int?) {
        if let index { waitFor.append(index) }
    }

    /// Appends a task on stream 0 after flushing pending compute.
    @discardableResult
    mutating func onCompute(_ work: Task.Work, label: String, category: String, after extra: [Int] = []) -> Int {
        flush()
        tasks.append(Task(work, stream: Stream.compute, after: waitFor + extra, label: label, category: category))
        waitFor = []
        lastOnCompute = tasks.count - 1
        return tasks.count - 1
    }

    /// Appends a task on another stream.
    @discardableResult
    mutating func append(_ work: Task.Work, stream: Int, after: [Int], label: String, category: String) -> Int {
        precondition(stream != Stream.compute, "use onCompute for stream 0 tasks (rank \(rank))")
        tasks.append(Task(work, stream: stream, after: after, label: label, category: category))
        return tasks.count - 1
    }
}
