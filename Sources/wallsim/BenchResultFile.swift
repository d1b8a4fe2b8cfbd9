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

    /// One `wallsim bench` sweep to repeat: an operation, our algorithms, and the size flags.
    struct Sweep {
        var operation: OperationName
        var algorithms: String
        var flags: [String]
    }

    /// Runs every sweep once per round, the sweeps of a round one after another, and keeps for each
    /// row the median of its rounds' times (with their spread); the result has one list per sweep.
    ///
    /// Every sweep is its own mpirun launch. On a shared machine whole stretches of minutes run fast
    /// or slow (other tenants, where the ranks and their buffers land), which repetitions inside one
    /// launch cannot show; interleaving the sweeps over rounds lets each see the same mix of those
    /// states, and the median over rounds outvotes the stretches that are off.
    static func measure(_ sweeps: [Sweep], launch: MPILaunchOptions, ranks: Int, rounds: Int) throws -> [[BenchRow]] {
        precondition(rounds >= 1, "need at least one round, got \(rounds)")
        var all = [[[BenchRow]]](repeating: [], count: sweeps.count)
        for _ in 0..<rounds {
            for (index, sweep) in sweeps.enumerated() {
                all[index].append(try measure(operation: sweep.operation, algorithms: sweep.algorithms, launch: launch,
                                              ranks: ranks, sweep: sweep.flags))
            }
        }
        return all.map(mergeRounds)
    }

    /// The first round's rows, each with the median time of that row over all rounds.
    static func mergeRounds(_ rounds: [[BenchRow]]) -> [BenchRow] {
        guard let first = rounds.first else { return [] }
        return first.map { row in
            var merged = row
            let same = rounds.compactMap { round in
                round.first { $0.op == row.op && $0.algorithm == row.algorithm && $0.bytes == row.bytes }
            }
            let times = same.map(\.seconds)
            merged.seconds = median(times)
            if times.count > 1, let low = times.min(), let high = times.max(), merged.seconds > 0 {
                merged.spread = (high - low) / merged.seconds
            }
            merged.wrong = same.compactMap(\.wrong).max()
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
