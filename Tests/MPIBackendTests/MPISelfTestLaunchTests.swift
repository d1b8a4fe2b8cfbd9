import Foundation
import MPIBackend
import Testing

/// Runs `wallsim-mpi-selftest` under real `mpirun` jobs. `swift test` itself is not an MPI job, so
/// these tests launch one per case; they need `swift test --traits MPI` and OpenMPI's `mpirun`.
@Suite("the MPI self-test under mpirun", .serialized,
       .enabled(if: MPIRuntime.isAvailable, "wallsim was built without MPI: run `swift test --traits MPI`"),
       .enabled(if: MPIJob.mpirun != nil, "mpirun is not on PATH (apt install openmpi-bin)"))
struct MPISelfTestLaunchTests {
    @Test("every executor case verifies element by element", arguments: [2, 4])
    func selfTestPasses(ranks: Int) throws {
        let job = try MPIJob.run(ranks: ranks, arguments: [], limit: 300)
        #expect(job.status == 0, "\(job.output)")
        #expect(job.output.contains(" passed, 0 failed"), "\(job.output)")
    }

    @Test("a rank that hangs mid-schedule makes the others stop with a watchdog error, not hang")
    func stalledRankIsDetected() throws {
        let job = try MPIJob.run(ranks: 4, arguments: ["--fault", "stall", "--timeout", "2"], limit: 60)
        #expect(job.status != 0)
        #expect(job.output.contains("no progress for 2.0 s waiting on rank(s) 1"), "\(job.output)")
        #expect(job.seconds < 30)
    }

    @Test("a rank that exits mid-schedule ends the job with an error, not a hang")
    func exitedRankEndsTheJob() throws {
        let job = try MPIJob.run(ranks: 4, arguments: ["--fault", "exit", "--timeout", "2"], limit: 60)
        #expect(job.status != 0)
        #expect(job.output.contains("rank 1: injected fault: exit in step 1"), "\(job.output)")
        #expect(job.seconds < 30)
    }

    @Test("ranks asked to run different counts all refuse before timing")
    func disagreementIsCaught() throws {
        let job = try MPIJob.run(ranks: 3, arguments: ["--fault", "disagree"], limit: 60)
        #expect(job.status == 3)
        for rank in 0..<3 { #expect(job.output.contains("error: rank \(rank): ranks disagree on what to run"), "\(job.output)") }
    }
}

/// One finished mpirun job: exit status, combined output, wall time.
struct MPIJob {
    var status: Int32
    var output: String
    var seconds: Double

    /// The `mpirun` on PATH, if any.
    static let mpirun: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("mpirun") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// The self-test executable, built next to this test bundle.
    static var selfTest: URL {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return bundle.deletingLastPathComponent().appendingPathComponent("wallsim-mpi-selftest")
    }

    struct TimedOut: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the self-test on `ranks` ranks, killing the job if it outlives `limit` seconds.
    static func run(ranks: Int, arguments: [String], limit: Double) throws -> MPIJob {
        let mpirun = try #require(Self.mpirun)
        #expect(FileManager.default.isExecutableFile(atPath: selfTest.path), "build it first: \(selfTest.path)")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("wallsim-mpi-\(UUID().uuidString).log")
        try #require(FileManager.default.createFile(atPath: log.path, contents: nil), "cannot create \(log.path)")
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = mpirun
        process.arguments = ["--allow-run-as-root", "--oversubscribe", "-np", String(ranks), selfTest.path] + arguments
        process.standardOutput = handle
        process.standardError = handle
        let start = Date()
        try process.run()
        while process.isRunning && Date().timeIntervalSince(start) < limit { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw TimedOut(description: "mpirun -np \(ranks) \(arguments.joined(separator: " ")) still running after \(limit) s")
        }
        try handle.close()
        let output = try String(contentsOf: log, encoding: .utf8)
        return MPIJob(status: process.terminationStatus, output: output, seconds: Date().timeIntervalSince(start))
    }
}
