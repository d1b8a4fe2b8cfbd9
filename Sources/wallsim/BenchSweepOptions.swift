import ArgumentParser
import Collectives
import MPIBackend
import SimKernel
import Topology

/// nccl-tests' flags for a benchmark sweep: sizes `-b`..`-e` by factor `-f`, `-w` warm-up and `-n`
/// timed runs per size, `-c` check, plus the element type, reduction and chunking.
struct BenchSweepOptions: ParsableArguments {
    @Option(name: .customShort("b"), help: "Smallest size per rank (8, 1K, 64KiB, 1M: K, M, G alone mean KiB, MiB, GiB).")
    var minimumBytes: String = "8"

    @Option(name: .customShort("e"), help: "Largest size per rank.")
    var maximumBytes: String = "64M"

    @Option(name: .customShort("f"), help: "Factor between sizes.")
    var factor: Int = 2

    @Option(name: .customShort("w"), help: "Untimed warm-up runs per size.")
    var warmup: Int = 5

    @Option(name: .customShort("n"), help: "Timed runs per size.")
    var iterations: Int = 20

    @Option(name: .customShort("c"), help: "Check results: 1 verifies every element after timing, 0 skips it.")
    var check: Int = 1

    @Option(name: .customLong("type"), help: "Element type: float32, float64, int32, bf16.")
    var dataType: DataTypeName = .float32

    @Option(name: .customLong("op"), help: "Reduction operator: sum, max, min.")
    var reduction: String = "sum"

    @Option(help: "Pieces each message of our schedules is split into so that they pipeline.")
    var chunks: Int = 1

    @Option(help: "Seconds a rank waits without progress before declaring a peer dead.")
    var timeout: Double = 60

    func validate() throws {
        guard factor >= 2 else { throw ValidationError("-f must be at least 2, got \(factor)") }
        guard warmup >= 0 else { throw ValidationError("-w must not be negative, got \(warmup)") }
        guard iterations >= 1 else { throw ValidationError("-n must be at least 1, got \(iterations)") }
        guard check == 0 || check == 1 else { throw ValidationError("-c takes 0 or 1, got \(check)") }
        guard chunks >= 1 else { throw ValidationError("--chunks must be at least 1, got \(chunks)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
        guard ReductionOperator(rawValue: reduction) != nil else {
            throw ValidationError("--op '\(reduction)' is not one of: sum, max, min")
        }
    }

    var elementType: ElementType { ElementType(rawValue: dataType.rawValue) ?? .float32 }
    var reductionOperator: ReductionOperator { ReductionOperator(rawValue: reduction) ?? .sum }
    var repetitions: MPIBenchmark.Repetitions {
        MPIBenchmark.Repetitions(warmup: warmup, iterations: iterations, check: check == 1)
    }

    /// The sizes of the sweep in bytes per rank: `-b`, `-b x f`, ... up to `-e`.
    func sizes() throws -> [Int64] {
        let range = try Self.sizeRange(minimumBytes, maximumBytes)
        var sizes: [Int64] = []
        var bytes = range.lowerBound
        while bytes <= range.upperBound {
            sizes.append(bytes)
            let (next, overflow) = bytes.multipliedReportingOverflow(by: Int64(factor))
            if overflow { break }
            bytes = next
        }
        return sizes
    }

    /// The element count for `bytes` per rank: whole elements, and for the rank-segmented operations
    /// a multiple of the ranks (nccl-tests rounds the same way), so that the library's block
    /// collectives run beside ours on the same data.
    func count(bytes: Int64, op: CollectiveOp, ranks: Int) -> Int {
        let elements = Int(bytes) / elementType.size
        return op.isSegmentedByRank ? elements / ranks * ranks : elements
    }

    /// The sizes from `-b` to `-e`, which must not be in decreasing order.
    static func sizeRange(_ minimum: String, _ maximum: String) throws -> ClosedRange<Int64> {
        let from = try parseSize(minimum, option: "-b"), to = try parseSize(maximum, option: "-e")
        guard from <= to else { throw ValidationError("-b \(minimum) is larger than -e \(maximum)") }
        return from...to
    }

    /// A size as nccl-tests writes it (`8`, `1K`, `32M`, `1G`: powers of 1024) or with a unit (`64KiB`, `1 MB`).
    static func parseSize(_ text: String, option: String) throws -> Int64 {
        let binary: [(String, Int64)] = [("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)]
        if let bytes = Int64(text), bytes >= 1 { return bytes }
        for (suffix, multiplier) in binary where text.hasSuffix(suffix) {
            if let value = Int64(text.dropLast()), value >= 1 { return value * multiplier }
        }
        if let count = ByteCount(parsing: text), count.bytes >= 1 { return count.bytes }
        throw ValidationError("\(option) '\(text)' is not a size like 8, 64K, 32M, 1G or 64KiB")
    }
}
