import Collectives
import SimKernel
import Topology

/// The mutable state of one `IterationEngine` run. Tasks are numbered globally (rank by rank), and
/// dependencies are kept as compressed rows so that millions of tasks stay compact.
struct IterationPlay<Network: NetworkModel> {
    enum Event {
        case taskDone(task: Int32)
        case memberResume(instance: Int32, member: Int32)
    }

    enum Message {
        case collective(instance: Int32, step: Int32, source: Int32, destination: Int32)
        case pointToPoint(senderTask: Int32, key: MessageKey)
    }

    struct MessageKey: Hashable {
        var source: Int32, destination: Int32, tag: Int
    }

    /// One collective: its schedule and each member's progress through it.
    struct Instance {
        let schedule: Schedule
        let members: [Int]
        var step: [Int32]
        var outstanding: [Int32]
        var reduceBytes: [Int64]
        var task: [Int32]
        /// Arrivals for a member that has not reached that step yet, by `member * stepCount + step`.
        var early: [Int64: Int32] = [:]

        init(schedule: Schedule, members: [Int]) {
            self.schedule = schedule
            self.members = members
            step = Array(repeating: -1, count: members.count)
            outstanding = Array(repeating: 0, count: members.count)
            reduceBytes = Array(repeating: 0, count: members.count)
            task = Array(repeating: -1, count: members.count)
        }
    }

    let graph: TaskGraph
    var network: Network
    var clock = Simulator<Event>()
    let reducePicosecondsPerByte: Double

    /// First global task id of each rank (and the total at the end).
    let base: [Int32]
    var pending: [Int32]
    let dependentStart: [Int32]
    let dependents: [Int32]
    /// The collective instance of each collective task, -1 for other tasks.
    let instanceOf: [Int32]
    var instances: [Instance]
    let memberIndex: [[Int: Int32]]
    var start: [Int64]
    var end: [Int64]
    var inFlight: [Int: Message] = [:]
    var arrived: Set<MessageKey> = []
    var waiting: [MessageKey: Int32] = [:]
    var routes: RouteCache
    var ready: [(task: Int32, time: SimTime)] = []
    var finished: [(task: Int32, time: SimTime)] = []
    /// One member's transfers of one step, reused so that walking a schedule allocates nothing.
    var batch: [Transfer] = []

    init(graph: TaskGraph, topology: Topology, placement: [Int], options: IterationEngine.Options,
         network: Network) throws(IterationEngine.EngineError) {
        self.graph = graph
        self.network = network
        routes = RouteCache(topology: topology, placement: placement)
        reducePicosecondsPerByte = options.reductionRate?.picosecondsPerByte ?? 0
        guard graph.tasks.count == graph.ranks else {
            throw .malformed("\(graph.tasks.count) task lists for \(graph.ranks) ranks")
        }
        var base: [Int32] = [0]
        for list in graph.tasks { base.append(base[base.count - 1] + Int32(list.count)) }
        self.base = base
        let total = Int(base[graph.ranks])

        var memberIndex: [[Int: Int32]] = []
        for (g, members) in graph.groups.enumerated() {
            var index: [Int: Int32] = [:]
            for (local, rank) in members.enumerated() {
                guard (0..<graph.ranks).contains(rank), index[rank] == nil else {
                    throw .malformed("group \(g) lists rank \(rank) twice or out of range")
                }
                index[rank] = Int32(local)
            }
            memberIndex.append(index)
        }
        self.memberIndex = memberIndex

        // Predecessors: the previous task on the same stream, plus `after`.
        var pending = [Int32](repeating: 0, count: total)
        var edges: [(from: Int32, to: Int32)] = []
        var instanceOf = [Int32](repeating: -1, count: total)
        var instances: [Instance] = []
        var instanceKey: [Int64: Int32] = [:]
        for rank in 0..<graph.ranks {
            var lastOnStream: [Int: Int32] = [:]
            var sequence: [Int: Int] = [:]
            for (index, task) in graph.tasks[rank].enumerated() {
                let id = base[rank] + Int32(index)
                if let previous = lastOnStream[task.stream] { edges.append((previous, id)) }
                lastOnStream[task.stream] = id
                for dependency in task.after {
                    guard (0..<graph.tasks[rank].count).contains(dependency), dependency != index else {
                        throw .malformed("rank \(rank) task '\(task.label)' depends on task \(dependency)")
                    }
                    edges.append((base[rank] + Int32(dependency), id))
                }
                switch task.work {
                case let .collective(scheduleIndex, group):
                    guard (0..<graph.schedules.count).contains(scheduleIndex) else {
                        throw .malformed("rank \(rank) task '\(task.label)' names schedule \(scheduleIndex) of \(graph.schedules.count)")
                    }
                    let schedule = graph.schedules[scheduleIndex]
                    guard (0..<graph.groups.count).contains(group), memberIndex[group][rank] != nil else {
                        throw .malformed("rank \(rank) task '\(task.label)' joins group \(group), which does not include it")
                    }
                    guard schedule.ranks == graph.groups[group].count else {
                        throw .malformed("task '\(task.label)' has a \(schedule.ranks)-rank schedule for a \(graph.groups[group].count)-rank group")
                    }
                    let n = sequence[group, default: 0]
                    sequence[group] = n + 1
                    let key = Int64(group) << 32 | Int64(n)
                    if let existing = instanceKey[key] {
                        instanceOf[Int(id)] = existing
                    } else {
                        instanceKey[key] = Int32(instances.count)
                        instanceOf[Int(id)] = Int32(instances.count)
                        instances.append(Instance(schedule: schedule, members: graph.groups[group]))
                    }
                case let .send(to, _, _):
                    guard (0..<graph.ranks).contains(to), to != rank else { throw .malformed("rank \(rank) sends to rank \(to)") }
                case let .receive(from, _, _):
                    guard (0..<graph.ranks).contains(from), from != rank else { throw .malformed("rank \(rank) receives from rank \(from)") }
                case .compute: break
                }
            }
        }
        var counts = [Int32](repeating: 0, count: total + 1)
        for edge in edges {
            counts[Int(edge.from) + 1] += 1
            pending[Int(edge.to)] += 1
        }
        for i in 0..<total { counts[i + 1] += counts[i] }
        var fill = counts
        var dependents = [Int32](repeating: 0, count: edges.count)
        for edge in edges {
            dependents[Int(fill[Int(edge.from)])] = edge.to
            fill[Int(edge.from)] += 1
        }
        self.pending = pending
        self.dependentStart = counts
        self.dependents = dependents
        self.instanceOf = instanceOf
        self.instances = instances
        start = Array(repeating: -1, count: total)
        end = Array(repeating: -1, count: total)
    }
}
