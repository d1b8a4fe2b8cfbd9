import ArgumentParser
import Collectives
import Foundation
import MPIBackend

/// `wallsim bench OP`: times our collective algorithms and the MPI library's own on real processes
/// and real bytes, in nccl-tests' columns, verifying every element.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure collectives over MPI, ours beside the library's, nccl-tests style.",
        discussion: """
            Example: wallsim bench allreduce --np 2 -b 8 -e 64M -f 4 --algorithm ring,native
            Runs under mpirun (every rank runs the same command), or launches it itself with --np. \
            Columns: size(B) count type redop algorithm | time(us) min(us) max(us) algbw(GB/s) busbw(GB/s) #wrong, \
            where time is the average over ranks of each rank's mean (or --statistic median) time per run, \
            and min/max the fastest and slowest rank. Any wrong element makes the command exit with status 1.
            Needs a build with the MPI trait: swift build --traits MPI.
            """
    )

    @Argument(help: "The operation: \(OperationName.allValueStrings.joined(separator: ", ")).")
    var operation: OperationName

    @OptionGroup var launch: MPILaunchOptions
    @OptionGroup var sweep: BenchSweepOptions

    @Option(help: "Algorithms, comma-separated: \(CollectiveAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")), native (the MPI library's own), c-loop (MPI_Allreduce timed by a bare C loop: the harness's reference), or all (default: native and ring, or direct).")
    var algorithm: String?

    @Option(help: "Root rank for broadcast and reduce; source for sendrecv.")
    var root: Int = 0

    @Option(help: "How each rank sums up its timed runs: mean (nccl-tests) or median (robust on a shared machine).")
    var statistic: MPIBenchmark.Statistic = .mean

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "Also write the results to this file (atomically), in --format.")
    var output: String?

    func validate() throws {
        if let algorithm { _ = try Self.algorithms(algorithm, for: nil) }
        if let output {
            let directory = URL(fileURLWithPath: output).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: directory) else {
                throw ValidationError("--output '\(output)': directory '\(directory)' does not exist")
            }
        }
    }

    func run() throws {
        if let ranks = launch.np, !MPILaunch.insideJob {
            let status = try MPILaunch.run(ranks: ranks, options: launch,
                                           arguments: MPILaunch.rankArguments(Array(CommandLine.arguments.dropFirst())))
            throw ExitCode(status)
        }
        #if MPI
        try BenchJob(command: self).run()
        #else
        JobExit.fail(MPIRuntime.unavailableMessage, code: 2)
        #endif
    }

    /// The algorithms named by `--algorithm` for `op` (nil: only check the names); `native` stands for
    /// the library's own collective.
    static func algorithms(_ list: String?, for op: CollectiveOp?) throws -> [String] {
        let names = (list ?? "default").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var out: [String] = []
        for name in names {
            switch name {
            case "native": out.append("native")
            case "c-loop":
                if let op, op != .allReduce {
                    throw ValidationError("'c-loop' times MPI_Allreduce in a bare C loop; it is for allreduce only, not \(op.name)")
                }
                out.append("c-loop")
            case "all":
                out.append("native")
                if let op { out += CollectiveAlgorithm.allCases.filter { $0.supports(op) }.map(\.rawValue) }
            case "default":
                out.append("native")
                if let op { out.append(CollectiveAlgorithm.ring.supports(op) ? "ring" : "direct") }
            default:
                guard let algorithm = CollectiveAlgorithm(rawValue: name) else {
                    throw ValidationError("unknown --algorithm '\(name)'; expected "
                        + CollectiveAlgorithm.allCases.map(\.rawValue).joined(separator: ", ") + ", native, c-loop or all")
                }
                if let op, !algorithm.supports(op) {
                    throw ValidationError("algorithm '\(name)' does not implement \(op.name); try --algorithm all")
                }
                out.append(name)
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }
}

extension MPIBenchmark.Statistic: ExpressibleByArgument {}
