import Foundation
import Testing

@Suite("wallsim sweep over a parallel dimension and over message sizes")
struct SweepDimensionTests {
    @Test("--vary tp keeps the config's 4 GPUs, gives data parallelism the rest, and marks the wall")
    func tensor() throws {
        let config = try SweepFixtures.config()
        let run = try WallsimCLITests.wallsim("sweep", config, "--vary", "tp=1,2,4", "--model", "analytical", "--format", "csv")
        #expect(run.status == 0, "\(run.stderr)")
        let rows = SweepFixtures.rows(run.stdout)
        try #require(rows.count == 3)
        #expect(rows.map { $0["gpus"] } == ["4", "4", "4"])
        #expect(rows.map { $0["tp"] } == ["1", "2", "4"])
        #expect(rows.map { $0["dp"] } == ["4", "2", "1"])
        #expect(rows.allSatisfy { $0["pp"] == "1" && $0["global_batch"] == "64" })
        // tp=1 is the config itself, as a --gpus sweep at its own size simulates it.
        let plain = SweepFixtures.rows(try WallsimCLITests.wallsim("sweep", config, "--gpus", "4", "--model", "analytical",
                                                                   "--format", "csv").stdout)
        #expect(rows[0]["iteration(s)"] == plain.first?["iteration(s)"])
        let wall = rows.firstIndex { $0.number("exposed_comm(s)") > $0.number("compute(s)") }
        #expect(rows.map { $0["wall"] } == rows.indices.map { $0 == wall ? "yes" : "no" })
        #expect(wall == 0)
    }

    @Test("--vary pp with --keep tp splits the same GPUs into stages, labelled pp=N in the text footer")
    func pipeline() throws {
        let config = try SweepFixtures.config()
        let csv = try WallsimCLITests.wallsim("sweep", config, "--vary", "pp=1,2,4", "--keep", "tp=1", "--model", "analytical",
                                              "--format", "csv")
        let rows = SweepFixtures.rows(csv.stdout)
        try #require(rows.count == 3)
        #expect(rows.map { $0["pp"] } == ["1", "2", "4"])
        #expect(rows.map { $0["dp"] } == ["4", "2", "1"])
        // More stages leave fewer microbatches per replica to fill them: the bubble grows.
        #expect(rows[0].number("bubble(s)") == 0)
        #expect(rows[1].number("bubble(s)") > 0 && rows[2].number("bubble(s)") > rows[1].number("bubble(s)"))
        let text = try WallsimCLITests.wallsim("sweep", config, "--vary", "pp=1,2,4", "--model", "analytical")
        #expect(text.stdout.hasPrefix("# wallsim sweep tiny-bert on slow-switch: pipeline-parallel size on 4 GPUs, analytical model\n"))
        #expect(text.stdout.contains("# the wall: at pp=1 exposed communication (77.368 ms) exceeds compute (30.206 ms)\n"))
    }

