import Collectives
import SimKernel
import Topology

/// The mutable state of one `ScheduleExecutor` run: per-rank progress, messages in flight, and the clock.
///
/// Everything touched per transfer is an array indexed by rank or by transfer id, because a ring over
/// 16,384 ranks plays half a billion transfers: hashing, per-step arrays and generic look-ups in this
/// loop would cost more than the network model itself.
struct ExecutionRun<Network: NetworkModel> {
    let schedule: Schedule
    let stepCount: Int
    let options: ScheduleExecutor.Options
    var network: Network
    /// Fires when a rank has finished the local reduction of its current step.
    var clock = Simulator<Int32>()

    /// Each rank's current step and what it waits for, in one array: they are updated together.
    var progress: [RankProgress]
    var finish: [SimDuration]
    /// Messages that arrived before their receiver reached the step, by `rank * stepCount + step`.
    var early: [Int64: Int32] = [:]
    var inFlight = InFlightTable()
    var routes: RouteCache
    var timings: [TransferTiming] = []
    /// Picoseconds to reduce one byte on each rank, or zero when reductions are free.
    let reducePicosecondsPerByte: [Double]
    /// True when some rank has a reduction cost; false spares `finishStep` its arithmetic.
    let reductionsCost: Bool
    /// Whether `options.messageRegimes` is set, read once (looking at the optional retains it).
    let usesRegimes: Bool
    let blockSizes: BlockSizes

    init(schedule: Schedule, topology: Topology, placement: [Int], options: ScheduleExecutor.Options, network: Network) {
        self.schedule = schedule
        stepCount = schedule.stepCount
        self.options = options
        self.network = network
        let ranks = schedule.ranks
        progress = Array(repeating: RankProgress(), count: ranks)
        finish = Array(repeating: .zero, count: ranks)
        routes = RouteCache(topology: topology, placement: placement)
        let base = options.reductionRate?.picosecondsPerByte ?? 0
        reducePicosecondsPerByte = (0..<ranks).map { base * (options.rankSlowdown[$0] ?? 1) }
        usesRegimes = options.messageRegimes != nil
        reductionsCost = usesRegimes || reducePicosecondsPerByte.contains { $0 > 0 }
        blockSizes = BlockSizes(layout: schedule.layout, elementSize: schedule.elementSize)
    }

    mutating func play() -> ExecutionRecord {
        for rank in 0..<schedule.ranks { begin(rank: rank, at: .zero) }
        while true {
            let networkTime = network.nextEventTime()
            let clockTime = clock.nextEventTime
            if let t = networkTime, clockTime.map({ t <= $0 }) ?? true {
                for completion in network.advance(to: t) { deliver(completion) }
            } else if let (time, rank) = clock.next() {
                progress[Int(rank)].step += 1
                begin(rank: Int(rank), at: time)
            } else {
                break
            }
        }
        precondition(inFlight.isEmpty && early.isEmpty,
                     "schedule \(schedule.algorithm) left \(inFlight.count) messages in flight and \(early.count) unmatched")
        return ExecutionRecord(executor: network.name, algorithm: schedule.algorithm, op: schedule.op,
                               ranks: schedule.ranks, bytes: schedule.bytes, rankFinish: finish,
                               transfers: timings, links: network.linkUsage())
    }

    /// Starts `rank`'s current step at `time`, running through steps that need no waiting.
    mutating func begin(rank: Int, at time: SimTime) {
        let sizes = blockSizes
        let rank32 = Int32(truncatingIfNeeded: rank)
        while Int(progress[rank].step) < stepCount {
            let current = Int(progress[rank].step)
            // Tallied as they come, into a local: a closure that touched `self` would make the
            // compiler copy the schedule for every call, and an array write costs a uniqueness
            // check. A ring step has one send and one receive per rank and lane.
            var tally = StepTally(rank: rank32, sizes: sizes)
            schedule.forEachTransfer(inStep: current, involving: rank) { tally.count($0) }
            var waits = tally.waits
            if tally.sends.count <= StepSends.capacity {
                for index in 0..<tally.sends.count { startSend(tally.sends[index], step: current, rank: rank, at: time) }
            } else {
                for send in sends(inStep: current, rank: rank32, sizes: sizes) { startSend(send, step: current, rank: rank, at: time) }
            }
            if !early.isEmpty, let arrived = early.removeValue(forKey: earlyKey(rank: rank, step: current)) { waits -= arrived }
            progress[rank].outstanding = waits
            progress[rank].reduceBytes = tally.reduced
            if usesRegimes, let regimes = options.messageRegimes {
                progress[rank].regimeReduction = regimeReductionCost(step: current, rank: rank32, sizes: sizes, regimes: regimes)
            }
            if waits > 0 { return }
            if finishStep(rank: rank, at: time) { return }
        }
        finish[rank] = time.sinceStart
    }

