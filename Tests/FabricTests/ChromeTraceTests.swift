import Fabric
import Foundation
import Reports
import SimKernel
import Testing

@Suite("Chrome trace")
struct ChromeTraceTests {
    @Test("a trace is valid JSON with one complete event per task of the chosen ranks, at exact times")
    func traceEvents() throws {
        var graph = TaskGraph(ranks: 2)
        graph.append(Task(.compute(.picoseconds(1_500_001)), label: "fwd \"0\"", category: "compute"), to: 0)
        graph.append(Task(.send(to: 1, bytes: 1_000_000, tag: 1), after: [0], label: "act", category: "pp"), to: 0)
        graph.append(Task(.receive(from: 0, bytes: 1_000_000, tag: 1), label: "act", category: "pp"), to: 1)
        let star = TestNetworks.star(hosts: 2)
        let timeline = try IterationEngine(topology: star).run(graph, on: AnalyticalNetwork(topology: star))
        let text = ChromeTrace.render(graph: graph, timeline: timeline, ranks: [0])
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let events = try #require(json?["traceEvents"] as? [[String: Any]])
        let complete = events.filter { $0["ph"] as? String == "X" }
        #expect(complete.count == 2)
        #expect(complete.map { $0["name"] as? String } == ["fwd \"0\"", "act"])
        #expect(complete[0]["dur"] as? Double == 1.500001)
        #expect(complete[1]["ts"] as? Double == 1.500001)
        #expect(complete[1]["dur"] as? Double == 82)
        #expect(text == ChromeTrace.render(graph: graph, timeline: timeline, ranks: [0]))
    }
}
