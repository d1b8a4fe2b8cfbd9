#if MPI
import Collectives
import Foundation
import MPIBackend
import Reports

/// One rank's part of `wallsim bench`: agree on the plan, refuse sizes that do not fit, time every
/// size and algorithm, and let rank 0 print the table.
struct BenchJob {
    let command: BenchCommand

    /// Runs the benchmark and ends the process: status 0, 1 when any element was wrong, 3 when the
    /// ranks stopped together before timing (disagreement, too little memory), 64 for a bad command
    /// line found after MPI started, 4 when a rank failed alone (the job is aborted).
    func run() throws -> Never {
        let world: Communicator
        do { world = try Communicator.world() } catch { JobExit.fail("error: \(error)", code: 4) }
        do {
            let executor = MPIExecutor(communicator: world,
                                       options: MPIExecutor.Options(timeout: .seconds(command.sweep.timeout)))
            let plan = try agreedPlan(executor)
            let hosts = try hostNames(world)
            try checkMemory(plan, world: world, hosts: hosts)
            let results = try measure(plan, executor: executor)
            let wrong = results.compactMap(\.wrongElements).reduce(0, +)
            // Only rank 0 writes; a failure to write is its own, after every collective is done.
            var written = true
            if world.rank == 0 {
                let report = BenchReport(plan: plan, results: results, ranks: world.size, hosts: hosts,
                                         library: try Communicator.libraryVersion(),
                                         transport: MPILaunch.transportDescription, statistic: command.statistic)
                let text = report.render(command.format)
                print(text, terminator: "")
                if let output = command.output {
                    do { try AtomicFile.write(text, to: output) } catch {
                        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                        written = false
                    }
                }
            }
            try Communicator.finalize()
            if wrong > 0 { JobExit.fail("error: \(wrong) wrong element(s): the results above are not to be trusted", code: 1) }
            exit(written ? 0 : 1)
        } catch let error as ExecutionError where error.isCollective {
            finish(world, "error: \(error)", code: 3, everyRank: error.isDisagreement)
        } catch let error as BenchError {
            if case .invalid = error { finish(world, "error: \(error)", code: 64, everyRank: false) }
            finish(world, "error: \(error)", code: 3, everyRank: false)
        } catch {
            // Peers may be blocked in a collective this rank will never join: end the whole job.
            FileHandle.standardError.write(Data("error: rank \(world.rank): \(error)\n".utf8))
            world.abort(code: 4)
        }
    }

    /// Ends a job whose ranks all stopped together: one message (from every rank when they differ).
    private func finish(_ world: Communicator, _ message: String, code: Int32, everyRank: Bool) -> Never {
        if everyRank || world.rank == 0 { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        try? Communicator.finalize()
        exit(code)
    }

    /// The plan from this rank's command line, checked to be the same on every rank before anything
    /// else happens: a rank whose options are wrong or different stops every rank, not just itself.
    private func agreedPlan(_ executor: MPIExecutor) throws -> BenchPlan {
        let ranks = executor.communicator.size
        let plan = Result { () throws -> BenchPlan in
            if let np = command.launch.np, np != ranks {
                throw BenchError.invalid("--np \(np) but the job has \(ranks) ranks (drop --np under mpirun)")
            }
            let op = try command.operation.op(root: command.root, ranks: ranks)
            let names = try BenchCommand.algorithms(command.algorithm, for: op)
            let algorithms = names.compactMap(BenchAlgorithm.init)
            let sizes = try command.sweep.sizes().filter { command.sweep.count(bytes: $0, op: op, ranks: ranks) > 0 }
            guard !sizes.isEmpty else { throw BenchError.invalid("every size of the sweep is below one element per rank") }
            return BenchPlan(op: op, algorithms: algorithms, sizes: sizes, sweep: command.sweep)
        }
        let text: String
        switch plan {
        case .success(let plan): text = plan.description
        case .failure(let error): text = "invalid: \(error)"
        }
        try executor.agree(on: RunFingerprint("bench " + text))
        switch plan {
        case .success(let plan): return plan
        case .failure(let error): throw BenchError.invalid("\(error)")
        }
    }

    /// Every rank's host name, in rank order.
    private func hostNames(_ world: Communicator) throws -> [String] {
        var name = Array(JobExit.hostName.utf8.prefix(255))
        name += [UInt8](repeating: 0, count: 256 - name.count)
        let all = try world.allGatherBytes(name)
        return (0..<world.size).map { rank in
            String(decoding: all[(rank * 256)..<((rank + 1) * 256)].prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Refuses, on every rank, a sweep whose largest buffers do not fit in some host's available
    /// memory shared by the ranks on it; nothing large has been allocated yet.
    private func checkMemory(_ plan: BenchPlan, world: Communicator, hosts: [String]) throws {
        struct Verdict: BitwiseCopyable {
            var needed: Int64
            var ranksOnHost: Int64
            var available: Int64
        }
        let largest = plan.sizes.max() ?? 0
        let elementSize = plan.sweep.elementType.size
        let count = plan.sweep.count(bytes: largest, op: plan.op, ranks: world.size)
        var needed: Int64 = 0
        for algorithm in plan.algorithms {
            switch algorithm {
            case .native, .cLoop:
                needed = max(needed, BufferBudget.nativeBytes(plan.op, count: count, elementSize: elementSize))
            case .schedule(let algorithm):
                let schedule = try algorithm.schedule(plan.op, ranks: world.size, count: count, elementSize: elementSize,
                                                      chunks: plan.sweep.chunks)
                needed = max(needed, BufferBudget.bytes(for: schedule, rank: world.rank, elementSize: elementSize))
            }
        }
        let mine = Verdict(needed: needed, ranksOnHost: Int64(hosts.filter { $0 == hosts[world.rank] }.count),
                           available: JobExit.memoryAvailable ?? .max)
        let verdicts = try world.allGather(mine)
        guard let worst = verdicts.indices.first(where: {
            verdicts[$0].needed.multipliedReportingOverflow(by: verdicts[$0].ranksOnHost).partialValue > verdicts[$0].available
        }) else { return }
        let v = verdicts[worst]
        throw BenchError.insufficientMemory(host: hosts[worst], bytesPerRank: v.needed, ranksOnHost: Int(v.ranksOnHost),
                                            available: v.available, largest: largest)
    }

    /// Times every size and algorithm of the plan, smallest size first.
    private func measure(_ plan: BenchPlan, executor: MPIExecutor) throws -> [MPIBenchmark] {
        let ranks = executor.communicator.size
        let type = plan.sweep.elementType, reduction = plan.sweep.reductionOperator
        var repetitions = plan.sweep.repetitions
        repetitions.timesEachRun = command.statistic == .median
        var results: [MPIBenchmark] = []
        for bytes in plan.sizes {
            let count = plan.sweep.count(bytes: bytes, op: plan.op, ranks: ranks)
            for algorithm in plan.algorithms {
                switch algorithm {
                case .native:
                    results.append(try executor.benchmarkNative(plan.op, count: count, elementType: type, reduction: reduction,
                                                                repetitions: repetitions))
                case .cLoop:
                    results.append(try executor.benchmarkAllReduceLoop(count: count, elementType: type, reduction: reduction,
                                                                       repetitions: repetitions))
                case .schedule(let algorithm):
                    let schedule = try algorithm.schedule(plan.op, ranks: ranks, count: count, elementSize: type.size,
                                                          chunks: plan.sweep.chunks)
                    results.append(try executor.benchmark(schedule, elementType: type, reduction: reduction,
                                                          repetitions: repetitions))
                }
            }
        }
        return results
    }
}
#endif
