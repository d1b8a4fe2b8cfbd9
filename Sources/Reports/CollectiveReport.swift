import Collectives
import Foundation
import SimKernel

/// One measured or predicted collective: what ran, at which size, and how long it took.
public struct CollectiveResult: Sendable {
    public var algorithm: String
    public var op: CollectiveOp
    public var ranks: Int
    /// Bytes of one rank buffer (nccl-tests' `size`).
    public var bytes: Int64
    public var count: Int
    public var dataType: String
    public var reduction: String
    public var time: SimDuration
    /// Elements that failed verification; nil when nothing was verified (a prediction).
    public var wrong: Int?

    public init(algorithm: String, op: CollectiveOp, ranks: Int, bytes: Int64, count: Int, dataType: String,
                reduction: String, time: SimDuration, wrong: Int? = nil) {
        self.algorithm = algorithm
        self.op = op
        self.ranks = ranks
        self.bytes = bytes
        self.count = count
        self.dataType = dataType
        self.reduction = reduction
        self.time = time
        self.wrong = wrong
    }

    /// Algorithm bandwidth in GB/s (10^9 bytes per second): size over time, as nccl-tests defines it.
    public var algorithmBandwidth: Double {
        time.picoseconds > 0 ? Double(bytes) / time.seconds / 1e9 : 0
    }

    /// Bus bandwidth in GB/s: algbw times the operation's factor, comparable to the link rate.
    public var busBandwidth: Double { algorithmBandwidth * op.busBandwidthFactor(ranks: ranks) }
}

/// Lays out collective results the way nccl-tests prints them, so its readers need no legend:
/// `size(B) count type redop | time(us) algbw(GB/s) busbw(GB/s)` and a closing average bus bandwidth.
///
/// With several algorithms per size, each gets a row and the fastest for that size is marked `*`.
public enum CollectiveReport {
    public static func table(_ results: [CollectiveResult]) -> Table {
        let algorithms = Set(results.map(\.algorithm))
        let showAlgorithm = algorithms.count > 1
        let showWrong = results.contains { $0.wrong != nil }
        var columns: [Table.Column] = [.init("size(B)"), .init("count"), .init("type", alignment: .left),
                                       .init("redop", alignment: .left)]
        if showAlgorithm { columns.append(.init("algorithm", alignment: .left)) }
        let separator = columns.count - 1
        columns += [.init("time(us)"), .init("algbw(GB/s)"), .init("busbw(GB/s)")]
        if showWrong { columns.append(.init("#wrong")) }
        if showAlgorithm { columns.append(.init("best", alignment: .left)) }
        var table = Table(columns: columns)
        table.separatorsAfter = [separator]

        let fastest = Dictionary(grouping: results, by: \.bytes).mapValues { $0.map(\.time).min() ?? .zero }
        for result in results {
            var row = ["\(result.bytes)", "\(result.count)", result.dataType, result.reduction]
            if showAlgorithm { row.append(result.algorithm) }
            row += [fixed(result.time.microseconds, 2), fixed(result.algorithmBandwidth, 2), fixed(result.busBandwidth, 2)]
            if showWrong { row.append(result.wrong.map(String.init) ?? "n/a") }
            if showAlgorithm { row.append(result.time == fastest[result.bytes] ? "*" : "") }
            table.append(row)
        }
        for algorithm in algorithms.sorted() where !results.isEmpty {
            let own = results.filter { $0.algorithm == algorithm }
            let average = own.map(\.busBandwidth).reduce(0, +) / Double(own.count)
            let label = showAlgorithm ? " (\(algorithm))" : ""
            table.footer.append("# Avg bus bandwidth\(label) : \(fixed(average, 3)) GB/s")
        }
        return table
    }
}

/// `value` with exactly `digits` decimals (`3.50`), as nccl-tests prints its columns.
public func fixed(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}
