import Testing
@testable import Collectives

/// A schedule from hand-written steps.
func handMade(_ op: CollectiveOp, ranks: Int, count: Int = 12, blocks: Int = 1, _ steps: [[Transfer]]) -> Schedule {
    Schedule(op: op, ranks: ranks, count: count, elementSize: 4, layout: BlockLayout(count: count, blockCount: blocks),
             algorithm: "hand-made", explicitSteps: steps)
}

/// Expects validation to fail with exactly `error`.
func expectRejected(_ schedule: Schedule, with error: ScheduleValidationError,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(throws: error, sourceLocation: sourceLocation) { try ScheduleValidator.validate(schedule) }
}

/// A generator whose per-rank view forgets every transfer: what an executor must never be given.
struct ForgetfulSteps: StepGenerator {
    var stepCount: Int { 1 }
    func transfers(inStep step: Int) -> [Transfer] { [Transfer(from: 0, to: 1, blocks: 0..<1, reduces: false)] }
    func transfers(inStep step: Int, involving rank: Int) -> [Transfer] { [] }
}

@Suite("The validator rejects broken schedules with the error that names the fault")
struct ScheduleValidatorTests {
    @Test("a hand-made two-rank all-reduce (exchange and reduce) is accepted")
    func acceptsMinimalAllReduce() throws {
        let plan = handMade(.allReduce, ranks: 2, [[Transfer(from: 0, to: 1, blocks: 0..<1, reduces: true),
                                                    Transfer(from: 1, to: 0, blocks: 0..<1, reduces: true)]])
        try ScheduleValidator.validate(plan)
    }

    @Test("reducing the same contribution twice is a double count naming step, ranks, block and contribution")
    func rejectsDoubleReduce() {
        let once = Transfer(from: 0, to: 1, blocks: 0..<1, reduces: true)
        expectRejected(handMade(.reduce(root: 1), ranks: 2, [[once], [once]]),
                       with: .doubleCounted(step: 1, source: 0, destination: 1, block: 0, contributions: [0]))
    }

