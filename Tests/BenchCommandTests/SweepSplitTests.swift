import Foundation
import MPIBackend
import Testing

/// `wallsim sweep` launched by `mpirun -np K`: the points split across the ranks, rank 0 writes what a
/// single process writes.
@Suite("wallsim sweep split across mpirun ranks", .serialized,
       .enabled(if: MPIRuntime.isAvailable, "wallsim was built without MPI: run `swift test --traits MPI`"),
       .enabled(if: WallsimJob.mpirun != nil, "mpirun is not on PATH (apt install openmpi-bin)"))
struct SweepSplitTests {
    /// A 4-layer BERT-shaped model on 4 GPUs of a 16-port 25 Gbps switch, written to a fresh directory
    /// (the config names its topology relative to itself); returns the config's path.
    static func config() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wallsim-split-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            name: slow-switch
            topology:
              kind: switch
              npus: 16
              bandwidth: 25 Gbps
              latency: 1 us
            """.write(to: directory.appendingPathComponent("slow-switch.yaml"), atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent("tiny-bert.yaml")
        try """
            name: tiny-bert
            topology: slow-switch.yaml
            accelerator: a100
            model:
              kind: transformer
              layers: 4
              hidden: 1024
              heads: 16
              sequence-length: 512
              vocabulary: 30522
            parallel:
              ranks: 4
              microbatch-size: 4
              global-batch: 64
            """.write(to: config, atomically: true, encoding: .utf8)
        return config.path
    }

    /// `wallsim arguments` under `mpirun -np ranks`.
    static func mpirun(_ ranks: Int, _ arguments: [String]) throws -> WallsimJob {
        try WallsimJob.run(WallsimJob.mpirun ?? "mpirun", ["--allow-run-as-root", "--oversubscribe", "-np", String(ranks),
                                                          WallsimJob.executable.path] + arguments)
    }

    static func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wallsim-split-\(getpid())-\(name)").path
    }

    @Test("a GPU sweep on 2 and 3 ranks prints and plots the same bytes as one process", arguments: [2, 3])
    func sameBytes(ranks: Int) throws {
        let config = try Self.config()
        let flags = ["sweep", config, "--gpus", "2,4,8,16", "--scaling", "strong", "--model", "flow"]
        let single = try WallsimJob.wallsim(flags + ["--plot", Self.path("single.svg")])
        let split = try Self.mpirun(ranks, flags + ["--plot", Self.path("split\(ranks).svg")])
        #expect(single.status == 0 && split.status == 0, "\(split.errors)")
        #expect(split.output == single.output)
        #expect(split.output.hasSuffix("# the wall: at 4 GPUs exposed communication (77.368 ms) exceeds compute (30.206 ms)\n"))
        #expect(try String(contentsOfFile: Self.path("split\(ranks).svg"), encoding: .utf8)
                == String(contentsOfFile: Self.path("single.svg"), encoding: .utf8))
    }

    @Test("tp and message-size sweeps in CSV and JSON are the same bytes on 2 ranks as on one",
          arguments: [["--vary", "tp=1,2,4", "--model", "analytical", "--format", "json"],
                      ["--collective", "allreduce", "--sizes", "1KiB:1MiB", "--factor", "4", "--topology", "switch-16",
                       "--ranks", "8", "--algorithm", "all", "--format", "csv"]])
    func otherAxes(flags: [String]) throws {
        let arguments = ["sweep"] + (flags.first == "--vary" ? [try Self.config()] : []) + flags
        let single = try WallsimJob.wallsim(arguments)
        let split = try Self.mpirun(2, arguments)
        #expect(single.status == 0 && split.status == 0, "\(split.errors)")
        #expect(split.output == single.output)
        #expect(split.output.split(separator: "\n").count >= 4)
    }

    @Test("failing points on some ranks end every rank non-zero with the single run's message, once")
    func failingPoint() throws {
        // All-to-all needs a count divisible by the 4 ranks: 4 B and 8 B (points 0 and 1) fail, 16 B and
        // up succeed, so rank 2 of 3 has only good points and must still exit non-zero.
        let arguments = ["sweep", "--collective", "alltoall", "--sizes", "4B:64B", "--topology", "switch-16", "--ranks", "4",
                         "--algorithm", "all"]
        let single = try WallsimJob.wallsim(arguments)
        let split = try Self.mpirun(3, arguments)
        #expect(single.status != 0 && split.status == single.status)
        #expect(single.errors.hasPrefix("Error: alltoall needs a count divisible by the 4 ranks, got 1\n"))
        #expect(split.errors.contains(single.errors), "\(split.errors)")
        #expect(split.errors.components(separatedBy: "Error: alltoall").count == 2)
        #expect(split.output.isEmpty)
    }

    @Test("a bad flag under mpirun is reported once, with a non-zero status, and nothing on stdout")
    func badFlag() throws {
        let arguments = ["sweep", try Self.config(), "--gpus", "4,32", "--model", "analytical"]
        let split = try Self.mpirun(2, arguments)
        #expect(split.status == 64)
        #expect(split.errors.components(separatedBy: "32 GPUs: the plan needs 32 ranks but topology 'slow-switch' has 16 NPUs")
                    .count == 2)
        #expect(split.output.isEmpty)
    }
}

/// `wallsim sweep` under mpirun from a build without the MPI trait, which cannot split a sweep.
@Suite("wallsim sweep under mpirun without the MPI trait",
       .enabled(if: !MPIRuntime.isAvailable, "wallsim was built with MPI: the split itself is tested"),
       .enabled(if: WallsimJob.mpirun != nil, "mpirun is not on PATH (apt install openmpi-bin)"))
struct SweepWithoutMPITests {
    @Test("mpirun -np 2 of a build without MPI says how to rebuild, once, and exits 2 without a table")
    func refused() throws {
        let job = try SweepSplitTests.mpirun(2, ["sweep", try SweepSplitTests.config(), "--gpus", "2,4", "--model", "analytical"])
        #expect(job.status == 2)
        #expect(job.errors.components(separatedBy: "error: this wallsim was built without the MPI trait, so it cannot split "
            + "a sweep across the 2 ranks of this mpirun job; rebuild with `swift build --traits MPI`").count == 2)
        #expect(job.output.isEmpty)
    }
}
