import Foundation
import Testing

/// `wallsim calibrate --from` and `wallsim validate --from` on bench results made from a known
/// three-regime machine: the fit must find the regimes, and the simulator on the topology it writes
/// must predict every measurement, including an algorithm it was not fitted on.
@Suite("calibrate and validate from saved results")
struct CalibrateFromFileTests {
    /// (from message bytes, alpha s, beta s/B, gamma s/B): eager, cache-resident, DRAM.
    static let regimes: [(from: Double, alpha: Double, beta: Double, gamma: Double)] = [
        (0, 1e-6, 1 / 4e9, 1 / 20e9),
        (4096, 5e-6, 1 / 12e9, 1 / 16e9),
        (4 * 1_048_576, 20e-6, 1 / 2e9, 1 / 1.5e9),
    ]

    /// The time of a 2-rank schedule with `messages` latencies, `bytes` moved and `reduced` bytes
    /// combined on its critical path, whose messages are `message` bytes.
    static func time(messages: Double, bytes: Double, reduced: Double, message: Double) -> Double {
        let r = regimes.last { $0.from <= message } ?? regimes[0]
        return messages * r.alpha + bytes * r.beta + reduced * r.gamma
    }

    /// Rows as `wallsim bench --format json` writes them, at every power of two from 1 KiB to 64 MiB.
    /// On 2 ranks: ring all-reduce is 2 steps of n/2 (one reduced), ring all-gather 1 step of n/2,
    /// recursive doubling 1 step of n, reduced.
    static func rows(_ op: String, _ algorithm: String) -> [[String: Any]] {
        (10...26).map { exponent in
            let n = Double(1 << exponent)
            let seconds = switch (op, algorithm) {
            case ("allgather", _): time(messages: 1, bytes: n / 2, reduced: 0, message: n / 2)
            case (_, "recursive-doubling"): time(messages: 1, bytes: n, reduced: n, message: n)
            default: time(messages: 2, bytes: n, reduced: n / 2, message: n / 2)
            }
            return ["op": op, "ranks": 2, "chunks": 1, "size(B)": 1 << exponent, "count": (1 << exponent) / 4,
                    "type": "float32", "redop": op == "allgather" ? "none" : "sum", "algorithm": algorithm,
                    "time(us)": seconds * 1e6, "#wrong": 0]
        }
    }

    static func write(_ rows: [[String: Any]], name: String) throws -> String {
        try WallsimCLITests.temporaryFile(String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self), name: name)
    }

    @Test("the fit finds three regimes and the simulator on its topology predicts ring and recursive doubling within 0.1%")
    func roundTrip() throws {
        let allreduce = try Self.write(Self.rows("allreduce", "ring"), name: "regimes-allreduce.json")
        let allgather = try Self.write(Self.rows("allgather", "ring"), name: "regimes-allgather.json")
        let topology = FileManager.default.temporaryDirectory.appendingPathComponent("regimes-\(getpid()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: topology) }
        let calibrate = try WallsimCLITests.wallsim("calibrate", "--from", allreduce, "--from", allgather, "--write", topology)
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        #expect(calibrate.stdout.contains("# 3 regime(s); |error| median 0.0%"), "\(calibrate.stdout)")
        #expect(calibrate.stdout.contains("# regime 2, messages from 2896 B: alpha 5.000 us, beta 83.33 ps/B (12.000 GB/s), "
                                          + "gamma 62.50 ps/B (reduction 16.000 GB/s)"), "\(calibrate.stdout)")
        let yaml = try String(contentsOfFile: topology, encoding: .utf8)
        #expect(yaml.contains("  - from: 2965821 B\n    latency: 20.0000 us\n    bandwidth: 2.0000 GB/s\n    reduction-rate: 1.5000 GB/s"),
                "\(yaml)")

        let measured = try Self.write(Self.rows("allreduce", "ring") + Self.rows("allreduce", "recursive-doubling"),
                                      name: "regimes-validate.json")
        for model in ["flow", "analytical"] {
            let validate = try WallsimCLITests.wallsim("validate", "allreduce", "--from", measured, "--topology", topology,
                                                       "-b", "1K", "-e", "64M", "--model", model, "--format", "csv")
            #expect(validate.status == 0, "\(validate.stderr)")
            let rows = validate.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
            let errors = rows.compactMap { $0.count == 6 ? Double($0[4]) : nil }
            // Saved results carry no rounds, so no spread.
            #expect(rows.allSatisfy { $0.last == "-" })
            #expect(errors.count == 34)
            #expect(errors.allSatisfy { abs($0) <= 0.1 }, "\(validate.stdout)")
        }
    }
}
