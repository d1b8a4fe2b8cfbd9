import ArgumentParser
import Fabric
import Foundation
import Reports
import Scenario
import Topology
import Workload

/// `wallsim compare`: the same workload (or collective) on several topologies and plans, side by side,
/// the fastest marked.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare one workload or one collective across topologies and parallel plans.",
        discussion: """
            Examples:
              wallsim compare bert-large-dp --topologies dgx-a100-cluster dgx-h100-superpod --plot compare.svg
              wallsim compare gpt3-175b-megatron --plans tp=8,pp=8 tp=4,pp=16
              wallsim compare --collective allreduce --size 1GiB --ranks 16 --topologies switch-16 torus-4x4 fat-tree-k4
            Every topology is tried with every plan. A plan keeps the config's GPU count and global batch; \
            data parallelism takes up what tensor x pipeline leaves. The best candidate is the one with the \
            shortest iteration (or collective) time.
            """
    )

    @Argument(help: "A workload config: a YAML file or a built-in name (not with --collective).")
    var config: String?

    @Option(parsing: .upToNextOption, help: "Topologies to compare (YAML files or built-in names); default: the config's.")
    var topologies: [String] = []

    @Option(parsing: .upToNextOption, help: "Plans to compare, each like tp=8,pp=8; default: the config's.")
    var plans: [String] = []

    @Option(help: "Compare this collective instead of a workload: \(OperationName.allValueStrings.joined(separator: ", ")).")
    var collective: OperationName?

    @Option(help: "With --collective: buffer size per rank, with a unit (e.g. 1GiB).")
    var size: String = "1GiB"

    @Option(help: "With --collective: number of ranks (default: the NPUs of the smallest topology).")
    var ranks: Int?

    @Option(help: "With --collective: the algorithm, or all.")
    var algorithm: String = "ring"

    @Option(help: "Network model: analytical (no contention) or flow (max-min fair sharing).")
    var model: ModelName = .flow

    @Option(help: "Candidates simulated at once, on local cores; the output is the same for any value.")
    var jobs: Int = 1

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "Also write the table to this file (atomically), in --format.")
    var output: String?

    @Option(help: "Write an SVG stacked bar chart of each candidate's time to this file.")
    var plot: String?

    @Option(help: "Write a self-contained HTML report with the table and the chart.")
    var report: String?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if collective != nil {
            guard config == nil else { throw ValidationError("give a config or --collective, not both") }
            guard !topologies.isEmpty else { throw ValidationError("--collective needs --topologies A B ...") }
            guard plans.isEmpty else { throw ValidationError("--plans applies to workloads, not to --collective") }
        } else {
            guard config != nil else { throw ValidationError("give a config to compare, or --collective OP") }
        }
    }

    func run() throws {
        let comparison = if let collective { try compareCollective(collective) } else { try compareWorkload() }
        let text = format == .table ? comparison.heading + comparison.table.render(.text)
            : comparison.table.render(format.tableFormat)
        print(text, terminator: "")
        if let output { try AtomicFile.write(text, to: output) }
        if let plot { try comparison.chart.write(to: plot) }
        if let report {
            try AtomicFile.write(SweepCommand.HTMLPage.render(title: comparison.chart.title, heading: comparison.heading,
                                                              table: comparison.table, svg: try comparison.chart.svg()),
                                 to: report)
        }
    }

    /// What every kind of comparison produces.
    struct Comparison {
        var heading: String
        var table: Table
        var chart: StackedBarChart
    }

    /// One workload candidate: a topology and a plan.
    struct Candidate: Sendable {
        var label: String
        var workload: Workload
        var topology: Topology
    }

    func compareWorkload() throws -> Comparison {
        guard let config else { throw ValidationError("give a config to compare, or --collective OP") }
        let scenario = try ConfigFile.resolve(config)
        let files = topologies.isEmpty ? [scenario.topologyFile] : try topologies.map(loadTopology)
        let splits = try plans.map { try SweepCommand.PlanSplit(parsing: $0, option: "--plans") }
        let base = scenario.workload
        var candidates: [Candidate] = []
        for file in files {
            let fabric = try file.build()
            for (index, split) in (splits.isEmpty ? [nil] : splits.map(Optional.some)).enumerated() {
                var workload = base
                if let split {
                    do {
                        workload = try base.scaled(toRanks: base.plan.ranks, tensor: split.tensor, pipeline: split.pipeline,
                                                   scaling: .strong)
                    } catch {
                        throw ValidationError("--plans '\(plans[index])': \(error.message)"
                            + (error.expected.map { " (expected \($0))" } ?? ""))
                    }
                }
                if let issue = workload.validate(topologyNPUs: fabric.npuCount, topologyName: "topology '\(fabric.name)'").first {
                    throw ValidationError("\(split == nil ? "" : "--plans '\(plans[index])' ")on \(fabric.name): \(issue.message)"
                        + (issue.expected.map { " (expected \($0))" } ?? ""))
                }
                let parts = (files.count > 1 || splits.isEmpty ? [fabric.name] : []) + (splits.isEmpty ? [] : [Self.label(workload.plan)])
                candidates.append(Candidate(label: parts.joined(separator: " "), workload: workload, topology: fabric))
            }
        }
        let network = model.rawValue
        let runs = candidates
        let results = try SweepCommand.evaluate(runs.count, jobs: jobs, progress: ProgressBar(total: runs.count, label: "compare")) {
            try IterationResult.simulate(runs[$0].workload, on: runs[$0].topology, network: network)
        }
        let compared = CompareReport(candidates: candidates.map(\.label), plans: candidates.map { Self.label($0.workload.plan) },
                                     runs: zip(candidates, results).map { (scenario.name, $0.topology, $1) })
        let heading = "# wallsim compare \(scenario.name): \(candidates.count) candidates, \(network) model\n"
        return Comparison(heading: heading, table: compared.table(),
                          chart: compared.chart(title: "\(scenario.name): iteration time by candidate"))
    }

    /// `t8 p8 d2`: the plan as the columns of a table name it.
    static func label(_ plan: ParallelPlan) -> String { "t\(plan.tensor) p\(plan.pipeline) d\(plan.data)" }
}
