/// One step in which every rank sends to every other rank (the one-shot direct operations), computed
/// from a formula so that large rank counts need no stored list.
///
/// The step lists transfers by source, then destination. What each transfer carries depends on the
/// operation: the whole buffer (all-reduce), the destination's segment (reduce-scatter) or the
/// source's segment (all-gather).
///
/// - Complexity: `transfers(inStep:)` is O(p^2); `transfers(inStep:involving:)` is O(p).
struct AllPairsSteps: StepGenerator {
    enum Payload: Sendable { case whole, destinationSegment, sourceSegment }

    let ranks: Int
    let payload: Payload
    let reduces: Bool

    var stepCount: Int { ranks > 1 ? 1 : 0 }

    func transfers(inStep step: Int) -> [Transfer] {
        precondition(step >= 0 && step < stepCount, "step \(step) out of 0..<\(stepCount)")
        var result: [Transfer] = []
        result.reserveCapacity(ranks * (ranks - 1))
        for source in 0..<ranks {
            for destination in 0..<ranks where destination != source { result.append(transfer(source, destination)) }
        }
        return result
    }

    func transfers(inStep step: Int, involving rank: Int) -> [Transfer] {
        precondition(step >= 0 && step < stepCount, "step \(step) out of 0..<\(stepCount)")
        // In source order: receives from lower ranks, the rank's own sends, receives from higher ranks.
        var result: [Transfer] = []
        result.reserveCapacity(2 * (ranks - 1))
        for source in 0..<rank { result.append(transfer(source, rank)) }
        for destination in 0..<ranks where destination != rank { result.append(transfer(rank, destination)) }
        for source in (rank + 1)..<ranks { result.append(transfer(source, rank)) }
        return result
    }

    private func transfer(_ source: Int, _ destination: Int) -> Transfer {
        let blocks = switch payload {
        case .whole: 0..<1
        case .destinationSegment: destination..<(destination + 1)
        case .sourceSegment: source..<(source + 1)
        }
        return Transfer(from: source, to: destination, blocks: blocks, reduces: reduces)
    }
}

/// Pairwise-exchange all-to-all from a formula: in step k-1 (k = 1...p-1) rank r sends its input
/// segment r+k to rank r+k, which stores it as its output segment r.
///
/// - Complexity: `transfers(inStep:)` is O(p); `transfers(inStep:involving:)` is O(1).
struct PairwiseSteps: StepGenerator {
    let ranks: Int

    var stepCount: Int { max(ranks - 1, 0) }

    func transfers(inStep step: Int) -> [Transfer] {
        precondition(step >= 0 && step < stepCount, "step \(step) out of 0..<\(stepCount)")
        return (0..<ranks).map { send(from: $0, step: step) }
    }

    func transfers(inStep step: Int, involving rank: Int) -> [Transfer] {
        precondition(step >= 0 && step < stepCount, "step \(step) out of 0..<\(stepCount)")
        let sender = (rank - step - 1 + ranks) % ranks
        let sent = send(from: rank, step: step), received = send(from: sender, step: step)
        return sender < rank ? [received, sent] : [sent, received]
    }

    private func send(from rank: Int, step: Int) -> Transfer {
        let destination = (rank + step + 1) % ranks
        return Transfer(from: rank, to: destination, sourceBlocks: destination..<(destination + 1),
                        destinationBlocks: rank..<(rank + 1), reduces: false, reading: .input)
    }
}