    @Test("a ring all-reduce missing its last step leaves rank 0 without rank 1's part of segment 1")
    func rejectsMissingStep() throws {
        let ring = try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: 4, count: 400, elementSize: 4)
        let truncated = Schedule(op: .allReduce, ranks: 4, count: 400, elementSize: 4, layout: ring.layout, algorithm: "ring",
                                 explicitSteps: (0..<(ring.stepCount - 1)).map { ring.transfers(inStep: $0) })
        expectRejected(truncated, with: .incompleteResult(rank: 0, block: 1, missing: [1]))
    }

    @Test("forwarding data in the step that delivers it is sending before receiving")
    func rejectsSendBeforeReceive() {
        let plan = handMade(.broadcast(root: 0), ranks: 3, [[Transfer(from: 0, to: 1, blocks: 0..<1, reduces: false),
                                                             Transfer(from: 1, to: 2, blocks: 0..<1, reduces: false)]])
        expectRejected(plan, with: .missingData(step: 0, source: 1, destination: 2, block: 0))
    }

    @Test("copying a partial sum over the receiver's own contribution is an overwrite")
    func rejectsCopyThatLosesContribution() {
        let plan = handMade(.allReduce, ranks: 3, [[Transfer(from: 0, to: 1, blocks: 0..<1, reduces: false)]])
        expectRejected(plan, with: .overwrites(step: 0, source: 0, destination: 1, block: 0))
    }

    @Test("a copy over another rank's segment in all-gather is an overwrite")
    func rejectsOverwrite() {
        let plan = handMade(.allGather, ranks: 2, count: 2, blocks: 2,
                            [[Transfer(from: 0, to: 1, sourceBlocks: 0..<1, destinationBlocks: 1..<2, reduces: false)]])
        expectRejected(plan, with: .overwrites(step: 0, source: 0, destination: 1, block: 1))
    }

    @Test("an all-to-all that delivers into the receiver's own segment overwrites it")
    func rejectsMisaddressedAllToAll() {
        let steps = (1..<3).map { k in
            (0..<3).map { r in
                let d = (r + k) % 3
                return Transfer(from: r, to: d, sourceBlocks: d..<(d + 1), destinationBlocks: d..<(d + 1), reduces: false, reading: .input)
            }
        }
        expectRejected(handMade(.allToAll, ranks: 3, count: 3, blocks: 3, steps),
                       with: .overwrites(step: 0, source: 0, destination: 1, block: 1))
    }

    @Test("a broadcast that skips a rank ends with that rank holding nothing")
    func rejectsIncompleteBroadcast() {
        let plan = handMade(.broadcast(root: 0), ranks: 3, [[Transfer(from: 0, to: 1, blocks: 0..<1, reduces: false)]])
        expectRejected(plan, with: .wrongData(rank: 2, block: 0, found: nil, expected: BlockOrigin(rank: 0, block: 0)))
    }

    @Test("self-sends, ranks and blocks out of range, and mismatched runs are rejected before any data moves")
    func rejectsMalformedTransfers() {
        expectRejected(handMade(.broadcast(root: 0), ranks: 2, [[Transfer(from: 1, to: 1, blocks: 0..<1, reduces: false)]]),
                       with: .selfSend(step: 0, rank: 1))
        expectRejected(handMade(.broadcast(root: 0), ranks: 2, [[Transfer(from: 0, to: 5, blocks: 0..<1, reduces: false)]]),
                       with: .rankOutOfRange(step: 0, source: 0, destination: 5))
        expectRejected(handMade(.broadcast(root: 0), ranks: 2, blocks: 2, [[Transfer(from: 0, to: 1, blocks: 0..<3, reduces: false)]]),
                       with: .blockOutOfRange(step: 0, source: 0, destination: 1, blocks: 0..<3))
        // 3 elements in 2 blocks: block 0 has 2 elements, block 1 has 1.
        expectRejected(handMade(.sendReceive(source: 0, destination: 1), ranks: 2, count: 3, blocks: 2,
                                [[Transfer(from: 0, to: 1, sourceBlocks: 0..<1, destinationBlocks: 1..<2, reduces: false)]]),
                       with: .runLengthMismatch(step: 0, source: 0, destination: 1, sourceBlocks: 0..<1, destinationBlocks: 1..<2))
    }

    @Test("a reduction in a copying operation is rejected")
    func rejectsReductionInBroadcast() {
        expectRejected(handMade(.broadcast(root: 0), ranks: 2, [[Transfer(from: 0, to: 1, blocks: 0..<1, reduces: true)]]),
                       with: .reductionNotAllowed(step: 0, source: 0, destination: 1))
    }

    @Test("a generator whose per-rank view disagrees with its step list is rejected")
    func rejectsInconsistentRankView() {
        let plan = Schedule(op: .broadcast(root: 0), ranks: 2, count: 4, elementSize: 4, layout: BlockLayout(count: 4, blockCount: 1),
                            algorithm: "forgetful", steps: ForgetfulSteps())
        expectRejected(plan, with: .inconsistentRankView(step: 0, rank: 0))
    }

    @Test("bad layouts and operands are rejected")
    func rejectsBadShapes() {
        expectRejected(Schedule(op: .allReduce, ranks: 2, count: 4, elementSize: 4, layout: BlockLayout(count: 5, blockCount: 1),
                                algorithm: "x", explicitSteps: []),
                       with: .layoutMismatch(count: 4, layoutCount: 5))
        expectRejected(handMade(.reduceScatter, ranks: 3, blocks: 4, []), with: .layoutNotSegmented(blockCount: 4, ranks: 3))
        expectRejected(handMade(.reduce(root: 3), ranks: 3, []), with: .operandOutOfRange(rank: 3, ranks: 3))
    }

    @Test("an empty schedule is a correct all-reduce on one rank but not on two")
    func emptySchedules() throws {
        try ScheduleValidator.validate(handMade(.allReduce, ranks: 1, []))
        expectRejected(handMade(.allReduce, ranks: 2, []), with: .incompleteResult(rank: 0, block: 0, missing: [1]))
    }

    @Test("validation errors describe step, ranks and blocks in words")
    func errorDescriptions() {
        #expect(ScheduleValidationError.missingData(step: 3, source: 1, destination: 2, block: 5).description
                == "step 3: rank 1 sends block 5 to 2 without holding it")
        #expect(ScheduleValidationError.wrongData(rank: 2, block: 0, found: nil, expected: BlockOrigin(rank: 0, block: 0)).description
                == "rank 2 ends with block 0 holding nothing, expected block 0 of rank 0")
    }
}
