import Foundation
import Testing

@Suite("wallsim compare")
struct CompareTests {
    @Test("one row per topology with run's columns, the shortest iteration marked best")
    func rows() throws {
        let run = try WallsimCLITests.wallsim("compare", try SweepFixtures.config(), "--topologies", try SweepFixtures.slowSwitch(), "switch-16",
                                              "--model", "analytical", "--format", "csv")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("candidate,plan,config,topology,ranks,iteration(s),compute(s),optimizer(s),tp(s),pp(s),dp(s),"
            + "alltoall(s),bubble(s),mfu(%),tflops_per_gpu,items_per_s,memory(GB),capacity(GB),fits,busiest_link,busiest_util(%),best\n"))
        let rows = SweepFixtures.rows(run.stdout)
        try #require(rows.count == 2)
        #expect(rows.map { $0["candidate"] } == ["slow-switch", "switch-16"])
        #expect(rows.map { $0["best"] } == ["no", "yes"])
        // Same compute on both; the 4x faster ports shrink only the exposed gradient all-reduce.
        #expect(rows[0]["compute(s)"] == rows[1]["compute(s)"])
        #expect(rows[0].number("dp(s)") > rows[1].number("dp(s)"))
        #expect(rows.map { $0["iteration(s)"] } == ["0.107575", "0.048415"])
    }

    @Test("JSON has the CSV's columns and the best mark; the table ends with the best and the slowdown of the slowest")
    func formats() throws {
        let config = try SweepFixtures.config()
        let json = try WallsimCLITests.wallsim("compare", config, "--topologies", try SweepFixtures.slowSwitch(), "switch-16", "--model", "analytical",
                                               "--format", "json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.first?.count == 22)
        #expect(rows.map { $0["best"] as? String } == ["no", "yes"])
        #expect(rows.map { $0["iteration(s)"] as? Double } == [0.107575, 0.048415])
        let text = try WallsimCLITests.wallsim("compare", config, "--topologies", try SweepFixtures.slowSwitch(), "switch-16", "--model", "analytical")
        #expect(text.stdout.hasSuffix("# best: switch-16, iteration 48.415 ms; the slowest, slow-switch, takes 2.22x as long\n"))
    }

    @Test("plans split the same GPUs differently: tp=2 gives two data-parallel replicas")
    func plans() throws {
        let run = try WallsimCLITests.wallsim("compare", try SweepFixtures.config(), "--plans", "tp=1", "tp=2", "tp=2,pp=2",
                                              "--model", "analytical", "--format", "csv")
        #expect(run.status == 0)
        let rows = SweepFixtures.rows(run.stdout)
        #expect(rows.map { $0["plan"] } == ["t1 p1 d4", "t2 p1 d2", "t2 p2 d1"])
        #expect(rows.filter { $0["best"] == "yes" }.count == 1)
        let fastest = rows.map { $0.number("iteration(s)") }.min()
        #expect(rows.first { $0["best"] == "yes" }?.number("iteration(s)") == fastest)
    }

    @Test("the stacked bar chart plots each candidate's breakdown as the table reports it")
    func chart() throws {
        let path = SweepFixtures.path("compare.svg")
        let run = try WallsimCLITests.wallsim("compare", try SweepFixtures.config(), "--topologies", try SweepFixtures.slowSwitch(), "switch-16",
                                              "--model", "analytical", "--format", "csv", "--plot", path)
        let rows = SweepFixtures.rows(run.stdout)
        let segments = try SweepFixtures.elements("rect", class: "segment", inSVG: path)
        let columns = ["compute": "compute(s)", "optimizer": "optimizer(s)", "exposed TP comm": "tp(s)", "exposed PP comm": "pp(s)",
                       "exposed DP comm": "dp(s)", "exposed all-to-all": "alltoall(s)", "bubble / idle": "bubble(s)"]
        #expect(segments.count == 2 * columns.count)
        for row in rows {
            let own = segments.filter { $0["data-bar"] == row["candidate"] }
            #expect(own.count == columns.count)
            for segment in own {
                let column = try #require(columns[segment["data-category"] ?? ""])
                #expect(abs((segment["data-value"].flatMap(Double.init) ?? .nan) - row.number(column)) <= 5e-7)
            }
            let total = own.compactMap { $0["data-value"].flatMap(Double.init) }.reduce(0, +)
            #expect(abs(total - row.number("iteration(s)")) <= 1e-6)
        }
        let bars = try SweepFixtures.elements("g", class: "bar", inSVG: path)
        #expect(bars.map { $0["data-highlighted"] } == ["false", "true"])
    }

    @Test("a collective compared across topologies: one row each, nccl-tests' units, the fastest best")
    func collective() throws {
        let run = try WallsimCLITests.wallsim("compare", "--collective", "allreduce", "--size", "1MiB",
                                              "--topologies", "switch-16", "torus-4x4", "fat-tree-k4")
        #expect(run.status == 0)
        #expect(run.stdout == """
            # wallsim compare allreduce: 1MiB per rank, 16 ranks, flow model
            topology    algorithm ranks size(B) time(us) algbw(GB/s) busbw(GB/s) best
            switch-16   ring         16 1048576   217.29        4.83        9.05 no
            torus-4x4   ring         16 1048576   187.29        5.60       10.50 yes
            fat-tree-k4 ring         16 1048576   337.29        3.11        5.83 no
            # best: torus-4x4, 187.29 us

            """)
    }

    @Test("a plan that does not divide the GPUs, or an unknown plan key, is refused with a non-zero exit",
          arguments: [(["--plans", "tp=3"], "4 ranks do not split into tensor x pipeline = 3 x 1 = 3"),
                      (["--plans", "dp=2"], "unknown key 'dp' in --plans 'dp=2'; expected tp or pp"),
                      (["--topologies", "ring-8", "--collective", "allreduce"], "give a config or --collective, not both")])
    func badInput(flags: [String], message: String) throws {
        let run = try WallsimCLITests.wallsim(arguments: ["compare", try SweepFixtures.config(), "--model", "analytical"] + flags)
        #expect(run.status != 0)
        #expect(run.stderr.contains(message))
    }
}
