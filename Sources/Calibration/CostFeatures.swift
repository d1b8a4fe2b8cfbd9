import Collectives

/// A schedule's cost in the alpha-beta-gamma model's own terms: how many message latencies, bytes and
/// reduced bytes lie on its critical path, so that `t = messages x alpha + bytes x beta +
/// reducedBytes x gamma` (Thakur, Rabenseifner & Gropp, IJHPCA 2005; see REFERENCE.md).
///
/// Every step costs one latency, the largest number of bytes any rank sends or receives in it, and
/// the largest number of bytes any rank reduces in it. This is the time of a symmetric schedule on a
/// network where each rank moves data at one rate whatever its peer (`fully-connected` with a per-NPU
/// cap), which is what `calibrate` writes; for the ring it is exactly the textbook cost:
///
///     let ring = try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: 4, count: 1 << 20, elementSize: 4)
///     CostFeatures(ring)   // messages 6, bytes 6 x 1 MiB, reducedBytes 3 x 1 MiB: 2(p-1), 2(p-1)n/p, (p-1)n/p
///
/// - Complexity: O(transfers of the schedule).
public struct CostFeatures: Hashable, Sendable {
    /// Latencies paid one after another (steps that move anything).
    public var messages: Double
    /// Bytes on the critical path at the per-byte rate.
    public var bytes: Double
    /// Bytes combined by a reduction on the critical path.
    public var reducedBytes: Double

    public init(messages: Double, bytes: Double, reducedBytes: Double) {
        self.messages = messages
        self.bytes = bytes
        self.reducedBytes = reducedBytes
    }

    public init(_ schedule: Schedule) {
        var messages = 0.0, bytes = 0.0, reduced = 0.0
        var sent = [Int64](repeating: 0, count: schedule.ranks)
        var received = sent, combined = sent
        for step in 0..<schedule.stepCount {
            let transfers = schedule.transfers(inStep: step).filter { $0.source != $0.destination }
            guard !transfers.isEmpty else { continue }
            for rank in 0..<schedule.ranks { (sent[rank], received[rank], combined[rank]) = (0, 0, 0) }
            for transfer in transfers {
                let size = schedule.bytes(of: transfer)
                sent[Int(transfer.source)] += size
                received[Int(transfer.destination)] += size
                if transfer.reduces { combined[Int(transfer.destination)] += size }
            }
            messages += 1
            bytes += Double(zip(sent, received).map { max($0, $1) }.max() ?? 0)
            reduced += Double(combined.max() ?? 0)
        }
        self.init(messages: messages, bytes: bytes, reducedBytes: reduced)
    }

    /// The features as a vector in the order alpha, beta, gamma.
    var vector: [Double] { [messages, bytes, reducedBytes] }
}
