import Foundation
import MPIBackend
import Testing

/// One finished run of the built `wallsim` binary: exit status, standard output, standard error.
struct WallsimJob {
    var status: Int32
    var output: String
    var errors: String

    /// The `wallsim` executable, built next to this test bundle (`swift build --build-tests` builds it).
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("wallsim")
    }

    /// `mpirun` on PATH, if any.
    static let mpirun: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { "\($0)/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    struct TimedOut: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `program arguments`, killing it if it outlives `limit` seconds.
    static func run(_ program: String, _ arguments: [String], limit: Double = 120) throws -> WallsimJob {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wallsim-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out"), err = directory.appendingPathComponent("err")
        for file in [out, err] { try #require(FileManager.default.createFile(atPath: file.path, contents: nil)) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        // As root, mpirun refuses the MPMD form of the disagreement test without these.
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let start = Date()
        try process.run()
        while process.isRunning && Date().timeIntervalSince(start) < limit { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw TimedOut(description: "\(program) \(arguments.joined(separator: " ")) still running after \(limit) s")
        }
        return WallsimJob(status: process.terminationStatus, output: try String(contentsOf: out, encoding: .utf8),
                          errors: try String(contentsOf: err, encoding: .utf8))
    }

    /// Runs `wallsim arguments`.
    static func wallsim(_ arguments: [String], limit: Double = 120) throws -> WallsimJob {
        try run(executable.path, arguments, limit: limit)
    }

    /// The rows of the text table (lines that are neither `#` comments nor the column titles).
    var rows: [[String]] {
        output.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix(" size(B)") && !$0.hasPrefix("size(B)") }
            .map { $0.split(separator: " ").map(String.init).filter { $0 != "|" } }
    }
}
