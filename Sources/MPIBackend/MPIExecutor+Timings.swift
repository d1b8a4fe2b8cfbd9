#if MPI
import Collectives
import SimKernel

extension MPIExecutor {
    /// Joins every rank's send and receive logs into per-transfer timings, the same on every rank.
    ///
    /// A transfer starts when its sender began the step and ends when its receiver saw the data
    /// arrive, each on its own rank's clock measured from the barrier that started the run. The
    /// result is ordered by (step, source, destination, order between that pair), since no rank knows
    /// a transfer's position in the whole step without generating it.
    /// - Complexity: O(T log T) for T transfers in the schedule, after two all-gathers of their logs.
    func gatherTimings(sends: [TimingEntry], receives: [TimingEntry]) throws -> [TransferTiming] {
        let starts = try gather(sends).sorted { $0.key < $1.key }
        let ends = try gather(receives).sorted { $0.key < $1.key }
        precondition(starts.count == ends.count && zip(starts, ends).allSatisfy { $0.key == $1.key },
                     "send and receive logs disagree: \(starts.count) sends, \(ends.count) receives")
        return zip(starts, ends).map { start, end in
            TransferTiming(step: Int(start.step), source: Int(start.source), destination: Int(start.destination),
                           bytes: start.bytes, start: .seconds(start.seconds), end: .seconds(end.seconds))
        }
    }

    private func gather(_ entries: [TimingEntry]) throws -> [TimingEntry] {
        let stride = MemoryLayout<TimingEntry>.stride
        let all = try communicator.allGatherBytes(entries.withUnsafeBytes { Array($0) })
        return all.withUnsafeBytes { raw in
            (0..<raw.count / stride).map { raw.loadUnaligned(fromByteOffset: $0 * stride, as: TimingEntry.self) }
        }
    }
}
#endif
