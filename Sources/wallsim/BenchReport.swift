import Collectives
import MPIBackend
import Reports

/// `wallsim bench`'s output: `#` header lines (library, ranks, hosts, transport) and nccl-tests'
/// columns with the spread across ranks; CSV and JSON carry the same rows plus what the header says
/// (operation, ranks, chunks), so a saved file can be read back by `calibrate` and `validate`.
struct BenchReport {
    let plan: BenchPlan
    let results: [MPIBenchmark]
    let ranks: Int
    let hosts: [String]
    let library: String
    let transport: String
    let statistic: MPIBenchmark.Statistic

    func render(_ format: OutputFormat) -> String {
        let table = table(withRunColumns: format != .table)
        guard format == .table else { return table.render(format.tableFormat) }
        return header.map { "# " + $0 + "\n" }.joined() + table.render(.text)
    }

    /// The header lines, without their `#`.
    var header: [String] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for host in hosts {
            if counts[host] == nil { order.append(host) }
            counts[host, default: 0] += 1
        }
        let hostList = order.map { "\($0) (\(counts[$0] ?? 0))" }.joined(separator: ", ")
        let sweep = plan.sweep
        return [
            "wallsim bench \(plan.op.name): \(plan.algorithms.map(\.description).joined(separator: ", "))",
            "library: \(library.split(separator: "\n").first.map(String.init) ?? library)",
            "ranks: \(ranks) on \(order.count) host(s): \(hostList)",
            "transport: \(transport)",
            "warm-up \(sweep.warmup), iterations \(sweep.iterations), check \(sweep.check == 1 ? "on" : "off"), "
                + "chunks \(sweep.chunks); time = average over ranks of each rank's \(statistic.rawValue) per run, "
                + "min/max = fastest/slowest rank",
        ]
    }

    func table(withRunColumns: Bool) -> Table {
        var columns: [Table.Column] = []
        if withRunColumns { columns += [.init("op", alignment: .left), .init("ranks"), .init("chunks")] }
        columns += [.init("size(B)"), .init("count"), .init("type", alignment: .left), .init("redop", alignment: .left),
                    .init("algorithm", alignment: .left)]
        let separator = columns.count - 1
        columns += [.init("time(us)"), .init("min(us)"), .init("max(us)"), .init("algbw(GB/s)"), .init("busbw(GB/s)"),
                    .init("#wrong")]
        var table = Table(columns: columns)
        table.separatorsAfter = [separator]
        let redop = plan.op.reduces ? plan.sweep.reduction : "none"
        for result in results {
            let summary = CollectiveResult(algorithm: result.algorithm, op: result.op, ranks: result.ranks, bytes: result.bytes,
                                           count: result.count, dataType: plan.sweep.dataType.rawValue, reduction: redop,
                                           time: result.average(statistic), wrong: result.wrongElements)
            var row: [String] = []
            if withRunColumns { row += [plan.op.name, "\(ranks)", "\(plan.sweep.chunks)"] }
            row += ["\(result.bytes)", "\(result.count)", summary.dataType, redop, result.algorithm,
                    fixed(result.average(statistic).microseconds, 2), fixed(result.minimum(statistic).microseconds, 2),
                    fixed(result.maximum(statistic).microseconds, 2), fixed(summary.algorithmBandwidth, 2),
                    fixed(summary.busBandwidth, 2), result.wrongElements.map(String.init) ?? "N/A"]
            table.append(row)
        }
        for algorithm in plan.algorithms.map(\.description) {
            let own = results.filter { $0.algorithm == algorithm }.map {
                CollectiveResult(algorithm: $0.algorithm, op: $0.op, ranks: $0.ranks, bytes: $0.bytes, count: $0.count,
                                 dataType: "", reduction: "", time: $0.average(statistic)).busBandwidth
            }
            guard !own.isEmpty else { continue }
            table.footer.append("# Avg bus bandwidth (\(algorithm)) : \(fixed(own.reduce(0, +) / Double(own.count), 3)) GB/s")
        }
        return table
    }
}
