import ArgumentParser
import Fabric
import Foundation
import Reports
import Scenario
import SimKernel
import Topology
import Workload

/// `wallsim run CONFIG`: one training iteration of a workload on its cluster, and where the time goes.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate one training iteration of a config and report where the time goes.",
        discussion: """
            Example: wallsim run Configs/gpt3-175b-megatron.yaml --trace gpt3.json
            The breakdown is for the rank that finishes last; communication is counted only where no \
            computation hides it (exposed), and idle time is the pipeline bubble.
            """
    )

    @Argument(help: "A workload config: a YAML file, or the name of a built-in one (see Configs/).")
    var config: String

    @Option(help: "Run on this topology (a YAML file or a built-in name) instead of the config's.")
    var topology: String?

    @Option(help: "Network model: analytical (no contention) or flow (max-min fair sharing).")
    var model: ModelName = .flow

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "Also write the report to this file (atomically), in --format.")
    var output: String?

    @Option(help: "Write a Chrome-trace / Perfetto timeline of the iteration to this file.")
    var trace: String?

    @Option(help: "Ranks to put in the trace, comma-separated (default: the first rank of every pipeline stage and the first tensor group).")
    var traceRanks: String?

    func run() throws {
        let scenario = try ConfigFile.resolve(config)
        let topologyFile = try topology.map(loadTopology) ?? scenario.topologyFile
        let fabric = try topologyFile.build()
        let workload = scenario.workload
        guard workload.plan.ranks <= fabric.npuCount else {
            throw ValidationError("\(config): the plan needs \(workload.plan.ranks) ranks but topology '\(fabric.name)' has \(fabric.npuCount) NPUs")
        }
        let result = try IterationResult.simulate(workload, on: fabric, network: model.rawValue)
        let text = format == .table
            ? Self.describe(result, config: scenario, topology: fabric)
            : Self.table(for: [(scenario.name, fabric, result)]).render(format.tableFormat)
        print(text, terminator: "")
        if let output { try AtomicFile.write(text, to: output) }
        if let trace {
            let ranks = try traceRanks.map { try Self.parseRanks($0, limit: workload.plan.ranks) } ?? Self.defaultTraceRanks(workload.plan)
            try AtomicFile.write(ChromeTrace.render(graph: result.graph, timeline: result.timeline, ranks: ranks), to: trace)
        }
    }

    static func parseRanks(_ text: String, limit: Int) throws -> [Int] {
        let ranks = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !ranks.isEmpty, ranks.allSatisfy({ $0.map { (0..<limit).contains($0) } ?? false }) else {
            throw ValidationError("--trace-ranks expects comma-separated ranks in 0..<\(limit); got '\(text)'")
        }
        return ranks.compactMap { $0 }
    }

    /// Rank 0's tensor group plus the first rank of every pipeline stage.
    static func defaultTraceRanks(_ plan: ParallelPlan) -> [Int] {
        let group = (0..<plan.tensor).map { plan.rank(tp: $0, dp: 0, pp: 0) }
        let stages = (0..<plan.pipeline).map { plan.rank(tp: 0, dp: 0, pp: $0) }
        return Array(Set(group + stages)).sorted()
    }

    /// The human-readable report.
    static func describe(_ result: IterationResult, config: ConfigFile, topology: Topology) -> String {
        let plan = result.workload.plan
        let total = result.iterationTime
        var lines = [
            "# wallsim run \(config.name): \(config.summary ?? "")",
            "# topology \(topology.name) (\(plan.ranks) of \(topology.npuCount) NPUs), \(result.workload.accelerator.name), "
                + "\(result.networkModel) model",
            "# plan: tensor \(plan.tensor), pipeline \(plan.pipeline), data \(plan.data); \(plan.microbatches) microbatches of \(plan.microbatchSize)",
            "iteration time        \(seconds(total))",
            "breakdown (rank \(result.criticalRank), the last to finish):",
        ]
        let used = Set(result.graph.tasks.flatMap { $0.map(\.category) })
        for (category, time) in result.breakdown.parts where used.contains(category) || category == TimelineBreakdown.idle {
            let name = category == TimelineBreakdown.idle ? "bubble / idle" : label(category)
            let share = total.picoseconds > 0 ? 100 * Double(time.picoseconds) / Double(total.picoseconds) : 0
            lines.append("  \(name.padding(toLength: 20, withPad: " ", startingAt: 0))\(seconds(time).leftAligned(12)) \(fixed(share, 1))%")
        }
        lines += [
            "model FLOPs util.     \(fixed(100 * result.modelFLOPsUtilisation, 1))%  (\(fixed(result.modelTeraFLOPsPerAccelerator, 1)) model, "
                + "\(fixed(result.hardwareTeraFLOPsPerAccelerator, 1)) hardware TFLOP/s per \(result.workload.accelerator.name))",
            "throughput            \(fixed(result.itemsPerSecond, 0)) \(result.workload.model.itemName)/s",
            "memory per rank       \(result.memory.verdict)",
        ]
        if let busiest = result.busiestLink(in: topology) {
            lines.append("busiest link          \(busiest.name), busy \(fixed(100 * busiest.utilisation, 1))% of the iteration")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per run with the same columns in every format; units in the headers.
    static func table(for runs: [(name: String, topology: Topology, result: IterationResult)]) -> Table {
        var columns: [Table.Column] = [.init("config", alignment: .left), .init("topology", alignment: .left),
                                       .init("ranks"), .init("iteration(s)")]
        columns += IterationResult.categories.map { Table.Column("\($0)(s)") }
        columns += [.init("bubble(s)"), .init("mfu(%)"), .init("tflops_per_gpu"), .init("items_per_s"),
                    .init("memory(GB)"), .init("capacity(GB)"), .init("fits", alignment: .left),
                    .init("busiest_link", alignment: .left), .init("busiest_util(%)")]
        var table = Table(columns: columns)
        for run in runs {
            let r = run.result
            var row = [run.name, run.topology.name, "\(r.workload.plan.ranks)", fixed(r.iterationTime.seconds, 6)]
            row += IterationResult.categories.map { fixed(r.breakdown.time(of: $0).seconds, 6) }
            let busiest = r.busiestLink(in: run.topology)
            row += [fixed(r.breakdown.time(of: TimelineBreakdown.idle).seconds, 6), fixed(100 * r.modelFLOPsUtilisation, 2),
                    fixed(r.modelTeraFLOPsPerAccelerator, 2), fixed(r.itemsPerSecond, 1),
                    fixed(Double(r.memory.total.bytes) / 1e9, 2), fixed(Double(r.memory.capacity.bytes) / 1e9, 2),
                    r.memory.fits ? "yes" : "no", busiest?.name ?? "", fixed(100 * (busiest?.utilisation ?? 0), 1)]
            table.append(row)
        }
        return table
    }

    static func label(_ category: String) -> String {
        switch category {
        case "compute": "compute"
        case "optimizer": "optimizer"
        case "tp": "exposed TP comm"
        case "pp": "exposed PP comm"
        case "dp": "exposed DP comm"
        case "alltoall": "exposed all-to-all"
        default: category
        }
    }

    static func seconds(_ d: SimDuration) -> String {
        d.seconds >= 1 ? "\(fixed(d.seconds, 3)) s" : d.seconds >= 1e-3 ? "\(fixed(d.seconds * 1e3, 3)) ms" : "\(fixed(d.seconds * 1e6, 3)) us"
    }
}

extension String {
    func leftAligned(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
