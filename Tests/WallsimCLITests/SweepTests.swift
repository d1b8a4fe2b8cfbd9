import Foundation
import Testing

@Suite("wallsim sweep")
struct SweepTests {
    @Test("a strong-scaling sweep derives per-GPU throughput, efficiency and communication share from its own columns")
    func arithmetic() throws {
        let run = try WallsimCLITests.wallsim("sweep", try SweepFixtures.config(), "--gpus", "2,4,8,16", "--scaling", "strong",
                                              "--model", "analytical", "--format", "csv")
        #expect(run.status == 0)
        let rows = SweepFixtures.rows(run.stdout)
        try #require(rows.count == 4)
        #expect(rows.map { $0["gpus"] } == ["2", "4", "8", "16"])
        #expect(rows.map { $0["dp"] } == ["2", "4", "8", "16"])
        #expect(rows.allSatisfy { $0["global_batch"] == "64" && $0["tp"] == "1" && $0["pp"] == "1" })
        let first = rows[0].number("per_gpu(tokens/s)")
        for row in rows {
            let throughput = row.number("throughput(tokens/s)"), gpus = row.number("gpus")
            // 64 sequences of 512 tokens per iteration.
            #expect(abs(throughput - 64 * 512 / row.number("iteration(s)")) <= 1e-5 * throughput)
            #expect(abs(row.number("per_gpu(tokens/s)") - throughput / gpus) <= 0.01)
            #expect(abs(row.number("efficiency(%)") - 100 * row.number("per_gpu(tokens/s)") / first) <= 0.01)
            #expect(abs(row.number("comm_share(%)") - 100 * row.number("exposed_comm(s)") / row.number("iteration(s)")) <= 0.01)
        }
        #expect(rows[0]["efficiency(%)"] == "100.00")
    }

    @Test("the wall is the first point where exposed communication exceeds compute, in a column and a footer")
    func wall() throws {
        let config = try SweepFixtures.config()
        let csv = try WallsimCLITests.wallsim("sweep", config, "--gpus", "2,4,8,16", "--scaling", "strong", "--model", "analytical",
                                              "--format", "csv")
        let rows = SweepFixtures.rows(csv.stdout)
        try #require(rows.count == 4)
        #expect(rows.map { $0["wall"] } == ["no", "yes", "no", "no"])
        #expect(rows[0].number("exposed_comm(s)") <= rows[0].number("compute(s)"))
        #expect(rows[1].number("exposed_comm(s)") > rows[1].number("compute(s)"))
        let text = try WallsimCLITests.wallsim("sweep", config, "--gpus", "2,4,8,16", "--scaling", "strong", "--model", "analytical")
        #expect(text.stdout.hasSuffix("# the wall: at 4 GPUs exposed communication (77.368 ms) exceeds compute (30.206 ms)\n"))
        #expect(text.stdout.hasPrefix("# wallsim sweep tiny-bert on slow-switch: strong scaling over GPU count, analytical model\n"))
    }

