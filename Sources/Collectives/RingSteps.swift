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
    /// Bit i is set when phase i reduces: read per query without touching the `phases` array.
    private let reducingPhases: UInt64
    private let stepsPerPhase: Int

    init(ranks: Int, chunks: Int, lanes: Int, phases: [Phase]) {
        precondition(ranks >= 1 && chunks >= 1 && (1...2).contains(lanes), "bad ring: \(ranks) ranks, \(chunks) chunks, \(lanes) lanes")
        precondition(ranks * chunks * lanes <= Int(Int32.max), "a ring of \(ranks) ranks x \(chunks) chunks x \(lanes) lanes has more blocks than Int32 holds")
        precondition(phases.count <= 64, "a ring of \(phases.count) phases")
        self.ranks = ranks
        self.chunks = chunks
        self.lanes = lanes
        self.phases = phases
        reducingPhases = phases.enumerated().reduce(0) { mask, phase in
            phase.element == .reduceScatter ? mask | (1 << UInt64(phase.offset)) : mask
        }
        stepsPerPhase = (ranks - 1) * chunks
    }

    var stepCount: Int { phases.count * stepsPerPhase }

    func transfers(inStep step: Int) -> [Transfer] {
        precondition(step >= 0 && step < stepCount, "step \(step) out of 0..<\(stepCount)")
        var result: [Transfer] = []
        result.reserveCapacity(ranks * lanes)
        let position = StepPosition(of: step, in: self)
        for lane in 0..<lanes {
            for rank in 0..<ranks { result.append(send(from: rank, lane: lane, at: position)) }
        }
        return result
    }

    func transfers(inStep step: Int, involving rank: Int) -> [Transfer] {
        var result: [Transfer] = []
        result.reserveCapacity(2 * lanes)
        forEachTransfer(inStep: step, involving: rank) { result.append($0) }
        return result
    }

    func forEachTransfer(inStep step: Int, involving rank: Int, _ body: (Transfer) -> Void) {
        precondition(step >= 0 && step < stepCount && rank >= 0 && rank < ranks,
                     "step \(step) of 0..<\(stepCount), rank \(rank) of 0..<\(ranks)")
        let position = StepPosition(of: step, in: self)
        if lanes == 1 {
            // The loop below for one lane, whose upstream neighbour is rank - 1: it precedes the
            // rank in the step's order except for rank 0. Executors ask this once per rank and step.
            let upstream = rank == 0 ? ranks &- 1 : rank &- 1
            let sent = send(from: rank, lane: 0, at: position)
            let received = send(from: upstream, lane: 0, at: position)
            if rank == 0 {
                body(sent)
                body(received)
            } else {
                body(received)
                body(sent)
            }
            return
        }
        for lane in 0..<lanes {
            // The step lists a lane's sends by sender; the rank's receive comes from its upstream
            // neighbour, which precedes it in that order except across the wrap-around.
            let upstream = lane == 0 ? (rank == 0 ? ranks - 1 : rank - 1) : (rank == ranks - 1 ? 0 : rank + 1)
            let sent = send(from: rank, lane: lane, at: position)
            let received = send(from: upstream, lane: lane, at: position)
            if upstream < rank {
                body(received)
                body(sent)
            } else {
                body(sent)
                body(received)
            }
        }
    }

    /// What a step number means, decoded once per query rather than once per transfer.
    private struct StepPosition {
        var reduces: Bool
        /// Segments between a sender and the segment it sends: s+1 in reduce-scatter, s in all-gather.
        var offset: Int
        /// The chunk index within lane 0.
        var chunk: Int

        /// Subtracts phases and skips the chunk division when there is one chunk (the usual ring):
        /// this runs once per rank and step, and a 64-bit division costs tens of cycles.
        @inline(__always)
        init(of step: Int, in ring: RingSteps) {
            var phaseIndex = 0
            var inPhase = step
            while inPhase >= ring.stepsPerPhase {
                inPhase -= ring.stepsPerPhase
                phaseIndex += 1
            }
            let (ringStep, chunk) = ring.chunks == 1 ? (inPhase, 0) : inPhase.quotientAndRemainder(dividingBy: ring.chunks)
            reduces = ring.reducingPhases & (1 << UInt64(phaseIndex)) != 0
            offset = reduces ? ringStep + 1 : ringStep
            self.chunk = chunk
        }
    }

    /// The one transfer that `rank` sends in `lane` at the step decoded in `position`.
    ///
    /// The arithmetic wraps instead of checking for overflow: 0 <= rank, offset < ranks, and `init`
    /// checks that every block number fits in Int32.
    @inline(__always)
    private func send(from rank: Int, lane: Int, at position: StepPosition) -> Transfer {
        let chunk = lane &* chunks &+ position.chunk
        // 0 <= offset < ranks, so one conditional wrap replaces a modulo.
        let segment: Int
        let destination: Int
        if lane == 0 {
            segment = rank >= position.offset ? rank &- position.offset : rank &- position.offset &+ ranks
            destination = rank == ranks &- 1 ? 0 : rank &+ 1
        } else {
            segment = rank &+ position.offset < ranks ? rank &+ position.offset : rank &+ position.offset &- ranks
            destination = rank == 0 ? ranks &- 1 : rank &- 1
        }
        let block = Int32(truncatingIfNeeded: chunk &* ranks &+ segment)
        return Transfer(source: Int32(truncatingIfNeeded: rank), destination: Int32(truncatingIfNeeded: destination),
                        blocks: Range(uncheckedBounds: (block, block &+ 1)), reduces: position.reduces)
    }
}
