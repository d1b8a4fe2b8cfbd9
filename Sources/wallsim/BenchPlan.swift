import Collectives
import Foundation
import MPIBackend

/// What one rank measures: `native` is the MPI library's own collective; `c-loop` the same
/// MPI_Allreduce timed by a bare C loop, the reference for the harness's own overhead.
enum BenchAlgorithm: Hashable, CustomStringConvertible {
    case native
    case cLoop
    case schedule(CollectiveAlgorithm)

    init?(_ name: String) {
        if name == "native" { self = .native } else if name == "c-loop" { self = .cLoop } else if let algorithm = CollectiveAlgorithm(rawValue: name) {
            self = .schedule(algorithm)
        } else { return nil }
    }

    var description: String {
        switch self {
        case .native: "native"
        case .cLoop: "c-loop"
        case .schedule(let algorithm): algorithm.rawValue
        }
    }
}

/// A benchmark fully resolved from the command line: what every rank must agree on before timing.
struct BenchPlan {
    var op: CollectiveOp
    var algorithms: [BenchAlgorithm]
    var sizes: [Int64]
    var sweep: BenchSweepOptions

    /// The canonical text that ranks compare (through `RunFingerprint`); formats and paths of the
    /// output are left out, since only rank 0 writes.
    var description: String {
        "\(op.name) root=\(op) algorithms=\(algorithms.map(\.description).joined(separator: ",")) "
            + "sizes=\(sizes.map(String.init).joined(separator: ",")) type=\(sweep.elementType) op=\(sweep.reduction) "
            + "chunks=\(sweep.chunks) w=\(sweep.warmup) n=\(sweep.iterations) c=\(sweep.check) timeout=\(sweep.timeout)"
    }
}

/// Why a benchmark stopped before timing, the same on every rank.
enum BenchError: Error, CustomStringConvertible {
    /// The command line is wrong (every rank found the same problem).
    case invalid(String)
    /// The largest buffer does not fit in the memory of some host.
    case insufficientMemory(host: String, bytesPerRank: Int64, ranksOnHost: Int, available: Int64, largest: Int64)

    var description: String {
        switch self {
        case .invalid(let why): why
        case let .insufficientMemory(host, bytesPerRank, ranksOnHost, available, largest):
            "refusing to allocate: a \(largest) B buffer needs \(gib(bytesPerRank)) per rank (input, output and "
                + "scratch) x \(ranksOnHost) rank(s) on host \(host) = \(gib(bytesPerRank * Int64(ranksOnHost))), "
                + "but only \(gib(available)) is available there (MemAvailable in /proc/meminfo); lower -e"
        }
    }
}

private func gib(_ bytes: Int64) -> String { String(format: "%.2f GiB", Double(bytes) / 1_073_741_824) }
