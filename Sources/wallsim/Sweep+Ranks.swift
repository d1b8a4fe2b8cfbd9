import ArgumentParser
import Foundation
import Scenario

extension SweepCommand {
    /// A sweep set up the same way on every process that runs it: how many points, how to simulate
    /// point `i`, and what to make of every outcome in index order.
    ///
    /// Outcomes are `Codable` because under mpirun they travel, as JSON, from the rank that simulated
    /// them to rank 0, the only rank that calls `finish`.
    struct Work<Outcome: Codable & Sendable> {
        let count: Int
        let point: @Sendable (Int) throws -> Outcome
        let finish: ([Outcome]) throws -> Void
    }

    /// Runs the work that `prepare` sets up: in this process on `--jobs` threads, or, launched by
    /// `mpirun -np K` (OMPI_COMM_WORLD_SIZE > 1), split so that point `i` runs on rank `i mod K` and
    /// rank 0 writes what a single process would have written, byte for byte.
    ///
    /// Under mpirun `prepare` runs on every rank, so a bad flag or file fails on each alike; the ranks
    /// then meet exactly once, to gather their outcomes, so a failing point cannot leave a peer waiting.
    func execute<Outcome>(_ prepare: () throws -> Work<Outcome>) throws {
        if let ranks = MPILaunch.worldSize, ranks > 1 {
            #if MPI
            SweepSplit(jobs: jobs).run(prepare)
            #else
            // Every rank lands here. Rank 0 speaks and fails for all: the others leave quietly with 0,
            // since mpirun would kill rank 0 at the first non-zero exit, possibly before it has written.
            guard MPILaunch.worldRank == 0 else { throw ExitCode.success }
            JobExit.fail("""
                error: this wallsim was built without the MPI trait, so it cannot split a sweep across the \
                \(ranks) ranks of this mpirun job; rebuild with `swift build --traits MPI`, or run the sweep \
                without mpirun (--jobs N uses the local cores)
                """, code: 2)
            #endif
        }
        let work = try prepare()
        let outcomes = try Self.evaluate(work.count, jobs: jobs, progress: ProgressBar(total: work.count, label: "sweep"),
                                         work.point)
        try work.finish(outcomes)
    }

    /// A failure as `wallsim` would report it when ending the process: the text for standard error
    /// and the exit status, so that a rank can hand its failure to rank 0 to print.
    struct Failure: Error, Codable, Sendable {
        /// The failing point, or -1 when the sweep could not be set up.
        let index: Int
        let message: String
        let status: Int32

        /// `error` as `Wallsim.main` reports it: compiler-style for input files, ArgumentParser's
        /// message and exit code for the rest.
        init(index: Int, _ error: any Error) {
            self.index = index
            if let diagnostic = error as? Diagnostic {
                message = diagnostic.description
                status = 1
            } else {
                message = Wallsim.fullMessage(for: error)
                status = Wallsim.exitCode(for: error).rawValue
            }
        }

        /// Writes the message, if any, to standard error.
        func write() {
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        }

        /// Writes the message and ends the process with the status.
        func exit() -> Never {
            write()
            Foundation.exit(status)
        }
    }
}

extension MPILaunch {
    /// The number of ranks of the mpirun job this process belongs to, if any.
    static var worldSize: Int? { ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_SIZE"].flatMap { Int($0) } }

    /// This process's rank in its mpirun job, if any.
    static var worldRank: Int? { ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"].flatMap { Int($0) } }
}