    /// Starts one of `rank`'s sends in `step` and records it as in flight.
    @inline(__always)
    mutating func startSend(_ send: StepSends.Send, step: Int, rank: Int, at time: SimTime) {
        let route = routes.route(from: rank, to: Int(send.destination))
        let id = network.start(bytes: send.bytes, along: route, at: time)
        inFlight.insert(InFlight(step: Int32(step), source: Int32(truncatingIfNeeded: rank), destination: send.destination,
                                 bytes: send.bytes, start: time), id: id)
    }

    /// All of `rank`'s sends in `step`, in order: a second pass over the step, for steps with more
    /// sends than `StepSends` holds.
    func sends(inStep step: Int, rank: Int32, sizes: BlockSizes) -> [StepSends.Send] {
        var sends: [StepSends.Send] = []
        schedule.forEachTransfer(inStep: step, involving: Int(rank)) { transfer in
            guard transfer.source == rank else { return }
            sends.append(StepSends.Send(destination: transfer.destination, bytes: sizes.bytes(of: transfer.sourceBlocks)))
        }
        return sends
    }

    /// The picoseconds `rank` spends reducing in `step` when each message it combines reduces at its
    /// own regime's rate (a second pass over the step, only for calibrated topologies with regimes).
    func regimeReductionCost(step: Int, rank: Int32, sizes: BlockSizes, regimes: MessageRegimes) -> Double {
        var cost = 0.0
        schedule.forEachTransfer(inStep: step, involving: Int(rank)) { transfer in
            guard transfer.destination == rank && transfer.reduces else { return }
            let bytes = sizes.bytes(of: transfer.sourceBlocks)
            cost += Double(bytes) * (regimes.regime(for: bytes).reductionRate?.picosecondsPerByte ?? 0)
        }
        return cost
    }

    /// Ends `rank`'s current step at `time`. Returns true when a reduction delays the next step (a
    /// clock event will resume the rank), false when the caller should go straight on.
    @inline(__always)
    mutating func finishStep(rank: Int, at time: SimTime) -> Bool {
        if reductionsCost {
            let delay = !usesRegimes ? Double(progress[rank].reduceBytes) * reducePicosecondsPerByte[rank]
                : progress[rank].regimeReduction * (options.rankSlowdown[rank] ?? 1)
            if delay > 0 {
                clock.schedule(Int32(rank), at: time + .picoseconds(Int64(delay.rounded(.up))))
                return true
            }
        }
        progress[rank].step += 1
        return false
    }

    mutating func deliver(_ completion: TransferCompletion) {
        let message = inFlight.remove(completion.id)
        if options.recordTransfers {
            timings.append(TransferTiming(step: Int(message.step), source: Int(message.source),
                                          destination: Int(message.destination), bytes: message.bytes,
                                          start: message.start.sinceStart, end: completion.time.sinceStart))
        }
        arrive(rank: Int(message.source), step: message.step, at: completion.time)
        arrive(rank: Int(message.destination), step: message.step, at: completion.time)
    }

    /// One of `rank`'s waits for `step` is over (a send delivered or a message arrived).
    @inline(__always)
    mutating func arrive(rank: Int, step messageStep: Int32, at time: SimTime) {
        guard progress[rank].step == messageStep else {
            early[earlyKey(rank: rank, step: Int(messageStep)), default: 0] += 1
            return
        }
        progress[rank].outstanding -= 1
        if progress[rank].outstanding == 0 && !finishStep(rank: rank, at: time) {
            begin(rank: rank, at: time)
        }
    }

    func earlyKey(rank: Int, step: Int) -> Int64 { Int64(rank) * Int64(stepCount) + Int64(step) }
}

/// Bytes carried by a run of blocks: `Schedule.bytes(of:)`, with `BlockLayout.start(of:)`'s
/// division done once per run instead of twice per transfer.
struct BlockSizes {
    /// The layout's quotient and remainder: blocks below `blocksWithOneMore` hold one element more.
    let elementsPerBlock: Int
    let blocksWithOneMore: Int
    let elementSize: Int64

    init(layout: BlockLayout, elementSize: Int) {
        (elementsPerBlock, blocksWithOneMore) = layout.count.quotientAndRemainder(dividingBy: layout.blockCount)
        self.elementSize = Int64(elementSize)
    }

