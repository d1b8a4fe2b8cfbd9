import ArgumentParser
import Calibration
import Collectives
import Fabric
import Foundation
import Reports
import Scenario

/// `wallsim validate OP`: runs algorithms for real over MPI and in the simulator on a calibrated
/// topology, and prints measured and predicted times side by side with the error.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Compare measured MPI times with the simulator's predictions on a calibrated topology.",
        discussion: """
            Example: wallsim calibrate --np 2 && wallsim validate allreduce --np 2 --algorithm ring,rabenseifner
            measured(us) is the median over --rounds separate mpirun launches and spread(%) their range \
            ((slowest - fastest) / median): the measurement's own noise, to read the error against.
            error(%) = (predicted - measured) / measured. The summary gives the median absolute error over \
            sizes of at least --judge-from (64K), the range the calibration targets (<= 10%).
            """
    )

    @Argument(help: "The operation: \(OperationName.allValueStrings.joined(separator: ", ")).")
    var operation: OperationName

    @OptionGroup var launch: MPILaunchOptions

    @Option(help: "Our algorithms to compare, comma-separated.")
    var algorithm: String = "ring"

    @Option(help: "The calibrated topology file (see wallsim calibrate).")
    var topology: String = "Topologies/local-shm.yaml"

    @Option(help: "Network model for the prediction: analytical or flow.")
    var model: ModelName = .flow

    @Option(name: .customShort("b"), help: "Smallest size per rank (also filters --from).")
    var minimumBytes: String = "64K"

    @Option(name: .customShort("e"), help: "Largest size per rank (also filters --from).")
    var maximumBytes: String = "64M"

    @Option(name: .customShort("f"), help: "Factor between sizes.")
    var factor: Int = 4

    @OptionGroup var repetition: RepetitionOptions

    @Flag(help: """
        Calibrate in the same session: every round measures calibrate's sweeps (all-gather and all-reduce, \
        ring and recursive doubling, 1K to -e by 2) and then this one, so that both see the machine alike; \
        the first are fitted and written to --topology, which then predicts the second.
        """)
    var calibrate = false

    @Option(help: "With --calibrate: the most message-size regimes to fit.")
    var regimes: Int = 4

    @Option(help: "Compare saved `wallsim bench --format json` results instead of measuring.")
    var from: String?

    @Option(help: "Sizes from which the median error is judged.")
    var judgeFrom: String = "64K"

    @Option(help: "Exit with status 1 when the judged median absolute error exceeds this many per cent.")
    var maxError: Double?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if from == nil && launch.np == nil {
            throw ValidationError("give --np N to measure (mpirun is launched for you) or --from FILE.json")
        }
        if calibrate && from != nil { throw ValidationError("--calibrate measures; it cannot be used with --from") }
        if regimes < 1 { throw ValidationError("--regimes must be at least 1, got \(regimes)") }
        let names = algorithm.split(separator: ",").map(String.init)
        for name in names where CollectiveAlgorithm(rawValue: name) == nil {
            throw ValidationError("unknown --algorithm '\(name)'; expected some of: "
                + CollectiveAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() throws {
        // Without --calibrate the topology must exist already: say so before minutes of measuring.
        if !calibrate { _ = try loadTopology(topology) }
        let rows: [BenchRow]
        if let from {
            let sizes = try BenchSweepOptions.sizeRange(minimumBytes, maximumBytes)
            rows = try BenchResultFile.read(path: from).filter { sizes.contains($0.bytes) }
        } else {
            let flags = repetition.benchFlags(minimum: minimumBytes, maximum: maximumBytes, factor: factor)
            let sweep = BenchResultFile.Sweep(operation: operation, algorithms: algorithm, flags: flags)
            if calibrate {
                rows = try calibrateAndMeasure(sweep)
            } else {
                rows = try BenchResultFile.measure([sweep], launch: launch, ranks: launch.np ?? 2, rounds: repetition.rounds)[0]
            }
        }
        let file = try loadTopology(topology)
        let fabric = try file.build()
        let executor = ScheduleExecutor(topology: fabric, options: ScheduleExecutor.Options(reductionRate: file.reductionRate,
                                                                                            messageRegimes: file.messageRegimes))
        var table = Table(columns: [.init("size(B)"), .init("algorithm", alignment: .left), .init("measured(us)"),
                                    .init("predicted(us)"), .init("error(%)"), .init("spread(%)")])
        let judged = try BenchSweepOptions.parseSize(judgeFrom, option: "--judge-from")
        var errors: [Double] = [], judgedErrors: [Double] = []
        for row in rows {
            guard let schedule = try row.schedule() else { continue }
            let record = switch model {
            case .analytical: try executor.run(schedule, on: AnalyticalNetwork(topology: fabric))
            case .flow: try executor.run(schedule, on: FlowNetwork(topology: fabric))
            }
            let predicted = record.duration.seconds
            let error = (predicted - row.seconds) / row.seconds
            errors.append(abs(error))
            if row.bytes >= judged { judgedErrors.append(abs(error)) }
            table.append(["\(row.bytes)", row.algorithm, fixed(row.seconds * 1e6, 2), fixed(predicted * 1e6, 2),
                          fixed(error * 100, 1), row.spread.map { fixed($0 * 100, 1) } ?? "-"])
        }
        guard !errors.isEmpty else { throw ValidationError("no measurements of our algorithms to compare") }
        let judgedMedian = median(judgedErrors) * 100
        table.footer = [
            "# \(operation.rawValue), \(rows.first?.ranks ?? 0) ranks, topology \(file.spec.name) (\(file.path)), \(model.rawValue) model",
            "# median |error|: \(fixed(judgedMedian, 1))% for sizes >= \(judged) B (\(judgedErrors.count) runs); "
                + "\(fixed(median(errors) * 100, 1))% over all \(errors.count)",
        ]
        print(table.render(format.tableFormat), terminator: "")
        if let maxError, judgedMedian > maxError {
            FileHandle.standardError.write(Data("error: median |error| \(fixed(judgedMedian, 1))% exceeds --max-error \(maxError)%\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Measures calibrate's sweeps and `sweep` interleaved over the rounds, fits the first and writes
    /// the topology to `--topology`, prints the fit's summary, and returns `sweep`'s rows.
    private func calibrateAndMeasure(_ sweep: BenchResultFile.Sweep) throws -> [BenchRow] {
        let calibration = try CalibrateCommand.parse(["--np", String(launch.np ?? 2), "-e", maximumBytes,
                                                      "-w", String(repetition.warmup), "-n", String(repetition.iterations)])
        let results = try BenchResultFile.measure(calibration.sweeps + [sweep], launch: launch, ranks: launch.np ?? 2,
                                                  rounds: repetition.rounds)
        let (fit, file) = try CalibrateCommand.calibrate(results.dropLast().flatMap { $0 },
                                                         sizes: try BenchSweepOptions.sizeRange(calibration.minimumBytes, calibration.maximumBytes),
                                                         maximumRegimes: regimes, npus: nil, transport: launch.transport, path: topology)
        try AtomicFile.write(try file.yaml(), to: topology)
        // The regime lines of calibrate's report, and where they went; on stderr unless the output is a table.
        let summary = CalibrateCommand.report(fit).split(separator: "\n").filter { $0.hasPrefix("# ") }
            .map { $0 + "\n" }.joined() + "# calibrated in the same \(repetition.rounds) round(s); wrote \(topology)\n"
        if format == .table { print(summary, terminator: "") } else { FileHandle.standardError.write(Data(summary.utf8)) }
        return results[results.count - 1]
    }
}
