// wallsim-mpi-selftest: runs the MPI executor on test schedules, on every `CollectiveAlgorithm` and
// operation it supports (1 and 3 chunks), and on the library's collectives under mpirun, verifies
// every element, prints `N passed, M failed` and exits non-zero on any failure.
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
do {
    let world = try Communicator.world()
    let options = MPIExecutor.Options(timeout: .seconds(arguments.timeoutSeconds))
    if let fault = arguments.fault { try injectFault(fault, world: world, options: options) }
    if world.rank == 0 { print("\(try Communicator.libraryVersion().prefix { $0 != "," }), \(world.size) ranks") }
    var test = SelfTest(executor: MPIExecutor(communicator: world, options: options), verbose: arguments.verbose)
    try test.runAll(counts: [1, 7, 1000, 4099])
    try test.runAlgorithms(counts: [1, 7, 1001, 4099])
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