    /// The arithmetic wraps: a block's start is at most the element count, and bytes are at most a
    /// rank buffer's size, which a `Schedule` holds in Int64.
    @inline(__always)
    func bytes(of blocks: Range<Int32>) -> Int64 {
        func start(_ block: Int32) -> Int { Int(block) &* elementsPerBlock &+ Swift.min(Int(block), blocksWithOneMore) }
        return Int64(start(blocks.upperBound) &- start(blocks.lowerBound)) &* elementSize
    }
}

/// Where one rank is: its current step, the sends not yet delivered plus receives not yet arrived in
/// it, and the bytes it must reduce when the step completes.
struct RankProgress {
    var step: Int32 = 0
    var outstanding: Int32 = 0
    var reduceBytes: Int64 = 0
    /// With `MessageRegimes`: the picoseconds that reduction takes at each message's regime rate
    /// (before the rank's slowdown).
    var regimeReduction: Double = 0
}

/// What one rank's step asks of it, tallied transfer by transfer: its sends, how many sends and
/// receives it waits for, and the bytes it reduces. One value, so that the gathering closure
/// captures a single variable.
struct StepTally {
    let rank: Int32
    let sizes: BlockSizes
    var sends = StepSends()
    var waits: Int32 = 0
    var reduced: Int64 = 0

    init(rank: Int32, sizes: BlockSizes) {
        self.rank = rank
        self.sizes = sizes
    }

    @inline(__always)
    mutating func count(_ transfer: Transfer) {
        let bytes = sizes.bytes(of: transfer.sourceBlocks)
        if transfer.source == rank {
            sends.append(destination: transfer.destination, bytes: bytes)
            waits += 1
        }
        if transfer.destination == rank {
            waits += 1
            if transfer.reduces { reduced += bytes }
        }
    }
}

/// The first sends of one rank's step, in order (a ring step has one per lane), and how many the step
/// has. Nothing in it is reference-counted, so the tally costs no release per step; a step with more
/// sends than it holds is gathered again (`ExecutionRun.sends(inStep:rank:sizes:)`).
struct StepSends {
    struct Send {
        var destination: Int32
        var bytes: Int64
    }

    /// How many sends are held in place.
    static let capacity = 2

    private var first = Send(destination: 0, bytes: 0)
    private var second = Send(destination: 0, bytes: 0)
    /// All sends counted, including any past `capacity`.
    private(set) var count = 0

    @inline(__always)
    mutating func append(destination: Int32, bytes: Int64) {
        let send = Send(destination: destination, bytes: bytes)
        switch count {
        case 0: first = send
        case 1: second = send
        default: break
        }
        count += 1
    }

    /// The send at `index`, which must be below `capacity` and `count`.
    @inline(__always)
    subscript(index: Int) -> Send {
        precondition(index < Swift.min(count, Self.capacity), "send \(index) of a step holding \(Swift.min(count, Self.capacity))")
        return index == 0 ? first : second
    }
}

/// A message on its way: what the executor needs to know when the network delivers it.
struct InFlight {
    /// The schedule step, or -1 once delivered (a free entry of `InFlightTable`).
    var step: Int32
    var source: Int32
    var destination: Int32
    var bytes: Int64
    var start: SimTime
}

/// The messages in flight, indexed by transfer id.
///
/// A network model numbers its transfers in start order (`TransferID`), so the live ones lie in a
/// window of ids that slides forward: an array holding the window, with the id of its first entry,
/// replaces a hash table. Delivered entries are marked free; the window's front moves past them and
/// the array drops its dead prefix once that is at least three quarters of it (so each removal
/// moves a third of an entry on average).
///
/// - Complexity: `insert` and `remove` amortised O(1); memory is up to four times the span of ids
///   from the oldest message still in flight to the newest.
struct InFlightTable {
    private var entries: [InFlight] = []
    /// The transfer id of `entries[0]`.
    private var base = 0
    /// Entries before `head` are all delivered.
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func insert(_ message: InFlight, id: TransferID) {
        if count == 0 {
            entries.removeAll(keepingCapacity: true)
            base = id.rawValue
            head = 0
        }
        precondition(id.rawValue == base + entries.count,
                     "the network numbered a transfer \(id) where \(base + entries.count) was next; ids must follow start order")
        entries.append(message)
        count += 1
    }

    @inline(__always)
    mutating func remove(_ id: TransferID) -> InFlight {
        let index = id.rawValue - base
        guard index >= head, index < entries.count, entries[index].step >= 0 else {
            preconditionFailure("the network delivered \(id), which is not in flight")
        }
        let message = entries[index]
        entries[index].step = -1
        count -= 1
        while head < entries.count && entries[head].step < 0 { head += 1 }
        if head >= 1024 && 4 * head >= 3 * entries.count {
            entries.removeSubrange(0..<head)
            base += head
            head = 0
        }
        return message
    }
}
