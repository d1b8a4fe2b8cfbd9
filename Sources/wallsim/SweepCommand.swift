import ArgumentParser
import Fabric
import Foundation
import Reports
import Scenario
import Topology
import Workload

/// `wallsim sweep CONFIG`: one workload over a range of GPU counts or scale-out link rates, and the
/// point where communication takes over.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Simulate a config at several GPU counts, link rates or parallel splits and find the communication wall.",
        discussion: """
            Examples:
              wallsim sweep Configs/gpt3-175b-megatron.yaml --gpus 64,128,256,512 --keep tp=8,pp=8 --plot wall.svg
              wallsim sweep bert-large-dp --vary bandwidth=100Gbps,200Gbps,400Gbps --jobs 2
              wallsim sweep Configs/gpt3-175b-megatron.yaml --vary tp=1,2,4,8 --keep pp=8
              wallsim sweep --collective allreduce --sizes 1KiB:1GiB --factor 4 --topology dgx-a100-cluster --ranks 16
              mpirun -np 4 wallsim sweep ... (the points split across the ranks; rank 0 prints what one process would)
            With --gpus, data parallelism takes up the GPUs left after tensor x pipeline; weak scaling keeps \
            the batch per GPU (the global batch grows), strong scaling keeps the global batch. Efficiency is \
            throughput per GPU relative to the first point; the wall is the first point where exposed \
            communication exceeds computation on the rank that finishes last.
            With --collective, the columns are nccl-tests' plus the latency part of each time: what disappears \
            when every link's latency is zero, the alpha part of the alpha-beta model.
            Under mpirun -np K, point i runs on rank i mod K (on --jobs threads there) and rank 0 writes \
            exactly what one process would; needs a build with the MPI trait: swift build --traits MPI.
            """
    )

    @Argument(help: "A workload config: a YAML file, or the name of a built-in one (see Configs/); omit with --collective.")
    var config: String?

    @Option(help: "GPU counts to simulate, comma-separated (e.g. 64,128,256).")
    var gpus: String?

    @Option(help: "Tensor and pipeline sizes to keep at every point, like tp=8,pp=8 (default: the config's).")
    var keep: String?

    @Option(help: "What stays fixed as GPUs grow: weak (batch per GPU) or strong (global batch).")
    var scaling: Workload.Scaling = .weak

    @Option(help: """
        Vary something else than the GPU count: the scale-out links (bandwidth=100Gbps,200Gbps or latency=1us,2us), \
        or, on the config's GPUs, the tensor or pipeline size (tp=1,2,4,8 or pp=1,2,4; data parallelism takes the rest).
        """)
    var vary: String?

    @Option(help: "Sweep the message size of this collective instead of a workload: \(OperationName.allValueStrings.joined(separator: ", ")).")
    var collective: OperationName?

    @Option(help: "With --collective: buffer sizes per rank FROM:TO (e.g. 1KiB:1GiB), multiplying by --factor.")
    var sizes: String?

    @Option(help: "With --collective: multiplier between sizes (default 2).")
    var factor: Int?

    @Option(help: "With --collective: number of ranks (default: every NPU of the topology).")
    var ranks: Int?

    @Option(help: "With --collective: the algorithm, as `wallsim collective` takes it (default ring).")
    var algorithm: String?

    @Option(help: "Run on this topology (a YAML file or a built-in name) instead of the config's.")
    var topology: String?

    @Option(help: "Network model: analytical (no contention) or flow (max-min fair sharing).")
    var model: ModelName = .flow

    @Option(help: "Points simulated at once, on local cores; the output is the same for any value.")
    var jobs: Int = 1

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "Also write the table to this file (atomically), in --format.")
    var output: String?

    @Option(help: "Write an SVG line plot of efficiency and communication share, with the wall marked.")
    var plot: String?

    @Option(help: "Write a self-contained HTML report with the table and the plot.")
    var report: String?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if keep != nil && gpus == nil && !(vary ?? "").hasPrefix("tp=") && !(vary ?? "").hasPrefix("pp=") {
            throw ValidationError("--keep applies to --gpus and --vary tp=/pp= sweeps only")
        }
        try validateCollective()
    }

    func run() throws {
        if collective != nil {
            try execute(collectiveWork)
        } else {
            try execute(workloadWork)
        }
    }

    /// The points of a workload sweep, each simulated to the numbers its row needs, and the table,
    /// plot and report made of them.
    func workloadWork() throws -> Work<SweepReport.Measurement> {
        guard let config else { throw ValidationError("give a workload config to sweep, or --collective OP --sizes FROM:TO") }
        let axis = try SweepAxis.parse(gpus: gpus, vary: vary)
        let split = try keep.map { try PlanSplit(parsing: $0, option: "--keep") } ?? PlanSplit()
        let scenario = try ConfigFile.resolve(config)
        let topologyFile = try topology.map(loadTopology) ?? scenario.topologyFile
        let points = try Self.points(axis: axis, split: split, scaling: scaling, workload: scenario.workload,
                                     topology: topologyFile)
        let network = model.rawValue
        let about = describe(axis, ranks: scenario.workload.plan.ranks)
        return Work(count: points.count, point: { index in
            SweepReport.Measurement(try IterationResult.simulate(points[index].workload, on: points[index].topology,
                                                                 network: network))
        }, finish: { measurements in
            let sweep = SweepReport(axis: axis, results: zip(points, measurements).map {
                SweepReport.Outcome(workload: $0.workload, measurement: $1)
            })
            let header = "# wallsim sweep \(scenario.name) on \(topologyFile.spec.name): \(about), \(model.rawValue) model\n"
            try write(sweep.table(), header: header, plot: sweep.plot(title: "\(scenario.name) on \(topologyFile.spec.name): \(about)"),
                      reportTitle: "wallsim sweep \(scenario.name)")
        })
    }

    /// Prints the table (with `header` above a text table) and writes it, the plot and the HTML
    /// report where the flags ask.
    func write(_ table: Table, header: String, plot chart: LinePlot, reportTitle: String) throws {
        let text = format == .table ? header + table.render(.text) : table.render(format.tableFormat)
        print(text, terminator: "")
        if let output { try AtomicFile.write(text, to: output) }
        if let plot { try chart.write(to: plot) }
        if let report {
            try AtomicFile.write(HTMLPage.render(title: reportTitle, heading: header, table: table, svg: try chart.svg()),
                                 to: report)
        }
    }

    func describe(_ axis: SweepAxis, ranks: Int) -> String {
        switch axis {
        case .gpus: "\(scaling.rawValue) scaling over GPU count"
        case .bandwidth: "scale-out link rate"
        case .latency: "scale-out link latency"
        case .tensor: "tensor-parallel size on \(ranks) GPUs"
        case .pipeline: "pipeline-parallel size on \(ranks) GPUs"
        }
    }

    /// One point of the sweep, ready to simulate.
    struct Point: Sendable {
        var workload: Workload
        var topology: Topology
    }

    /// The workload and topology of every point, checked before any is simulated, so a bad point fails
    /// at once with its numbers instead of after the good ones ran.
    static func points(axis: SweepAxis, split: PlanSplit, scaling: Workload.Scaling, workload: Workload,
                       topology file: TopologyFile) throws -> [Point] {
        let base = try file.build()
        var points: [Point] = []
        for index in 0..<axis.count {
            var point = Point(workload: workload, topology: base)
            switch axis {
            case .gpus(let counts):
                do {
                    point.workload = try workload.scaled(toRanks: counts[index], tensor: split.tensor,
                                                         pipeline: split.pipeline, scaling: scaling)
                } catch {
                    throw ValidationError("--gpus \(counts[index]): \(error.message)"
                        + (error.expected.map { " (expected \($0))" } ?? ""))
                }
            case .tensor(let sizes), .pipeline(let sizes):
                let key = axis.isTensor ? "tp" : "pp"
                if (axis.isTensor ? split.tensor : split.pipeline) != nil {
                    throw ValidationError("--keep \(key) conflicts with --vary \(key): the sweep sets it")
                }
                do {
                    point.workload = try workload.scaled(toRanks: workload.plan.ranks,
                                                         tensor: axis.isTensor ? sizes[index] : split.tensor,
                                                         pipeline: axis.isTensor ? split.pipeline : sizes[index], scaling: scaling)
                } catch {
                    throw ValidationError("--vary \(axis.label(at: index)) on \(workload.plan.ranks) GPUs: \(error.message)"
                        + (error.expected.map { " (expected \($0))" } ?? ""))
                }
            case .bandwidth, .latency:
                point.topology = try axis.apply(at: index, to: file.spec).build()
            }
            let issues = point.workload.validate(topologyNPUs: point.topology.npuCount, topologyName: "topology '\(base.name)'")
            if let issue = issues.first {
                throw ValidationError("\(axis.label(at: index)): \(issue.message)" + (issue.expected.map { " (expected \($0))" } ?? ""))
            }
            points.append(point)
        }
        return points
    }
}

extension Workload.Scaling: ExpressibleByArgument {}
