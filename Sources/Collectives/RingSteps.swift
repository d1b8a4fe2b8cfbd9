/// The transfers of a ring reduce-scatter and/or all-gather, computed from a formula so that rings of
/// tens of thousands of ranks need no stored transfer lists.
///
/// Lane 0 sends from rank r to r+1, lane 1 (the bidirectional ring) from r to r-1; lane l owns chunks
/// `l*chunks ..< (l+1)*chunks` of the chunk-major segmented layout. Ring step s of a phase takes
/// `chunks` consecutive steps, one per chunk. In reduce-scatter step s, rank r sends segment
/// r-s-1 (lane 0) or r+s+1 (lane 1), so that after p-1 steps rank r holds the full sum of segment r;
/// in all-gather step s it forwards segment r-s (or r+s), starting with its own.
///
/// - Complexity: `transfers(inStep:)` is O(p x lanes); `transfers(inStep:involving:)` is O(lanes).
struct RingSteps: StepGenerator {
    enum Phase: Sendable { case reduceScatter, allGather }

    let ranks: Int
    let chunks: Int
    let lanes: Int
    let phases: [Phase]

    init(ranks: Int, chunks: Int, lanes: Int, phases: [Phase]) {
        precondition(ranks >= 1 && chunks >= 1 && (1...2).contains(lanes), "bad ring: \(ranks) ranks, \(chunks) chunks, \(lanes) lanes")
        self.ranks = ranks
        self.chunks = chunks
        self.lanes = lanes
        self.phases = phases
    }

    private var stepsPerPhase: Int { (ranks - 1) * chunks }
    var stepCount: Int { phases.count * stepsPerPhase }

    func transfers(inStep step: Int) -> [Transfer] {
        precondition(step >= 0 && step < stepCount, "step \(step) out of 0..<\(stepCount)")
        var result: [Transfer] = []
        result.reserveCapacity(ranks * lanes)
        for lane in 0..<lanes {
            for rank in 0..<ranks { result.append(send(from: rank, lane: lane, step: step)) }
        }
        return result
    }

    func transfers(inStep step: Int, involving rank: Int) -> [Transfer] {
        precondition(step >= 0 && step < stepCount, "step \(step) out of 0..<\(stepCount)")
        var result: [Transfer] = []
        result.reserveCapacity(2 * lanes)
        for lane in 0..<lanes {
            // The step lists a lane's sends by sender; the rank's receive comes from its upstream
            // neighbour, which precedes it in that order except across the wrap-around.
            let upstream = lane == 0 ? (rank + ranks - 1) % ranks : (rank + 1) % ranks
            let sent = send(from: rank, lane: lane, step: step)
            let received = send(from: upstream, lane: lane, step: step)
            if upstream < rank { result += [received, sent] } else { result += [sent, received] }
        }
        return result
    }

    /// The one transfer that `rank` sends in `lane` at `step`.
    private func send(from rank: Int, lane: Int, step: Int) -> Transfer {
        let phase = phases[step / stepsPerPhase]
        let ringStep = (step % stepsPerPhase) / chunks
        let chunk = lane * chunks + step % chunks
        let offset = phase == .reduceScatter ? ringStep + 1 : ringStep
        let direction = lane == 0 ? 1 : -1
        let segment = ((rank - direction * offset) % ranks + ranks) % ranks
        let destination = (rank + direction + ranks) % ranks
        let block = chunk * ranks + segment
        return Transfer(from: rank, to: destination, blocks: block..<(block + 1), reduces: phase == .reduceScatter)
    }
}
