import Foundation
import MPIBackend
import Testing

/// `wallsim bench` under real mpirun jobs (launched by the command's own `--np`).
@Suite("wallsim bench under mpirun", .serialized,
       .enabled(if: MPIRuntime.isAvailable, "wallsim was built without MPI: run `swift test --traits MPI`"),
       .enabled(if: WallsimJob.mpirun != nil, "mpirun is not on PATH (apt install openmpi-bin)"))
struct BenchCommandTests {
    @Test("bench --np 2 prints the header, nccl-tests columns and 0 wrong for every algorithm and size")
    func allReduceTwoRanks() throws {
        let job = try WallsimJob.wallsim(["bench", "allreduce", "--np", "2", "-b", "8", "-e", "64K", "-f", "64",
                                          "-w", "1", "-n", "2", "--algorithm", "all"])
        #expect(job.status == 0, "\(job.output)\(job.errors)")
        let lines = job.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("# library: Open MPI") })
        #expect(lines.contains { $0.hasPrefix("# ranks: 2 on 1 host(s): ") })
        #expect(lines.contains { $0.hasPrefix("# transport: shm") })
        let titles = try #require(lines.first { $0.contains("size(B)") })
        #expect(titles.split(separator: " ").map(String.init) == ["size(B)", "count", "type", "redop", "algorithm", "|",
            "time(us)", "min(us)", "max(us)", "algbw(GB/s)", "busbw(GB/s)", "#wrong"])
        // Sizes 8, 512, 32768 B; native plus the 8 algorithms that implement all-reduce.
        let rows = job.rows
        #expect(rows.count == 3 * 9, "\(job.output)")
        #expect(Set(rows.map { $0[0] }) == ["8", "512", "32768"])
        #expect(rows.allSatisfy { $0.count == 11 && $0[10] == "0" && $0[3] == "sum" && (Double($0[5]) ?? 0) > 0 })
        #expect(lines.filter { $0.hasPrefix("# Avg bus bandwidth (") && $0.hasSuffix(" GB/s") }.count == 9)
    }

    @Test("bench --np 4 of chunked all-gathers writes CSV with 0 wrong, counts a multiple of the ranks")
    func allGatherFourRanksCSV() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let job = try WallsimJob.wallsim(["bench", "allgather", "--np", "4", "-b", "100", "-e", "6400", "-f", "8",
                                          "-w", "1", "-n", "2", "--chunks", "3", "--algorithm", "all", "--type", "bf16",
                                          "--format", "csv", "--output", path])
        #expect(job.status == 0, "\(job.output)\(job.errors)")
        let file = try String(contentsOfFile: path, encoding: .utf8)
        #expect(file == job.output)
        let lines = file.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(lines.first == ["op", "ranks", "chunks", "size(B)", "count", "type", "redop", "algorithm", "time(us)",
                                "min(us)", "max(us)", "algbw(GB/s)", "busbw(GB/s)", "#wrong"])
        let rows = lines.dropFirst()
        // 100 B of bf16 is 50 elements, rounded down to 48 for 4 ranks; 800 B is 400; 6400 B is 3200.
        #expect(Set(rows.map { $0[4] }) == ["48", "400", "3200"])
        #expect(rows.count == 3 * 6) // native, ring, bidirectional-ring, recursive-doubling, rabenseifner, direct
        #expect(rows.allSatisfy { $0[0] == "allgather" && $0[1] == "4" && $0[2] == "3" && $0[6] == "none" && $0[13] == "0" })
    }

    @Test("--transport tcp runs over loopback and says so in the header")
    func tcpTransport() throws {
        let job = try WallsimJob.wallsim(["bench", "sendrecv", "--np", "2", "--transport", "tcp", "-b", "1K", "-e", "1K",
                                          "-w", "1", "-n", "2", "--algorithm", "native,direct"])
        #expect(job.status == 0, "\(job.output)\(job.errors)")
        #expect(job.output.contains("# transport: tcp over lo (btl tcp,self)"), "\(job.output)")
        #expect(job.rows.count == 2 && job.rows.allSatisfy { $0.last == "0" })
    }

    @Test("ranks started with different sizes all stop before timing, each saying what it was asked")
    func disagreeingOptions() throws {
        let mpirun = try #require(WallsimJob.mpirun)
        let wallsim = WallsimJob.executable.path
        let job = try WallsimJob.run(mpirun, ["--oversubscribe", "-np", "1", wallsim, "bench", "allreduce", "-b", "1K", "-e", "1K",
                                              ":", "-np", "1", wallsim, "bench", "allreduce", "-b", "2K", "-e", "2K"])
        #expect(job.status == 3, "\(job.output)\(job.errors)")
        for rank in 0..<2 { #expect(job.errors.contains("error: rank \(rank): ranks disagree on what to run"), "\(job.errors)") }
        #expect(!job.output.contains("size(B)"))
    }

    @Test("a buffer larger than the machine's memory is refused with a clear message before allocation")
    func tooLarge() throws {
        let job = try WallsimJob.wallsim(["bench", "allreduce", "--np", "2", "-b", "1024G", "-e", "1024G", "--algorithm", "ring"],
                                         limit: 60)
        #expect(job.status == 3, "\(job.output)\(job.errors)")
        #expect(job.errors.contains("refusing to allocate: a 1099511627776 B buffer needs 2560.00 GiB per rank"), "\(job.errors)")
        #expect(job.errors.contains("x 2 rank(s) on host")) // input and output of 1 TiB, scratch of half (the ring step)
    }

    @Test("bad options are refused before launching: an unknown algorithm, an algorithm without the operation")
    func badOptions() throws {
        let unknown = try WallsimJob.wallsim(["bench", "allreduce", "--np", "2", "--algorithm", "rign"])
        #expect(unknown.status == 64)
        #expect(unknown.errors.contains("unknown --algorithm 'rign'"), "\(unknown.errors)")
        let unsupported = try WallsimJob.wallsim(["bench", "alltoall", "--np", "2", "--algorithm", "ring", "-b", "1K", "-e", "1K"])
        #expect(unsupported.status == 64, "\(unsupported.errors)")
        #expect(unsupported.errors.contains("algorithm 'ring' does not implement alltoall"), "\(unsupported.errors)")
    }

    @Test("c-loop times MPI_Allreduce in the shim's bare C loop beside native, checked like it; other operations refuse it")
    func cLoop() throws {
        let job = try WallsimJob.wallsim(["bench", "allreduce", "--np", "2", "--algorithm", "c-loop,native", "-b", "8", "-e", "64K",
                                          "-f", "64", "-w", "2", "-n", "50", "--format", "csv"])
        #expect(job.status == 0, "\(job.output)\(job.errors)")
        let rows = job.output.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        // 8 B, 512 B and 32 KiB, each timed by the C loop and by the harness.
        #expect(rows.map { $0[7] } == ["c-loop", "native", "c-loop", "native", "c-loop", "native"], "\(job.output)")
        for row in rows {
            #expect((Double(row[8]) ?? 0) > 0, "\(row)")
            #expect(row.last == "0", "\(row)")   // #wrong: the checked run is verified like native's
        }
        let gather = try WallsimJob.wallsim(["bench", "allgather", "--np", "2", "--algorithm", "c-loop"])
        #expect(gather.status == 64)
        #expect(gather.errors.contains("'c-loop' times MPI_Allreduce in a bare C loop; it is for allreduce only"), "\(gather.errors)")
    }
}
