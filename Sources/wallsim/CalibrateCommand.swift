import ArgumentParser
import Calibration
import Collectives
import Foundation
import Reports

/// `wallsim calibrate`: fits the alpha-beta-gamma model of this machine's MPI transport to measured
/// ring all-gather and all-reduce times, and writes it as a topology file for the simulator.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit latency, bandwidth and reduction rate to MPI measurements; write a topology file.",
        discussion: """
            Example: wallsim calibrate --np 2 -b 1K -e 64M -f 2   (or --from a.json --from b.json)
            Model (Thakur, Rabenseifner & Gropp 2005): a schedule takes messages x alpha + bytes x beta + \
            reduced bytes x gamma, where per step it pays one latency, the most bytes any rank sends or \
            receives, and the most bytes any rank reduces. All-gather (no reductions) beside all-reduce, \
            and ring beside recursive doubling (whose ratios of latencies, bytes and reduced bytes differ), \
            separate alpha, beta and gamma. The fit minimises squared relative errors.
            Each size's time is the median over --rounds separate mpirun launches: on a shared machine \
            whole launches run fast or slow (where the ranks and their buffers land), which repeated \
            runs inside one launch cannot show.
            A transport changes behaviour with the message size (eager vs rendezvous protocol, buffers \
            in or out of the last-level cache), so the sizes are split into up to --regimes ranges, each \
            with its own alpha, beta and gamma; the split is the best one for each count of ranges \
            (dynamic programming) and the count the one the Bayesian information criterion prefers \
            (SimGrid calibrates its piecewise factors by message size the same way). --regimes 1 fits \
            one line.
            The file written is a fully-connected topology whose links carry the fastest regime's \
            latency and bandwidth (also each NPU's injection cap, so a rank talking to several peers \
            shares its rate), and `message-regimes`, the fitted costs by message size.
            """
    )

    @OptionGroup var launch: MPILaunchOptions

    @Option(name: .customShort("b"), help: "Smallest size per rank to measure (and to fit, with --from).")
    var minimumBytes: String = "1K"

    @Option(name: .customShort("e"), help: "Largest size per rank to measure (and to fit, with --from).")
    var maximumBytes: String = "64M"

    @Option(name: .customShort("f"), help: "Factor between sizes (2: enough sizes for each regime's three parameters).")
    var factor: Int = 2

    @OptionGroup var repetition: RepetitionOptions

    @Option(help: "Our algorithms to measure, comma-separated.")
    var algorithm: String = "ring,recursive-doubling"

    @Option(help: "The most message-size regimes to fit (1: a single alpha-beta-gamma line).")
    var regimes: Int = 4

    @Option(help: "Fit saved `wallsim bench --format json` results instead of measuring (repeatable).")
    var from: [String] = []

    @Option(help: "Where to write the topology file (its name is the file's stem).")
    var write: String = "Topologies/local-shm.yaml"

    @Option(help: "NPUs in the written topology (default: the ranks measured).")
    var npus: Int?

    func validate() throws {
        if from.isEmpty && launch.np == nil {
            throw ValidationError("give --np N to measure (mpirun is launched for you) or --from FILE.json to fit saved results")
        }
        if let npus, npus < 1 { throw ValidationError("--npus must be at least 1, got \(npus)") }
        for name in algorithm.split(separator: ",").map(String.init) where CollectiveAlgorithm(rawValue: name) == nil {
            throw ValidationError("unknown --algorithm '\(name)'; expected some of: "
                + CollectiveAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if regimes < 1 { throw ValidationError("--regimes must be at least 1, got \(regimes)") }
    }

    func run() throws {
        let rows = try from.isEmpty ? try BenchResultFile.measure(sweeps, launch: launch, ranks: launch.np ?? 2, rounds: repetition.rounds).flatMap { $0 }
            : from.flatMap { try BenchResultFile.read(path: $0) }
        let (fit, topology) = try Self.calibrate(rows, sizes: try BenchSweepOptions.sizeRange(minimumBytes, maximumBytes),
                                                 maximumRegimes: regimes, npus: npus, transport: launch.transport, path: write)
        print(Self.report(fit), terminator: "")
        try AtomicFile.write(try topology.yaml(), to: write)
        print("wrote \(write)")
    }

    /// The sweeps a calibration measures: all-gather and all-reduce with `--algorithm`, over the sizes.
    var sweeps: [BenchResultFile.Sweep] {
        let flags = repetition.benchFlags(minimum: minimumBytes, maximum: maximumBytes, factor: factor)
        return [OperationName.allgather, .allreduce].map { BenchResultFile.Sweep(operation: $0, algorithms: algorithm, flags: flags) }
    }

    /// Fits `rows` (our algorithms, sizes in `sizes`, one rank count) and describes the topology file
    /// to write at `path`.
    static func calibrate(_ rows: [BenchRow], sizes: ClosedRange<Int64>, maximumRegimes: Int, npus: Int?,
                          transport: Transport, path: String) throws -> (RegimeFit, LocalTopology) {
        let usable = rows.filter { sizes.contains($0.bytes) && $0.algorithm != "native" }
        guard let ranks = usable.first?.ranks else { throw ValidationError("no measurements of our algorithms to fit") }
        guard usable.allSatisfy({ $0.ranks == ranks }) else {
            throw ValidationError("the measurements mix rank counts; calibrate one rank count at a time")
        }
        let measurements = try usable.compactMap { row -> Observation? in
            guard let schedule = try row.schedule() else { return nil }
            return Observation(label: "\(row.op) \(row.algorithm) \(row.bytes) B", features: CostFeatures(schedule),
                               seconds: row.seconds, messageBytes: schedule.largestMessage)
        }
        let fit: RegimeFit
        do { fit = try RegimeFit(measurements, maximumRegimes: maximumRegimes) } catch { throw ValidationError("\(error)") }
        let topology = LocalTopology(fit: fit, ranks: ranks, npus: npus ?? ranks, transport: transport, path: path,
                                     sizes: (usable.map(\.bytes).min() ?? 0, usable.map(\.bytes).max() ?? 0),
                                     algorithms: Array(Set(usable.map(\.algorithm))).sorted().joined(separator: ", "))
        return (fit, topology)
    }

    /// Each measurement beside its regime's time, then each regime's parameters and the fit quality.
    static func report(_ fit: RegimeFit) -> String {
        var table = Table(columns: [.init("measurement", alignment: .left), .init("message(B)"), .init("regime"),
                                    .init("measured(us)"), .init("model(us)"), .init("error(%)")])
        var lines: [String] = []
        let rate = { (value: Double?) in value.map { fixed($0 / 1e9, 3) + " GB/s" } ?? "free" }
        for (number, regime) in fit.regimes.enumerated() {
            let model = regime.fit.model
            for (measurement, residual) in zip(regime.fit.measurements, regime.fit.relativeResiduals) {
                table.append([measurement.label, "\(measurement.messageBytes)", "\(number + 1)",
                              fixed(measurement.seconds * 1e6, 2), fixed(model.seconds(for: measurement.features) * 1e6, 2),
                              fixed(residual * 100, 1)])
            }
            lines.append("# regime \(number + 1), messages from \(regime.from) B: alpha \(fixed(model.alpha * 1e6, 3)) us, "
                + "beta \(fixed(model.beta * 1e12, 2)) ps/B (\(rate(model.bandwidth))), "
                + "gamma \(fixed(model.gamma * 1e12, 2)) ps/B (reduction \(rate(model.reductionRate))); "
                + "R^2 \(fixed(regime.fit.rSquared, 5)), median |error| \(fixed(regime.fit.medianAbsoluteError * 100, 1))%"
                + (regime.fit.clamped.isEmpty ? "" : "; fixed at 0 (fitted negative): \(regime.fit.clamped.joined(separator: ", "))"))
        }
        lines.append("# \(fit.regimes.count) regime(s); |error| median \(fixed(fit.medianAbsoluteError * 100, 1))%, "
            + "max \(fixed((fit.relativeResiduals.map(abs).max() ?? 0) * 100, 1))% over \(fit.observations.count) measurements")
        return table.render(.text) + lines.joined(separator: "\n") + "\n"
    }
}

extension Schedule {
    /// The bytes of the schedule's largest message between two ranks (0 when it moves nothing).
    /// - Complexity: O(transfers).
    var largestMessage: Int64 {
        var largest: Int64 = 0
        for step in 0..<stepCount {
            for transfer in transfers(inStep: step) where transfer.source != transfer.destination {
                largest = max(largest, bytes(of: transfer))
            }
        }
        return largest
    }
}
