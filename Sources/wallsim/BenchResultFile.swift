import ArgumentParser
import Calibration
import Collectives
import Foundation

/// One row of a saved `wallsim bench --format json` file: enough to rebuild the schedule that ran.
struct BenchRow {
    var op: String
    var ranks: Int
    var chunks: Int
    var bytes: Int64
    var count: Int
    var type: DataTypeName
    var algorithm: String
    /// Mean time per run over ranks, in seconds.
    var seconds: Double
    var wrong: Int?
    /// When the row is the median of several launches (`measure(...rounds:)`): their spread,
    /// (slowest - fastest) / median.
    var spread: Double?

    /// The schedule the row measured, or nil for the library's own collective (`native`).
    func schedule(root: Int = 0) throws -> Schedule? {
        guard let algorithm = CollectiveAlgorithm(rawValue: algorithm) else { return nil }
        guard let name = OperationName(rawValue: op) else { throw ValidationError("unknown operation '\(op)' in a bench file") }
        return try algorithm.schedule(try name.op(root: root, ranks: ranks), ranks: ranks, count: count,
                                      elementSize: type.size, chunks: chunks)
    }
}

/// Reading and writing the JSON that `wallsim bench --format json` produces.
enum BenchResultFile {
    /// The rows of a bench JSON file.
    static func read(path: String) throws -> [BenchRow] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read bench results '\(path)'")
        }
        return try parse(data, path: path)
    }

    static func parse(_ data: Data, path: String) throws -> [BenchRow] {
        guard let rows = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else {
            throw ValidationError("'\(path)' is not a JSON array of rows (save one with wallsim bench --format json)")
        }
        return try rows.enumerated().map { index, row in
            func field<T>(_ key: String, _ convert: (Any) -> T?) throws -> T {
                guard let raw = row[key], let value = convert(raw) else {
                    throw ValidationError("'\(path)': row \(index + 1) lacks a valid '\(key)' (expected wallsim bench --format json)")
                }
                return value
            }
            let number: (Any) -> Double? = { ($0 as? NSNumber)?.doubleValue }
            return BenchRow(
                op: try field("op") { $0 as? String }, ranks: Int(try field("ranks", number)),
                chunks: Int(try field("chunks", number)), bytes: Int64(try field("size(B)", number)),
                count: Int(try field("count", number)),
                type: try field("type") { ($0 as? String).flatMap(DataTypeName.init(rawValue:)) },
                algorithm: try field("algorithm") { $0 as? String },
                seconds: try field("time(us)", number) / 1e6, wrong: number(row["#wrong"] ?? "").map { Int($0) })
        }
    }

    /// Runs `measure` `rounds` times and keeps, for each row, the median of its rounds' times.
    ///
    /// Rounds are whole sweeps one after another, so a size measured during a burst of load on a
    /// shared machine, or on an unlucky placement of its buffers in memory, is outvoted by the others
    /// (interleaving the repetitions, as careful benchmarks do, rather than running them back to back).
    static func measure(operation: OperationName, algorithms: String, launch: MPILaunchOptions, ranks: Int,
                        sweep: [String], rounds: Int) throws -> [BenchRow] {
        precondition(rounds >= 1, "need at least one round, got \(rounds)")
        let all = try (0..<rounds).map { _ in
            try measure(operation: operation, algorithms: algorithms, launch: launch, ranks: ranks, sweep: sweep)
        }
        return all[0].enumerated().map { index, row in
            var merged = row
            let times = all.compactMap { round in
                round.first { $0.op == row.op && $0.algorithm == row.algorithm && $0.bytes == row.bytes }?.seconds
            }
            merged.seconds = median(times)
            if times.count > 1, let low = times.min(), let high = times.max(), merged.seconds > 0 {
                merged.spread = (high - low) / merged.seconds
            }
            merged.wrong = all.compactMap { $0.indices.contains(index) ? $0[index].wrong : nil }.max()
            return merged
        }
    }

    /// Runs `wallsim bench` on `ranks` ranks (through `--np`, so mpirun is launched for it) and
    /// returns its rows; the table goes to a temporary JSON file, not the terminal. Times are each
    /// rank's median run, which a busy machine disturbs least.
    static func measure(operation: OperationName, algorithms: String, launch: MPILaunchOptions, ranks: Int,
                        sweep: [String]) throws -> [BenchRow] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wallsim-bench-\(getpid())-\(operation).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var arguments = ["bench", operation.rawValue, "--np", String(ranks), "--transport", launch.transport.rawValue,
                         "--algorithm", algorithms, "--statistic", "median", "--format", "json", "--output", path] + sweep
        if let hostfile = launch.hostfile { arguments += ["--hostfile", hostfile] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MPILaunch.executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("wallsim \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)")
        }
        return try read(path: path)
    }
}
