import Fabric
import Foundation
import SimKernel

/// A timeline in the Chrome trace event format, which Perfetto (ui.perfetto.dev) and chrome://tracing
/// open: one process per rank, one track per task category (compute, tp, pp, dp, ...).
///
/// Events are complete events (`"ph": "X"`) with microsecond timestamps printed with picosecond
/// precision, in rank, track and start order, so the same run always writes the same bytes.
/// See "Trace Event Format" (Google, 2016) for the schema.
public enum ChromeTrace {
    /// The trace of `ranks` (all ranks when nil) of a run of `graph`.
    public static func render(graph: TaskGraph, timeline: TaskTimeline, ranks: [Int]? = nil) -> String {
        let chosen = ranks ?? Array(0..<graph.ranks)
        let categories = Array(Set(graph.tasks.flatMap { $0.map(\.category) })).sorted()
        let track = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        var events: [String] = []
        for rank in chosen where (0..<graph.ranks).contains(rank) {
            events.append(#"{"name":"process_name","ph":"M","pid":\#(rank),"args":{"name":"rank \#(rank)"}}"#)
            events.append(#"{"name":"process_sort_index","ph":"M","pid":\#(rank),"args":{"sort_index":\#(rank)}}"#)
            let used = Set(graph.tasks[rank].map(\.category))
            for category in categories where used.contains(category) {
                events.append(#"{"name":"thread_name","ph":"M","pid":\#(rank),"tid":\#(track[category, default: 0]),"args":{"name":\#(jsonString(category))}}"#)
            }
            let order = graph.tasks[rank].indices.sorted {
                let a = graph.tasks[rank][$0], b = graph.tasks[rank][$1]
                let sa = timeline.spans[rank][$0].start, sb = timeline.spans[rank][$1].start
                return (track[a.category, default: 0], sa, $0) < (track[b.category, default: 0], sb, $1)
            }
            for index in order {
                let task = graph.tasks[rank][index]
                let span = timeline.spans[rank][index]
                events.append("{\"name\":\(jsonString(task.label)),\"cat\":\(jsonString(task.category)),\"ph\":\"X\","
                    + "\"ts\":\(microseconds(span.start)),\"dur\":\(microseconds(span.end - span.start)),"
                    + "\"pid\":\(rank),\"tid\":\(track[task.category, default: 0])}")
            }
        }
        return "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n" + events.joined(separator: ",\n") + "\n]}\n"
    }

    /// Microseconds with six decimals, exact for whole picoseconds.
    static func microseconds(_ d: SimDuration) -> String {
        let ps = d.picoseconds
        let whole = ps / 1_000_000, fraction = abs(ps % 1_000_000)
        let padded = String(fraction).leftPadded(to: 6)
        return (ps < 0 && whole == 0 ? "-" : "") + "\(whole).\(padded)"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
