import ArgumentParser
import Foundation

/// How `wallsim bench`, `calibrate` and `validate` start their MPI job: `--np N` launches `mpirun`
/// with the flags this kind of machine needs; without it the command must already run under mpirun.
struct MPILaunchOptions: ParsableArguments {
    @Option(help: "Launch mpirun with this many ranks (omit when already started by mpirun).")
    var np: Int?

    @Option(help: "Transport between ranks on one host: shm (shared memory, the default) or tcp (over loopback).")
    var transport: Transport = .shm

    @Option(help: "An mpirun hostfile, passed through, to run across hosts (wallsim must be at the same path on each).")
    var hostfile: String?

    func validate() throws {
        if let np, np < 1 { throw ValidationError("--np must be at least 1, got \(np)") }
        if let hostfile, !FileManager.default.fileExists(atPath: hostfile) {
            throw ValidationError("--hostfile '\(hostfile)' does not exist")
        }
    }
}

/// The byte transport OpenMPI uses between ranks.
enum Transport: String, ExpressibleByArgument, CaseIterable {
    case shm, tcp

    /// mpirun's flags for this transport. TCP is pinned to the loopback interface on one host (to
    /// measure a network path without a network); with a hostfile it uses whatever interfaces MPI picks.
    func mpirunFlags(acrossHosts: Bool) -> [String] {
        switch self {
        case .shm: return []
        case .tcp:
            let loopback = ["--mca", "btl_tcp_if_include", "lo", "--mca", "oob_tcp_if_include", "lo"]
            return ["--mca", "btl", "tcp,self"] + (acrossHosts ? [] : loopback)
        }
    }
}

/// Starting `mpirun` on this executable, and what a rank can tell about the job it is in.
enum MPILaunch {
    /// Whether this process is a rank of a job started by OpenMPI's mpirun.
    static var insideJob: Bool { ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_SIZE"] != nil }

    /// The transport as the ranks see it (mpirun exports its `--mca` settings as `OMPI_MCA_*`), so the
    /// header is right however the job was started.
    static var transportDescription: String {
        let environment = ProcessInfo.processInfo.environment
        guard let btl = environment["OMPI_MCA_btl"] else {
            return "shm (Open MPI default: vader shared memory within a host, tcp between hosts)"
        }
        if btl.contains("tcp") && !btl.contains("vader") && !btl.contains("sm") {
            let interfaces = environment["OMPI_MCA_btl_tcp_if_include"].map { " over \($0)" } ?? ""
            return "tcp\(interfaces) (btl \(btl))"
        }
        return "btl \(btl)"
    }

    /// The path of the running executable, for mpirun to start on every rank.
    static var executable: String { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path }

    /// `mpirun` found on PATH.
    static func mpirun() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/mpirun"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ValidationError("--np needs mpirun on PATH (apt install openmpi-bin)")
    }

    /// mpirun's arguments to run `arguments` (a wallsim subcommand line) on `ranks` ranks: as root
    /// `--allow-run-as-root`, `--oversubscribe` so that ranks may outnumber cores, the transport's
    /// flags, and the hostfile.
    static func mpirunArguments(ranks: Int, options: MPILaunchOptions, arguments: [String]) -> [String] {
        var flags = geteuid() == 0 ? ["--allow-run-as-root"] : []
        flags += ["--oversubscribe", "-np", String(ranks)]
        flags += options.transport.mpirunFlags(acrossHosts: options.hostfile != nil)
        if let hostfile = options.hostfile { flags += ["--hostfile", hostfile] }
        return flags + [executable] + arguments
    }

    /// Runs mpirun in the foreground with this process's terminal and returns its exit status.
    static func run(ranks: Int, options: MPILaunchOptions, arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try mpirun())
        process.arguments = mpirunArguments(ranks: ranks, options: options, arguments: arguments)
        try process.run()
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// This command line without the options that only the launcher uses (`--np`, `--hostfile`), for
    /// the ranks to run.
    static func rankArguments(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == "--np" || argument == "--hostfile" { skipNext = true; continue }
            if argument.hasPrefix("--np=") || argument.hasPrefix("--hostfile=") { continue }
            out.append(argument)
        }
        return out
    }
}
