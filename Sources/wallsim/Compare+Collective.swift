import ArgumentParser
import Reports
import Scenario

extension CompareCommand {
    /// `op` on every topology, run as `wallsim collective` would run it with the same flags; one row per
    /// topology and algorithm, the fastest marked.
    func compareCollective(_ op: OperationName) throws -> Comparison {
        // The same rank count everywhere, so the topologies carry the same collective.
        let rankCount = try ranks ?? topologies.map { try loadTopology($0).build().npuCount }.min() ?? 1
        var rows: [(topology: String, result: CollectiveResult)] = []
        for name in topologies {
            let command = try CollectiveCommand.parse([op.rawValue, "--topology", name, "--ranks", "\(rankCount)",
                                                       "--size", size, "--algorithm", algorithm, "--model", model.rawValue])
            let run = try command.simulateAll()
            rows += run.results.map { (run.file.spec.name, $0) }
        }
        let best = rows.indices.min { (rows[$0].result.time, $0) < (rows[$1].result.time, $1) } ?? 0

        var table = Table(columns: [.init("topology", alignment: .left), .init("algorithm", alignment: .left), .init("ranks"),
                                    .init("size(B)"), .init("time(us)"), .init("algbw(GB/s)"), .init("busbw(GB/s)"),
                                    .init("best", alignment: .left)])
        for (index, row) in rows.enumerated() {
            let r = row.result
            table.append([row.topology, r.algorithm, "\(r.ranks)", "\(r.bytes)", fixed(r.time.microseconds, 2),
                          fixed(r.algorithmBandwidth, 2), fixed(r.busBandwidth, 2), index == best ? "yes" : "no"])
        }
        let label = { (index: Int) in
            Set(rows.map(\.result.algorithm)).count > 1 ? "\(rows[index].topology) \(rows[index].result.algorithm)" : rows[index].topology
        }
        table.footer.append("# best: \(label(best)), \(fixed(rows[best].result.time.microseconds, 2)) us")
        let chart = StackedBarChart(title: "\(op.rawValue) of \(size) on \(rankCount) ranks by topology",
                                    categories: ["time"],
                                    bars: rows.indices.map { .init(label: label($0), values: [rows[$0].result.time.microseconds]) },
                                    value: PlotAxis(title: "collective time", unit: "us"), barAxisTitle: "topology",
                                    highlighted: best)
        let heading = "# wallsim compare \(op.rawValue): \(size) per rank, \(rankCount) ranks, \(model.rawValue) model\n"
        return Comparison(heading: heading, table: table, chart: chart)
    }
}
