/// The transfers of a pipelined chain (the ring algorithm's broadcast and reduce), from a formula.
///
/// A lane orders the ranks as positions 0...p-1 and moves every chunk from position i to i+1; chunk j
/// leaves position 0 at step j, so there are p-2+chunks steps. For broadcast position 0 is the root
/// and lane 0 walks r+1, r+2, ... (lane 1 walks r-1, r-2, ...); for reduce the walk ends at the root,
/// and each hop adds the sender's partial sum to the receiver's. Lane l owns blocks
/// `l*chunks ..< (l+1)*chunks`.
///
/// - Complexity: `transfers(inStep:)` is O(min(p, chunks) x lanes); `transfers(inStep:involving:)` is O(lanes).
struct ChainSteps: StepGenerator {
    let ranks: Int
    let chunks: Int
    let lanes: Int
    let root: Int
    let reduces: Bool

    var stepCount: Int { ranks > 1 ? ranks - 2 + chunks : 0 }

    func transfers(inStep step: Int) -> [Transfer] {
        precondition(step >= 0 && step < stepCount, "step \(step) out of 0..<\(stepCount)")
        var result: [Transfer] = []
        for lane in 0..<lanes {
            for position in max(0, step - chunks + 1)...min(step, ranks - 2) {
                result.append(hop(from: position, lane: lane, step: step))
            }
        }
        return result
    }

    func transfers(inStep step: Int, involving rank: Int) -> [Transfer] {
        precondition(step >= 0 && step < stepCount, "step \(step) out of 0..<\(stepCount)")
        var result: [Transfer] = []
        for lane in 0..<lanes {
            let position = self.position(of: rank, lane: lane)
            // The hop into this position precedes the hop out of it in the step's order.
            if position > 0, (0..<chunks).contains(step - (position - 1)) {
                result.append(hop(from: position - 1, lane: lane, step: step))
            }
            if position < ranks - 1, (0..<chunks).contains(step - position) {
                result.append(hop(from: position, lane: lane, step: step))
            }
        }
        return result
    }

    private func rank(at position: Int, lane: Int) -> Int {
        let start = reduces ? 1 : 0
        let direction = lane == 0 ? 1 : -1
        return ((root + direction * (position + start)) % ranks + ranks) % ranks
    }

    private func position(of rank: Int, lane: Int) -> Int {
        let start = reduces ? 1 : 0
        let distance = lane == 0 ? (rank - root + ranks) % ranks : (root - rank + ranks) % ranks
        return (distance - start + ranks) % ranks
    }

    private func hop(from position: Int, lane: Int, step: Int) -> Transfer {
        let block = lane * chunks + (step - position)
        return Transfer(from: rank(at: position, lane: lane), to: rank(at: position + 1, lane: lane),
                        blocks: block..<(block + 1), reduces: reduces)
    }
}
