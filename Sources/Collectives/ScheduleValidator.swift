/// Proves a schedule correct symbolically, by running the `Schedule` step semantics on what each block
/// holds rather than on numbers.
///
/// For the reducing operations every block of every rank holds the set of ranks whose contributions it
/// sums (a bitset); for the others it holds the origin (rank, block) of its data, or nothing. Each step
/// reads all sources as they were when the step began, then applies the received data in the step's
/// order. A reduction must not count a contribution twice; a copy must not lose data the destination
/// held; no rank may send what it does not hold. At the end every rank must hold what the operation
/// defines (see `CollectiveOp`) in every block.
///
///     let plan = try CollectiveAlgorithm.rabenseifner.schedule(.allReduce, ranks: 6, count: 1000, elementSize: 4)
///     try ScheduleValidator.validate(plan)   // throws ScheduleValidationError if the plan is wrong
///
/// It also checks that `transfers(inStep:involving:)` agrees with `transfers(inStep:)`, because the
/// executors rely on the per-rank view.
///
/// - Complexity: O(T x W + S x p x V) for T block transfers, W = ceil(p / 64) words per bitset,
///   S steps and V the cost of a per-rank query.
public enum ScheduleValidator {
    public static func validate(_ schedule: Schedule) throws(ScheduleValidationError) {
        try checkShape(of: schedule)
        if schedule.op.reduces {
            var state = ContributionState(schedule)
            try run(schedule, &state)
        } else {
            var state = ProvenanceState(schedule)
            try run(schedule, &state)
        }
    }

    private static func run<State: SymbolicBuffers>(_ schedule: Schedule, _ state: inout State) throws(ScheduleValidationError) {
        for step in 0..<schedule.stepCount {
            let transfers = schedule.transfers(inStep: step)
            for transfer in transfers { try check(transfer, step: step, in: schedule) }
            try checkRankViews(of: schedule, step: step, transfers: transfers)
            try state.apply(step: step, transfers: transfers)
        }
        try state.checkResult()
    }

    private static func checkShape(of schedule: Schedule) throws(ScheduleValidationError) {
        guard schedule.layout.count == schedule.count else {
            throw .layoutMismatch(count: schedule.count, layoutCount: schedule.layout.count)
        }
        if schedule.op.isSegmentedByRank, schedule.layout.blockCount % schedule.ranks != 0 {
            throw .layoutNotSegmented(blockCount: schedule.layout.blockCount, ranks: schedule.ranks)
        }
        let operands: [Int] = switch schedule.op {
        case let .broadcast(root), let .reduce(root): [root]
        case let .sendReceive(source, destination): [source, destination]
        case .allReduce, .reduceScatter, .allGather, .allToAll: []
        }
        for rank in operands where !(0..<schedule.ranks).contains(rank) {
            throw .operandOutOfRange(rank: rank, ranks: schedule.ranks)
        }
    }

    private static func check(_ transfer: Transfer, step: Int, in schedule: Schedule) throws(ScheduleValidationError) {
        let source = Int(transfer.source), destination = Int(transfer.destination)
        guard (0..<schedule.ranks).contains(source), (0..<schedule.ranks).contains(destination) else {
            throw .rankOutOfRange(step: step, source: source, destination: destination)
        }
        guard source != destination else { throw .selfSend(step: step, rank: source) }
        let sourceBlocks = Int(transfer.sourceBlocks.lowerBound)..<Int(transfer.sourceBlocks.upperBound)
        let destinationBlocks = Int(transfer.destinationBlocks.lowerBound)..<Int(transfer.destinationBlocks.upperBound)
        if sourceBlocks.lowerBound < 0 || sourceBlocks.upperBound > schedule.layout.blockCount {
            throw .blockOutOfRange(step: step, source: source, destination: destination, blocks: sourceBlocks)
        }
        if destinationBlocks.lowerBound < 0 || destinationBlocks.upperBound > schedule.layout.blockCount {
            throw .blockOutOfRange(step: step, source: source, destination: destination, blocks: destinationBlocks)
        }
        guard sourceBlocks.count == destinationBlocks.count,
              schedule.layout.elements(of: sourceBlocks).count == schedule.layout.elements(of: destinationBlocks).count else {
            throw .runLengthMismatch(step: step, source: source, destination: destination,
                                     sourceBlocks: sourceBlocks, destinationBlocks: destinationBlocks)
        }
        if transfer.reduces, !schedule.op.reduces {
            throw .reductionNotAllowed(step: step, source: source, destination: destination)
        }
    }

    /// Compares each rank's view with the step's list filtered to that rank, using flat per-rank
    /// index lists (the step's transfers bucketed by rank) rather than an array per rank.
    private static func checkRankViews(of schedule: Schedule, step: Int, transfers: [Transfer]) throws(ScheduleValidationError) {
        var starts = Array(repeating: 0, count: schedule.ranks + 1)
        for transfer in transfers {
            starts[Int(transfer.source) + 1] += 1
            starts[Int(transfer.destination) + 1] += 1
        }
        for rank in 0..<schedule.ranks { starts[rank + 1] += starts[rank] }
        var filled = starts
        var members = Array(repeating: 0, count: 2 * transfers.count)
        for position in transfers.indices {
            let source = Int(transfers[position].source), destination = Int(transfers[position].destination)
            members[filled[source]] = position
            filled[source] += 1
            members[filled[destination]] = position
            filled[destination] += 1
        }
        // Plain index loops: this runs for every rank of every step, and generic iteration is slow in debug builds.
        for rank in 0..<schedule.ranks {
            let view = schedule.transfers(inStep: step, involving: rank)
            var agrees = view.count == starts[rank + 1] - starts[rank]
            var index = 0
            while agrees, index < view.count {
                agrees = view[index] == transfers[members[starts[rank] + index]]
                index += 1
            }
            guard agrees else { throw .inconsistentRankView(step: step, rank: rank) }
        }
    }
}

/// What the validator tracks per block: contributions for reducing operations, origins for the rest.
protocol SymbolicBuffers {
    /// Applies one step: reads every transfer's source as the step began, then writes in order.
    mutating func apply(step: Int, transfers: [Transfer]) throws(ScheduleValidationError)
    /// Checks that every rank holds what the operation requires.
    func checkResult() throws(ScheduleValidationError)
}