    @Test("a tp or pp that does not fit the GPUs is refused with the numbers",
          arguments: [(["--vary", "tp=1,3"],
                       "--vary tp=3 on 4 GPUs: 4 ranks do not split into tensor x pipeline = 3 x 1 = 3 (4 mod 3 = 1)"),
                      (["--vary", "pp=2", "--keep", "tp=4"],
                       "--vary pp=2 on 4 GPUs: 4 ranks do not split into tensor x pipeline = 4 x 2 = 8 (4 mod 8 = 4)"),
                      (["--vary", "tp=1,2", "--keep", "tp=2"], "--keep tp conflicts with --vary tp"),
                      (["--vary", "pp=0"], "--vary pp expects whole sizes of at least 1, like pp=1,2,4; got '0'")])
    func badSplit(flags: [String], message: String) throws {
        let run = try WallsimCLITests.wallsim(arguments: ["sweep", try SweepFixtures.config(), "--model", "analytical"] + flags)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    /// Ring all-reduce on 4 ranks of the slow switch: 2(p-1) = 6 steps, each a route of two 1 us links
    /// carrying n/4 bytes at 25 Gbps.
    static func ringTime(bytes: Double) -> (latency: Double, total: Double) {
        let latency = 6 * 2.0
        return (latency, latency + 6 * (bytes / 4) * 8 / 25e9 * 1e6)
    }

    @Test("a collective sweep's latency part is the alpha-beta 2(p-1) alpha, and bandwidth takes over where it predicts")
    func collectiveClosedForm() throws {
        let topology = try SweepFixtures.slowSwitch()
        let run = try WallsimCLITests.wallsim("sweep", "--collective", "allreduce", "--sizes", "1KiB:1GiB", "--factor", "4",
                                              "--topology", topology, "--ranks", "4", "--model", "analytical", "--format", "csv")
        #expect(run.status == 0, "\(run.stderr)")
        let rows = SweepFixtures.rows(run.stdout)
        try #require(rows.count == 11)
        #expect(rows.map { $0["size(B)"] } == (0..<11).map { String(1024 << (2 * $0)) })
        for row in rows {
            let bytes = row.number("size(B)"), time = row.number("time(us)")
            let expected = Self.ringTime(bytes: bytes)
            #expect(row["latency(us)"] == "12.00")
            #expect(abs(time - expected.total) <= 0.006, "\(row)")
            #expect(abs(row.number("latency_share(%)") - 100 * expected.latency / expected.total) <= 0.01, "\(row)")
            #expect(abs(row.number("busbw(GB/s)") - 1.5 * bytes / time / 1e3) <= 0.006, "\(row)")
        }
        // Latency is under half once 6 (n/4) 8 / 25 Gbps > 12 us, n > 25,000 B: the first size is 64 KiB.
        let text = try WallsimCLITests.wallsim("sweep", "--collective", "allreduce", "--sizes", "1KiB:1GiB", "--factor", "4",
                                               "--topology", topology, "--ranks", "4", "--model", "analytical")
        #expect(text.stdout.hasPrefix("# wallsim sweep allreduce on slow-switch: message size, 4 ranks, analytical model\n"))
        #expect(text.stdout.hasSuffix("# ring: bandwidth outweighs latency from 65536 B (latency 27.61% of the time)\n"))
    }

    @Test("the collective sweep's plot has one bus-bandwidth line per algorithm over the sizes, the table's numbers")
    func collectivePlot() throws {
        let path = SweepFixtures.path("collective.svg")
        let run = try WallsimCLITests.wallsim("sweep", "--collective", "allgather", "--sizes", "4KiB:4MiB", "--factor", "32",
                                              "--topology", "switch-16", "--ranks", "8", "--algorithm", "all",
                                              "--model", "analytical", "--format", "csv", "--plot", path)
        #expect(run.status == 0, "\(run.stderr)")
        let rows = SweepFixtures.rows(run.stdout)
        let points = try SweepFixtures.elements("circle", class: "point", inSVG: path)
        try #require(rows.count == points.count && !rows.isEmpty)
        for row in rows {
            let point = points.first { $0["data-series"] == row["algorithm"] && $0["data-x"] == row["size(B)"] }
            #expect(abs((point?["data-y"].flatMap(Double.init) ?? .nan) - row.number("busbw(GB/s)")) <= 0.005, "\(row)")
        }
        #expect(Set(rows.compactMap { $0["size(B)"] }) == ["4096", "131072", "4194304"])
    }

    @Test("--jobs 2 writes the same collective sweep as --jobs 1")
    func collectiveJobs() throws {
        let outputs = try ["1", "2"].map { jobs in
            try WallsimCLITests.wallsim("sweep", "--collective", "reducescatter", "--sizes", "1KiB:1MiB", "--factor", "8",
                                        "--topology", "switch-16", "--algorithm", "all", "--jobs", jobs).stdout
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].split(separator: "\n").count > 8)
    }

    @Test("flags of the other kind of sweep are refused",
          arguments: [(["CONFIG", "--gpus", "4", "--sizes", "1KiB:1MiB"], "--sizes applies to --collective sweeps only"),
                      (["CONFIG", "--collective", "allreduce", "--sizes", "1KiB:1MiB"],
                       "--collective sweeps message sizes on a topology: drop the config"),
                      (["--collective", "allreduce"], "--collective needs --sizes FROM:TO"),
                      (["--collective", "allreduce", "--sizes", "1MiB:1KiB"], "--sizes goes from 1048576 B down to 1024 B"),
                      (["--gpus", "4"], "give a workload config to sweep, or --collective OP --sizes FROM:TO")])
    func badCollective(flags: [String], message: String) throws {
        let config = try SweepFixtures.config()
        let run = try WallsimCLITests.wallsim(arguments: ["sweep"] + flags.map { $0 == "CONFIG" ? config : $0 })
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }
}
