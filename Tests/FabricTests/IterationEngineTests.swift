import Collectives
import SimKernel
import Testing
import Topology
@testable import Fabric

@Suite("Iteration engine")
struct IterationEngineTests {
    static let star4 = TestNetworks.star(hosts: 4)

    static func allReduce(ranks: Int, bytes: Int) throws -> Schedule {
        try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: ranks, count: bytes / 4, elementSize: 4)
    }

    @Test("tasks on one stream run back to back; tasks on two streams overlap")
    func streams() throws {
        var graph = TaskGraph(ranks: 1)
        graph.append(Task(.compute(.microseconds(3)), label: "a", category: "compute"), to: 0)
        graph.append(Task(.compute(.microseconds(4)), label: "b", category: "compute"), to: 0)
        graph.append(Task(.compute(.microseconds(5)), stream: 1, label: "c", category: "compute"), to: 0)
        graph.append(Task(.compute(.microseconds(1)), stream: 1, after: [1], label: "d", category: "compute"), to: 0)
        let timeline = try IterationEngine(topology: Self.star4).run(graph, on: AnalyticalNetwork(topology: Self.star4))
        let spans = timeline.spans[0]
        #expect(spans.map(\.start) == [.zero, .microseconds(3), .zero, .microseconds(7)])
        #expect(spans.map(\.end) == [.microseconds(3), .microseconds(7), .microseconds(5), .microseconds(8)])
        #expect(timeline.makespan == .microseconds(8))
    }

    @Test("a collective task alone takes exactly what ScheduleExecutor predicts", arguments: [2, 3, 4])
    func collectiveMatchesExecutor(ranks: Int) throws {
        let schedule = try Self.allReduce(ranks: ranks, bytes: 1 << 20)
        var graph = TaskGraph(ranks: ranks)
        let group = graph.addGroup(Array(0..<ranks))
        let shared = graph.addSchedule(schedule)
        for r in 0..<ranks { graph.append(Task(.collective(shared, group: group), label: "ar", category: "dp"), to: r) }
        for model in ["flow", "analytical"] {
            let engine = IterationEngine(topology: Self.star4)
            let executor = ScheduleExecutor(topology: Self.star4)
            let (timeline, record) = model == "flow"
                ? (try engine.run(graph, on: FlowNetwork(topology: Self.star4)), try executor.run(schedule, on: FlowNetwork(topology: Self.star4)))
                : (try engine.run(graph, on: AnalyticalNetwork(topology: Self.star4)), try executor.run(schedule, on: AnalyticalNetwork(topology: Self.star4)))
            #expect(timeline.rankFinish == record.rankFinish, "\(model)")
            #expect(timeline.links == record.links, "\(model)")
        }
    }

    @Test("a late member delays its peers by exactly its lateness")
    func lateMember() throws {
        let schedule = try Self.allReduce(ranks: 2, bytes: 1 << 20)
        var graph = TaskGraph(ranks: 2)
        let group = graph.addGroup([0, 1])
        let shared = graph.addSchedule(schedule)
        graph.append(Task(.compute(.microseconds(10)), label: "late", category: "compute"), to: 1)
        for r in 0..<2 { graph.append(Task(.collective(shared, group: group), label: "ar", category: "dp"), to: r) }
        let alone = try ScheduleExecutor(topology: Self.star4).run(schedule, on: FlowNetwork(topology: Self.star4)).duration
        let timeline = try IterationEngine(topology: Self.star4).run(graph, on: FlowNetwork(topology: Self.star4))
        #expect(timeline.rankFinish == [alone + .microseconds(10), alone + .microseconds(10)])
        #expect(timeline.spans[0][0].start == .zero)
    }

    @Test("two collectives of one group on two streams share the links and each slows down")
    func concurrentCollectivesContend() throws {
        let schedule = try Self.allReduce(ranks: 2, bytes: 1 << 20)
        var graph = TaskGraph(ranks: 2)
        let a = graph.addGroup([0, 1]), b = graph.addGroup([0, 1])
        let shared = graph.addSchedule(schedule)
        for r in 0..<2 {
            graph.append(Task(.collective(shared, group: a), stream: 1, label: "tp", category: "tp"), to: r)
            graph.append(Task(.collective(shared, group: b), stream: 2, label: "dp", category: "dp"), to: r)
        }
        let alone = try ScheduleExecutor(topology: Self.star4).run(schedule, on: FlowNetwork(topology: Self.star4)).duration
        let flow = try IterationEngine(topology: Self.star4).run(graph, on: FlowNetwork(topology: Self.star4))
        let analytical = try IterationEngine(topology: Self.star4).run(graph, on: AnalyticalNetwork(topology: Self.star4))
        // Each 512 KiB message shares its links with its twin: serialisation doubles, latency does not.
        let latency = SimDuration.microseconds(2) * 2
        #expect(flow.makespan == (alone - latency) * 2 + latency)
        #expect(analytical.makespan == alone)
    }

    @Test("a send and a receive match whichever comes first")
    func pointToPoint() throws {
        var graph = TaskGraph(ranks: 3)
        graph.append(Task(.send(to: 1, bytes: 1_000_000, tag: 7), label: "s", category: "pp"), to: 0)
        graph.append(Task(.compute(.microseconds(500)), label: "busy", category: "compute"), to: 1)
        graph.append(Task(.receive(from: 0, bytes: 1_000_000, tag: 7), label: "r", category: "pp"), to: 1)
        graph.append(Task(.receive(from: 1, bytes: 1_000_000, tag: 8), label: "r2", category: "pp"), to: 2)
        graph.append(Task(.send(to: 2, bytes: 1_000_000, tag: 8), stream: 1, label: "s2", category: "pp"), to: 1)
        let timeline = try IterationEngine(topology: Self.star4).run(graph, on: FlowNetwork(topology: Self.star4))
        // 1 MB at 100 Gbps is 80 us, plus two 1 us hops.
        #expect(timeline.spans[0][0].end == .microseconds(82))
        #expect(timeline.spans[1][1].end == .microseconds(500), "the late receive completes as soon as it starts")
        #expect(timeline.spans[2][0].end == .microseconds(82), "the early receive waits for the data")
    }

    @Test("a receive posted early spans only the time its data is in flight")
    func receiveSpan() throws {
        var graph = TaskGraph(ranks: 2)
        graph.append(Task(.compute(.microseconds(100)), label: "fwd", category: "compute"), to: 0)
        graph.append(Task(.send(to: 1, bytes: 1_000_000, tag: 1), after: [0], label: "act", category: "pp"), to: 0)
        graph.append(Task(.receive(from: 0, bytes: 1_000_000, tag: 1), label: "act", category: "pp"), to: 1)
        let timeline = try IterationEngine(topology: Self.star4).run(graph, on: AnalyticalNetwork(topology: Self.star4))
        #expect(timeline.spans[1][0].start == .microseconds(100))
        #expect(timeline.spans[1][0].end == .microseconds(182))
        let parts = TimelineBreakdown(graph: graph, timeline: timeline, rank: 1, priority: ["compute", "pp"])
        #expect(parts.time(of: TimelineBreakdown.idle) == .microseconds(100))
        #expect(parts.time(of: "pp") == .microseconds(82))
    }

    @Test("a receive nobody sends is a deadlock, reported with the task")
    func deadlock() {
        var graph = TaskGraph(ranks: 2)
        graph.append(Task(.receive(from: 1, bytes: 8, tag: 1), label: "wait forever", category: "pp"), to: 0)
        #expect(throws: IterationEngine.EngineError.deadlock(rank: 0, task: "wait forever")) {
            try IterationEngine(topology: Self.star4).run(graph, on: AnalyticalNetwork(topology: Self.star4))
        }
    }

    @Test("a task in a group that does not include its rank is rejected")
    func malformed() throws {
        var graph = TaskGraph(ranks: 3)
        let group = graph.addGroup([0, 1])
        let schedule = graph.addSchedule(try Self.allReduce(ranks: 2, bytes: 64))
        graph.append(Task(.collective(schedule, group: group), label: "x", category: "dp"), to: 2)
        #expect(throws: IterationEngine.EngineError.malformed("rank 2 task 'x' joins group 0, which does not include it")) {
            try IterationEngine(topology: Self.star4).run(graph, on: AnalyticalNetwork(topology: Self.star4))
        }
    }
}
