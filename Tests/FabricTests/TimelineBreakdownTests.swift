import Fabric
import SimKernel
import Testing

@Suite("Timeline breakdown")
struct TimelineBreakdownTests {
    @Test("overlapped communication is hidden; only its exposed part and the idle gaps are counted")
    func exposedTime() throws {
        var graph = TaskGraph(ranks: 1)
        graph.append(Task(.compute(.microseconds(10)), label: "fwd", category: "compute"), to: 0)
        // A 6 us "dp" phase that starts at 7 us: 3 us hidden under compute, 3 us exposed.
        graph.append(Task(.compute(.microseconds(7)), stream: 1, label: "wait", category: "gap"), to: 0)
        graph.append(Task(.compute(.microseconds(6)), stream: 1, label: "dp", category: "dp"), to: 0)
        // Then 2 us of untracked waiting (idle) and 1 us of optimizer.
        graph.append(Task(.compute(.microseconds(2)), stream: 2, after: [2], label: "nothing", category: "skip"), to: 0)
        graph.append(Task(.compute(.microseconds(1)), stream: 2, label: "adam", category: "optimizer"), to: 0)
        let star = TestNetworks.star(hosts: 1)
        let timeline = try IterationEngine(topology: star).run(graph, on: AnalyticalNetwork(topology: star))
        let parts = TimelineBreakdown(graph: graph, timeline: timeline, rank: 0, priority: ["compute", "optimizer", "dp"])
        #expect(parts.time(of: "compute") == .microseconds(10))
        #expect(parts.time(of: "dp") == .microseconds(3))
        #expect(parts.time(of: TimelineBreakdown.idle) == .microseconds(2))
        #expect(parts.time(of: "optimizer") == .microseconds(1))
        #expect(parts.total == .microseconds(16))
        #expect(parts.parts.reduce(SimDuration.zero) { $0 + $1.time } == parts.total)
    }
}
