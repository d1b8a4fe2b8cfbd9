import Foundation
import MPIBackend

/// What rank 1 does wrong when a fault is injected: die or hang in step 1, or ask for another count.
enum Fault: String, Sendable {
    case exit, stall, disagree
}

#if MPI
/// Runs a ring all-reduce in which rank 1 misbehaves, and ends the process the way a real tool should:
/// a collective error (every rank knows) finalizes and exits 3; a watchdog timeout aborts the job.
func injectFault(_ fault: Fault, world: Communicator, options: MPIExecutor.Options) throws -> Never {
    guard world.size >= 2 else { fail("--fault needs at least 2 ranks", code: 64) }
    let rank = world.rank
    var options = options
    options.stepWillBegin = { step in
        guard rank == 1 && step == 1 && fault != .disagree else { return }
        FileHandle.standardError.write(Data("rank 1: injected fault: \(fault.rawValue) in step 1\n".utf8))
        switch fault {
        case .exit: exit(1)
        case .stall: while true { sleep(3600) }
        case .disagree: break
        }
    }
    let count = fault == .disagree && rank == 1 ? (1 << 16) + 1 : 1 << 16
    let schedule = TestSchedules.ringAllReduce(ranks: world.size, count: count, elementSize: 4)
    do {
        _ = try MPIExecutor(communicator: world, options: options).run(schedule, elementType: .float32, reduction: .sum)
        fail("rank \(rank): the injected fault went unnoticed", code: 1)
    } catch let error as ExecutionError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        guard error.isCollective else { world.abort(code: 3) }
        try Communicator.finalize()
        exit(3)
    }
}
#endif
