import Fabric
import Reports
import SimKernel
import Topology
import Workload

/// Candidates of `wallsim compare` side by side: `wallsim run`'s columns for each, the fastest marked,
/// and a stacked bar chart of where each one's iteration goes.
struct CompareReport {
    let candidates: [String]
    let plans: [String]
    let runs: [(name: String, topology: Topology, result: IterationResult)]

    init(candidates: [String], plans: [String], runs: [(name: String, topology: Topology, result: IterationResult)]) {
        precondition(candidates.count == runs.count && plans.count == runs.count && !runs.isEmpty,
                     "\(candidates.count) candidates, \(plans.count) plans and \(runs.count) runs do not match")
        self.candidates = candidates
        self.plans = plans
        self.runs = runs
    }

    /// The candidate with the shortest iteration; the first of equals.
    var best: Int {
        runs.indices.min { (runs[$0].result.iterationTime, $0) < (runs[$1].result.iterationTime, $1) } ?? 0
    }

    /// `candidate`, `plan`, then `wallsim run`'s columns, then `best` (`yes` on one row).
    func table() -> Table {
        let run = RunCommand.table(for: runs)
        var table = Table(columns: [.init("candidate", alignment: .left), .init("plan", alignment: .left)] + run.columns
                            + [.init("best", alignment: .left)])
        for (index, row) in run.rows.enumerated() {
            table.append([candidates[index], plans[index]] + row + [index == best ? "yes" : "no"])
        }
        let slowest = runs.indices.max { runs[$0].result.iterationTime < runs[$1].result.iterationTime } ?? best
        let ratio = runs[slowest].result.iterationTime.seconds / runs[best].result.iterationTime.seconds
        table.footer.append("# best: \(candidates[best]), iteration \(RunCommand.seconds(runs[best].result.iterationTime))"
            + (slowest == best ? "" : "; the slowest, \(candidates[slowest]), takes \(fixed(ratio, 2))x as long"))
        return table
    }

    /// The breakdown categories as the chart's legend names them, bottom to top, and the breakdown part of each.
    static let segments: [(label: String, category: String)] =
        IterationResult.categories.map { (RunCommand.label($0), $0) } + [("bubble / idle", TimelineBreakdown.idle)]

    /// One bar per candidate, stacked by breakdown category, in seconds; the best highlighted.
    func chart(title: String) -> StackedBarChart {
        let bars = runs.enumerated().map { index, run in
            StackedBarChart.Bar(label: candidates[index],
                                values: Self.segments.map { run.result.breakdown.time(of: $0.category).seconds })
        }
        return StackedBarChart(title: title, categories: Self.segments.map(\.label), bars: bars,
                               value: PlotAxis(title: "iteration time", unit: "s"), barAxisTitle: "candidate",
                               highlighted: best)
    }
}
