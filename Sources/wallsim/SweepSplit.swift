#if MPI
import Foundation
import MPIBackend

/// One rank's part of a sweep split across an mpirun job: it simulates points `rank, rank + K, ...`
/// and sends their outcomes to every rank in one gather; rank 0 puts them back in order and writes
/// the result, the other ranks write nothing.
///
/// Every rank reaches the one gather, having set up and simulated what it could: a failure travels in
/// the gathered bytes instead of stopping a rank early, so every rank learns of it and exits with its
/// status after rank 0 has printed its message, and no rank is left waiting in a collective.
struct SweepSplit {
    /// Threads per rank, as `--jobs` sets them.
    let jobs: Int

    /// What one rank sends: the outcomes of its points in index order, or the first failure it met.
    private struct Part<Outcome: Codable & Sendable>: Codable {
        var count: Int
        var outcomes: [Outcome]
        var failure: SweepCommand.Failure?
    }

    /// Sets up and runs this rank's points, gathers every rank's, and ends the process: status 0, the
    /// status of the failure of the lowest point (or of the set-up) on every rank, or 4 when MPI
    /// itself fails (the job is aborted).
    func run<Outcome>(_ prepare: () throws -> SweepCommand.Work<Outcome>) -> Never {
        let world: Communicator
        do { world = try Communicator.world() } catch { JobExit.fail("error: \(error)", code: 4) }
        var work: SweepCommand.Work<Outcome>?
        var part = Part<Outcome>(count: 0, outcomes: [], failure: nil)
        do {
            let prepared = try prepare()
            work = prepared
            part.count = prepared.count
            let mine = Array(stride(from: world.rank, to: prepared.count, by: world.size))
            let progress = world.rank == 0 ? ProgressBar(total: mine.count, label: "sweep (rank 0)") : nil
            let point = prepared.point
            part.outcomes = try SweepCommand.evaluate(mine.count, jobs: jobs, progress: progress) { slot in
                do { return try point(mine[slot]) } catch { throw SweepCommand.Failure(index: mine[slot], error) }
            }
        } catch let failure as SweepCommand.Failure {
            part.failure = failure
        } catch {
            part.failure = SweepCommand.Failure(index: -1, error)
        }

        let parts: [Part<Outcome>]
        do { parts = try gather(part, world: world) } catch {
            FileHandle.standardError.write(Data("error: rank \(world.rank): \(error)\n".utf8))
            world.abort(code: 4)
        }

        // Every rank has every part, so every rank reaches the same verdict: the lowest failing point, as
        // a single process would report it (set-up failures, -1, first), or the outcomes in order.
        let outcomes: [Outcome]
        do {
            if let failure = parts.compactMap(\.failure).min(by: { $0.index < $1.index }) { throw failure }
            outcomes = try ordered(parts, count: part.count)
        } catch {
            let failure = error as? SweepCommand.Failure ?? SweepCommand.Failure(index: -1, error)
            if world.rank == 0 { failure.write() }
            // mpirun ends the job at the first non-zero exit: the others wait until rank 0 has written.
            try? world.barrier()
            try? Communicator.finalize()
            exit(failure.status)
        }
        try? Communicator.finalize()
        guard world.rank == 0, let work else { exit(0) }
        do { try work.finish(outcomes) } catch { SweepCommand.Failure(index: -1, error).exit() }
        exit(0)
    }

    /// Every rank's part, in rank order: the lengths first, then the JSON bytes of each.
    private func gather<Outcome>(_ part: Part<Outcome>, world: Communicator) throws -> [Part<Outcome>] {
        let bytes = Array(try JSONEncoder().encode(part))
        let lengths = try world.allGather(Int64(bytes.count))
        let all = try world.allGatherBytes(bytes)
        var start = 0
        return try lengths.map { length in
            defer { start += Int(length) }
            return try JSONDecoder().decode(Part<Outcome>.self, from: Data(all[start..<(start + Int(length))]))
        }
    }

    /// The outcomes of all `count` points in index order: point `i` is the `i / K`-th of rank `i mod K`.
    private func ordered<Outcome>(_ parts: [Part<Outcome>], count: Int) throws -> [Outcome] {
        let ranks = parts.count
        for (rank, part) in parts.enumerated() {
            let expected = max(0, (count - rank + ranks - 1) / ranks)
            guard part.count == count, part.outcomes.count == expected else {
                throw SplitMismatch(rank: rank, count: part.count, outcomes: part.outcomes.count, expectedCount: count,
                                    expectedOutcomes: expected)
            }
        }
        return (0..<count).map { parts[$0 % ranks].outcomes[$0 / ranks] }
    }

    /// Ranks that set up different sweeps, say from different files under the same path on two hosts.
    private struct SplitMismatch: Error, CustomStringConvertible {
        let rank: Int, count: Int, outcomes: Int, expectedCount: Int, expectedOutcomes: Int

        var description: String {
            "rank \(rank) set up a sweep of \(count) points and sent \(outcomes) outcomes; rank 0 has \(expectedCount), "
                + "so rank \(rank) owes \(expectedOutcomes): are the ranks reading the same files?"
        }
    }
}
#endif
