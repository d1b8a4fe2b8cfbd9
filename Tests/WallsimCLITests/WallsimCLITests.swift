import Foundation
import Testing

/// Runs the real `wallsim` binary and compares its whole output, as swift-argument-parser's own
/// example tests do: what a user sees is what is tested.
@Suite("wallsim command line")
struct WallsimCLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `wallsim` binary built beside this test bundle.
    static var binary: URL {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return here.appendingPathComponent("wallsim")
    }

    static func wallsim(_ arguments: String...) throws -> Run { try wallsim(arguments: arguments) }

    static func temporaryFile(_ text: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wallsim-cli-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("topology show prints the summary of a built-in topology")
    func topologyShow() throws {
        let run = try Self.wallsim("topology", "show", "switch-16")
        #expect(run.status == 0)
        #expect(run.stdout == """
            topology switch-16
              nodes       17 (16 NPUs, 1 switch)
              links       32 directed
              diameter    2 hops between NPUs (formula)
              bisection   200 GB/s, both directions (formula)
              injection   100 Gbps per NPU
              link classes
                32 x 100 Gbps, 1 us
              source      illustrative; 100 Gb/s Ethernet-class ports

            """)
    }

    @Test("topology show --format json is machine-readable")
    func topologyShowJSON() throws {
        let run = try Self.wallsim("topology", "show", "torus-4x4", "--format", "json")
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(object?["npuCount"] as? Int == 16)
        #expect(object?["diameter"] as? Int == 4)
    }

    @Test("a collective sweep prints nccl-tests' columns and the average bus bandwidth")
    func collectiveSweep() throws {
        let run = try Self.wallsim("collective", "allreduce", "--topology", "switch-16", "--sweep", "1KiB:1MiB",
                                   "--factor", "32", "--model", "flow")
        #expect(run.status == 0)
        #expect(run.stdout == """
            # wallsim collective allreduce: topology switch-16 (builtin:switch-16), 16 ranks, flow model, 1 chunk(s)
            size(B)  count type    redop | time(us) algbw(GB/s) busbw(GB/s)
               1024    256 float32 sum   |    60.15        0.02        0.03
              32768   8192 float32 sum   |    64.92        0.50        0.95
            1048576 262144 float32 sum   |   217.29        4.83        9.05
            # Avg bus bandwidth : 3.342 GB/s

            """)
    }

    @Test("CSV and JSON carry the same columns as the table")
    func collectiveFormats() throws {
        let csv = try Self.wallsim("collective", "allgather", "--topology", "ring-8", "--size", "1MiB", "--format", "csv")
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("size(B),count,type,redop,time(us),algbw(GB/s),busbw(GB/s)\n1048576,262144,float32,none,"))
        let json = try Self.wallsim("collective", "allgather", "--topology", "ring-8", "--size", "1MiB", "--format", "json")
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.first?["size(B)"] as? Int == 1_048_576)
    }

    @Test("a misspelt key in a topology file is a compiler-style error with a suggestion, and exit 1")
    func badTopologyFile() throws {
        let path = try Self.temporaryFile("""
            name: bad
            topology:
              kind: switch
              npus: 4
              bandwidth: 100 Gbps
              latnecy: 1 us
            """, name: "bad.yaml")
        let run = try Self.wallsim("topology", "show", path)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "\(path):6:3: error: unknown key 'latnecy' in 'topology' (expected the required key 'latency'); did you mean 'latency'?\n")
    }

    @Test("an unknown topology name lists the built-ins and suggests the nearest")
    func unknownTopology() throws {
        let run = try Self.wallsim("topology", "show", "swtich-16")
        #expect(run.status == 1)
        #expect(run.stderr.contains("no built-in topology of that name"))
        #expect(run.stderr.hasSuffix("did you mean 'switch-16'?\n"))
    }

    @Test("more ranks than NPUs is refused with the numbers involved", arguments: [["--ranks", "40"], ["--algorithm", "ringg"]])
    func badFlags(extra: [String]) throws {
        let run = try Self.wallsim(arguments: ["collective", "allreduce", "--topology", "switch-16"] + extra)
        #expect(run.status != 0)
        #expect(run.stderr.contains(extra[0] == "--ranks" ? "--ranks 40 is more than the 16 NPUs" : "unknown --algorithm 'ringg'"))
    }

    @Test("--output writes the same table to a file")
    func outputFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wallsim-out-\(getpid()).csv").path
        let run = try Self.wallsim("collective", "reducescatter", "--topology", "ring-8", "--size", "64KiB",
                                   "--format", "csv", "--output", path)
        #expect(run.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == run.stdout)
    }
}

extension WallsimCLITests {
    static func wallsim(arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }
}
