// wallsim-mpi-selftest: runs the MPI executor on test schedules and the library's collectives under
// mpirun, verifies every element, prints `N passed, M failed` and exits non-zero on any failure.
//
//     swift build --traits MPI
//     mpirun --allow-run-as-root --oversubscribe -np 4 .build/debug/wallsim-mpi-selftest
//
// `--fault exit|stall` instead makes rank 1 die (or hang) in step 1 of a ring all-reduce, to show that
// the other ranks end with a clear error within the watchdog timeout rather than hang; `--fault
// disagree` gives rank 1 another count, which the pre-flight check reports on every rank.
import Foundation
import MPIBackend

let usage = """
    usage: wallsim-mpi-selftest [--verbose] [--fault exit|stall|disagree] [--timeout SECONDS]
    Launch under mpirun, e.g. mpirun --allow-run-as-root --oversubscribe -np 4 wallsim-mpi-selftest
    """

/// What rank 1 does wrong when a fault is injected: die or hang in step 1, or ask for another count.
enum Fault: String, Sendable {
    case exit, stall, disagree
}

struct Arguments {
    var verbose = false
    var fault: Fault?
    var timeoutSeconds = 60.0

    /// Parses the command line; nil when it is malformed.
    init?(_ arguments: ArraySlice<String>) {
        var rest = arguments
        while let flag = rest.popFirst() {
            switch flag {
            case "--verbose": verbose = true
            case "--fault":
                guard let value = rest.popFirst(), let fault = Fault(rawValue: value) else { return nil }
                self.fault = fault
            case "--timeout":
                guard let value = rest.popFirst(), let seconds = Double(value), seconds > 0 else { return nil }
                timeoutSeconds = seconds
            default: return nil
            }
        }
    }
}

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
}

guard let arguments = Arguments(CommandLine.arguments.dropFirst()) else { fail(usage, code: 64) }

#if MPI
import Collectives

do {
    let world = try Communicator.world()
    var options = MPIExecutor.Options(timeout: .seconds(arguments.timeoutSeconds))
    if let fault = arguments.fault {
        guard world.size >= 2 else { fail("--fault needs at least 2 ranks", code: 64) }
        let rank = world.rank
        options.stepWillBegin = { step in
            guard rank == 1 && step == 1 && fault != .disagree else { return }
            FileHandle.standardError.write(Data("rank 1: injected fault: \(fault.rawValue) in step 1\n".utf8))
            switch fault {
            case .exit: exit(1)
            case .stall: while true { sleep(3600) }
            case .disagree: break
            }
        }
        let count = fault == .disagree && rank == 1 ? 1 << 16 + 1 : 1 << 16
        let schedule = TestSchedules.ringAllReduce(ranks: world.size, count: count, elementSize: 4)
        do {
            _ = try MPIExecutor(communicator: world, options: options).run(schedule, elementType: .float32, reduction: .sum)
            fail("rank \(rank): the injected fault went unnoticed", code: 1)
        } catch let error as ExecutionError {
            if case .ranksDisagree = error {
                // Every rank learnt it from the same all-reduce, so the job can end cleanly.
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                try Communicator.finalize()
                exit(3)
            }
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            world.abort(code: 3)
        }
    }

    if world.rank == 0 { print("\(try Communicator.libraryVersion().prefix { $0 != "," }), \(world.size) ranks") }
    var test = SelfTest(executor: MPIExecutor(communicator: world, options: options), verbose: arguments.verbose)
    try test.runAll(counts: [1, 7, 1000, 4099])
    // Again with MPI calls limited to 5 elements, so that the splitting of large buffers is exercised.
    Communicator.maximumCountPerCall = 5
    try test.runAll(counts: [7, 1000])
    if world.rank == 0 { print("\(test.passed) passed, \(test.failed) failed") }
    try Communicator.finalize()
    exit(test.failed == 0 ? 0 : 1)
} catch {
    // Peers may be blocked in a collective this rank will never join: end the whole job.
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    if let world = try? Communicator.world() { world.abort(code: 4) }
    exit(4)
}
#else
fail(MPIRuntime.unavailableMessage, code: 2)
#endif
