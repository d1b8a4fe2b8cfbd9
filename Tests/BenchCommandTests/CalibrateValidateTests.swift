import Foundation
import MPIBackend
import Scenario
import Testing
import Topology

/// `wallsim calibrate` then `wallsim validate` on 2 ranks, end to end, on a small fast sweep.
@Suite("wallsim calibrate and validate under mpirun", .serialized,
       .enabled(if: MPIRuntime.isAvailable, "wallsim was built without MPI: run `swift test --traits MPI`"),
       .enabled(if: WallsimJob.mpirun != nil, "mpirun is not on PATH (apt install openmpi-bin)"))
struct CalibrateValidateTests {
    @Test("calibrate fits message-size regimes and writes a loadable topology that validate predicts with")
    func endToEnd() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("calibrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("local-e2e.yaml").path

        let calibrate = try WallsimJob.wallsim(["calibrate", "--np", "2", "-b", "1K", "-e", "1M", "-f", "8", "-w", "1",
                                                "-n", "5", "--rounds", "2", "--write", path])
        #expect(calibrate.status == 0, "\(calibrate.output)\(calibrate.errors)")
        // 1K, 8K, 64K, 512K for all-gather and all-reduce, ring and recursive doubling: 16 measurements.
        #expect(calibrate.output.contains("over 16 measurements"), "\(calibrate.output)")
        #expect(calibrate.output.contains("# regime 1, messages from 0 B: alpha "), "\(calibrate.output)")
        #expect(calibrate.output.contains("wrote \(path)"))

        let file = try TopologyFile.read(path: path)
        #expect(file.spec.name == "local-e2e")
        guard case let .fullyConnected(npus, link) = file.spec.shape else {
            Issue.record("calibrate wrote \(file.spec.shape), not a fully-connected topology")
            return
        }
        #expect(npus == 2)
        #expect(link.bandwidth.bitsPerSecond > 0 && link.latency >= .zero)
        #expect(file.spec.npuInjection == link.bandwidth)
        // The links carry the fastest regime's figures, so no regime is faster than them.
        let regimes = try #require(file.messageRegimes)
        #expect(regimes.regimes.first?.from == .zero)
        #expect(regimes.regimes.allSatisfy { $0.latency >= link.latency && $0.bandwidth <= link.bandwidth })
        #expect(try file.build().npuCount == 2)

        let validate = try WallsimJob.wallsim(["validate", "allreduce", "--np", "2", "--topology", path,
                                               "--algorithm", "ring,recursive-doubling", "-b", "64K", "-e", "1M", "-f", "16",
                                               "-w", "1", "-n", "5", "--rounds", "2", "--format", "csv"])
        #expect(validate.status == 0, "\(validate.output)\(validate.errors)")
        let rows = validate.output.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(rows.first == ["size(B)", "algorithm", "measured(us)", "predicted(us)", "error(%)", "spread(%)"])
        #expect(rows.count == 1 + 2 * 2) // 64K and 1M, two algorithms
        for row in rows.dropFirst() {
            let measured = try #require(Double(row[2])), predicted = try #require(Double(row[3])), error = try #require(Double(row[4]))
            #expect(measured > 0 && predicted > 0)
            #expect(abs(error - 100 * (predicted - measured) / measured) < 0.2)
            // Two launches: a spread is known and not negative.
            #expect((Double(row[5]) ?? -1) >= 0, "\(row)")
        }
    }

    @Test("validate --calibrate fits its own interleaved calibration rounds, writes the topology and predicts with it")
    func calibrateInSession() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("local-session-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let job = try WallsimJob.wallsim(["validate", "allreduce", "--np", "2", "--calibrate", "--topology", path,
                                          "--algorithm", "ring,rabenseifner", "-b", "64K", "-e", "256K", "-f", "4",
                                          "-w", "1", "-n", "3", "--rounds", "2"])
        #expect(job.status == 0, "\(job.output)\(job.errors)")
        // 1K to 256K by 2 is 9 sizes of all-gather and all-reduce, ring and recursive doubling.
        #expect(job.output.contains("over 36 measurements"), "\(job.output)")
        #expect(job.output.contains("# calibrated in the same 2 round(s); wrote \(path)"), "\(job.output)")
        #expect(try TopologyFile.read(path: path).messageRegimes != nil)
        let rows = job.output.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
        #expect(rows.count == 4, "\(job.output)") // 64K and 256K, two algorithms
        #expect(job.output.contains("# median |error|: "))
    }

    @Test("calibrate without --np or --from says how to give it measurements")
    func needsMeasurements() throws {
        let job = try WallsimJob.wallsim(["calibrate"])
        #expect(job.status == 64)
        #expect(job.errors.contains("give --np N to measure"), "\(job.errors)")
    }
}
