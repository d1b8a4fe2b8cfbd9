import SimKernel

/// Where one rank's time went: every instant of the run attributed to exactly one category.
///
/// Categories are ranked by priority (others are not tracked); an instant where several are active goes to the highest-ranked
/// one, and an instant where none is active is idle (`idle`; in a pipeline, the bubble). With the
/// compute categories first, what is left to a communication category is its *exposed* time: the part
/// that no computation hides. The parts add up to the rank's span from zero to its last task.
///
///     let parts = TimelineBreakdown(graph: graph, timeline: timeline, rank: 0,
///                                   priority: ["compute", "optimizer", "tp", "pp", "dp"])
///     parts.time(of: "dp")   // exposed data-parallel communication
///
/// - Complexity: O(t log t) for the rank's t tasks.
public struct TimelineBreakdown: Sendable {
    public static let idle = "idle"

    /// Time attributed to each category (and `idle`), in priority order, idle last.
    public private(set) var parts: [(category: String, time: SimDuration)]
    public let total: SimDuration

    public init(graph: TaskGraph, timeline: TaskTimeline, rank: Int, priority: [String]) {
        // Categories not named in `priority` are not tracked: their time counts as idle.
        let order = priority
        let rankOf = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        // Sweep over start (+1) and end (-1) boundaries, keeping a count of active tasks per category.
        var boundaries: [(time: Int64, category: Int, delta: Int)] = []
        for (index, task) in graph.tasks[rank].enumerated() {
            let span = timeline.spans[rank][index]
            guard span.end > span.start, let category = rankOf[task.category] else { continue }
            boundaries.append((span.start.picoseconds, category, 1))
            boundaries.append((span.end.picoseconds, category, -1))
        }
        boundaries.sort { ($0.time, $0.delta) < ($1.time, $1.delta) }
        var active = [Int](repeating: 0, count: order.count)
        var attributed = [Int64](repeating: 0, count: order.count + 1)
        var previous: Int64 = 0
        for boundary in boundaries {
            if boundary.time > previous {
                let winner = active.firstIndex { $0 > 0 } ?? order.count
                attributed[winner] += boundary.time - previous
                previous = boundary.time
            }
            active[boundary.category] += boundary.delta
        }
        let end = timeline.rankFinish[rank].picoseconds
        if end > previous { attributed[order.count] += end - previous }
        parts = (order + [Self.idle]).enumerated().map { ($1, SimDuration(picoseconds: attributed[$0])) }
        total = timeline.rankFinish[rank]
    }

    /// The time attributed to `category` (zero if it never ran).
    public func time(of category: String) -> SimDuration {
        parts.first { $0.category == category }?.time ?? .zero
    }
}
