import Collectives

/// How much memory a rank's buffers take, so that a size too large for the machine is refused with a
/// clear message before anything is allocated (rather than by the kernel's out-of-memory killer).
public enum BufferBudget {
    /// Bytes a rank allocates to run `schedule` on `MPIExecutor`: its input and output buffers plus
    /// the scratch that holds the largest step's receives.
    /// - Complexity: O(this rank's transfers in the schedule).
    public static func bytes(for schedule: Schedule, rank: Int, elementSize: Int) -> Int64 {
        let scratch = (0..<schedule.stepCount).map { step in
            schedule.transfers(inStep: step, involving: rank).lazy.filter { Int($0.destination) == rank }
                .map { RankBuffers.destinationElements(of: $0, layout: schedule.layout).count }.reduce(0, +)
        }.max() ?? 0
        return (2 * Int64(schedule.count) + Int64(scratch)) * Int64(elementSize)
    }

    /// Bytes a rank allocates to run the library's own collective on `count` elements: input and
    /// output (send/receive also stages the whole buffer once).
    public static func nativeBytes(_ op: CollectiveOp, count: Int, elementSize: Int) -> Int64 {
        let buffers: Int64 = if case .sendReceive = op { 3 } else { 2 }
        return buffers * Int64(count) * Int64(elementSize)
    }

    /// `MemAvailable` from the text of Linux's /proc/meminfo (`MemAvailable:  23456789 kB`), in bytes.
    public static func memoryAvailable(meminfo text: String) -> Int64? {
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kibibytes = Int64(fields[1]) else { return nil }
            return kibibytes * 1024
        }
        return nil
    }
}