    @Test("weak scaling keeps 16 sequences per GPU, so compute per iteration stays the same")
    func weakScaling() throws {
        let run = try WallsimCLITests.wallsim("sweep", try SweepFixtures.config(), "--gpus", "2,4,8", "--model", "analytical",
                                              "--format", "json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["global_batch"] as? Int } == [32, 64, 128])
        #expect(Set(rows.compactMap { $0["compute(s)"] as? Double }) == [0.030206])
    }

    @Test("--vary bandwidth sets the scale-out rate: 100 Gbps on the slow switch is switch-16")
    func varyBandwidth() throws {
        let config = try SweepFixtures.config()
        let sweep = try WallsimCLITests.wallsim("sweep", config, "--vary", "bandwidth=25Gbps,100Gbps", "--model", "analytical",
                                                "--format", "csv")
        let rows = SweepFixtures.rows(sweep.stdout)
        #expect(rows.map { $0["scale_out(Gbps)"] } == ["25", "100"])
        let reference = try WallsimCLITests.wallsim("compare", config, "--topologies", try SweepFixtures.slowSwitch(), "switch-16",
                                                    "--model", "analytical", "--format", "csv")
        #expect(rows.map { $0["iteration(s)"] } == SweepFixtures.rows(reference.stdout).map { $0["iteration(s)"] })
    }

    @Test("--jobs 2 writes the same bytes as --jobs 1, table and plot")
    func jobs() throws {
        let config = try SweepFixtures.config()
        var outputs: [String] = []
        for jobs in ["1", "2"] {
            let plot = SweepFixtures.path("jobs\(jobs).svg")
            let run = try WallsimCLITests.wallsim("sweep", config, "--gpus", "2,4,8,16", "--scaling", "strong", "--model", "flow",
                                                  "--jobs", jobs, "--plot", plot)
            #expect(run.status == 0)
            #expect(run.stderr.isEmpty)
            outputs.append(run.stdout + (try String(contentsOfFile: plot, encoding: .utf8)))
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test("the plot carries the table's efficiency and share at each GPU count, and the wall as a marker")
    func plot() throws {
        let path = SweepFixtures.path("sweep.svg")
        let run = try WallsimCLITests.wallsim("sweep", try SweepFixtures.config(), "--gpus", "2,4,8,16", "--scaling", "strong",
                                              "--model", "analytical", "--format", "csv", "--plot", path)
        let rows = SweepFixtures.rows(run.stdout)
        let points = try SweepFixtures.elements("circle", class: "point", inSVG: path)
        let efficiency = points.filter { $0["data-series"]?.hasPrefix("scaling efficiency") == true }
        let share = points.filter { $0["data-series"]?.hasPrefix("exposed communication") == true }
        try #require(rows.count == 4 && efficiency.count == 4 && share.count == 4)
        #expect(efficiency.compactMap { $0["data-x"] } == ["2", "4", "8", "16"])
        for (index, row) in rows.enumerated() {
            #expect(abs((efficiency[index]["data-y"].flatMap(Double.init) ?? .nan) - row.number("efficiency(%)")) <= 0.005)
            #expect(abs((share[index]["data-y"].flatMap(Double.init) ?? .nan) - row.number("comm_share(%)")) <= 0.005)
        }
        let markers = try SweepFixtures.elements("g", class: "marker", inSVG: path)
        #expect(markers.map { $0["data-x"] } == ["4"])
        #expect(markers.first?["data-label"] == "the wall: 4 GPUs")
    }

    @Test("--report writes one HTML page holding the table's rows, the wall and the plot inline")
    func report() throws {
        let path = SweepFixtures.path("sweep.html")
        let run = try WallsimCLITests.wallsim("sweep", try SweepFixtures.config(), "--gpus", "2,4", "--scaling", "strong",
                                              "--model", "analytical", "--report", path)
        #expect(run.status == 0)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<tr><td>4</td><td>1</td><td>1</td><td>4</td><td>64</td><td>0.107575</td>"))
        #expect(html.contains("<p># the wall: at 4 GPUs exposed communication (77.368 ms) exceeds compute (30.206 ms)</p>"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!html.contains("<?xml"))
    }

    @Test("bad --keep and --gpus are refused with the numbers and a non-zero exit",
          arguments: [(["--gpus", "4,8", "--keep", "tq=2"], "unknown key 'tq' in --keep 'tq=2'; expected tp or pp"),
                      (["--gpus", "4,6", "--keep", "tp=4"],
                       "--gpus 6: 6 ranks do not split into tensor x pipeline = 4 x 1 = 4 (6 mod 4 = 2)"),
                      (["--gpus", "4,32"], "32 GPUs: the plan needs 32 ranks but topology 'slow-switch' has 16 NPUs"),
                      (["--gpus", "4,x"], "--gpus expects comma-separated GPU counts"),
                      (["--vary", "speed=1Gbps"], "--vary expects bandwidth=RATE,..., latency=TIME,..., tp=SIZE,... or pp=SIZE,...")])
    func badInput(flags: [String], message: String) throws {
        let run = try WallsimCLITests.wallsim(arguments: ["sweep", try SweepFixtures.config(), "--model", "analytical"] + flags)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(message))
    }
}
