import Collectives
import SimKernel
import Topology

/// Plays a `Schedule` over a topology and a network model and returns the predicted `ExecutionRecord`.
///
/// It follows the schedule's step semantics (see `Schedule`) exactly as the MPI backend does: a rank
/// starts all sends of a step at once, waits for every send to be delivered and every expected
/// message to arrive, spends the reduction time for the data it combines, and only then starts the next
/// step. A message that arrives before its receiver reached that step waits for it (eager delivery).
///
/// - Complexity: O(transfers) executor work plus the network model's cost per transfer; the schedule
///   is read step by step and rank by rank, so its transfers are never all in memory at once.
public struct ScheduleExecutor {
    /// Tunable facts about the ranks themselves (not the network).
    public struct Options: Sendable {
        /// Local reduction throughput per rank (the alpha-beta-gamma model's 1/gamma); nil means free.
        public var reductionRate: Bandwidth?
        /// Per-rank slowdown of local work (1 = nominal, 2 = a straggler taking twice as long).
        public var rankSlowdown: [Int: Double]
        /// NPU index of each rank; nil places rank r on NPU r.
        public var placement: [Int]?
        /// Keep per-transfer timings in the record (off for very large runs).
        public var recordTransfers: Bool

        public init(reductionRate: Bandwidth? = nil, rankSlowdown: [Int: Double] = [:], placement: [Int]? = nil,
                    recordTransfers: Bool = false) {
            self.reductionRate = reductionRate
            self.rankSlowdown = rankSlowdown
            self.placement = placement
            self.recordTransfers = recordTransfers
        }
    }

    public enum ExecutorError: Error, CustomStringConvertible, Equatable {
        /// The schedule has more ranks than the topology has NPUs.
        case tooManyRanks(ranks: Int, npus: Int)
        /// A placement does not map every rank to a distinct NPU of the topology.
        case badPlacement(String)

        public var description: String {
            switch self {
            case let .tooManyRanks(ranks, npus):
                "the schedule has \(ranks) ranks but the topology has only \(npus) NPUs"
            case let .badPlacement(why): "bad rank placement: \(why)"
            }
        }
    }

    public let topology: Topology
    public let options: Options

    public init(topology: Topology, options: Options = Options()) {
        self.topology = topology
        self.options = options
    }
}

extension ScheduleExecutor {
    /// Runs `schedule` from time zero on a fresh `network` and returns the predicted record.
    public func run<Network: NetworkModel>(_ schedule: Schedule, on network: Network) throws(ExecutorError) -> ExecutionRecord {
        let placement = try resolvedPlacement(ranks: schedule.ranks)
        var run = ExecutionRun(schedule: schedule, topology: topology, placement: placement, options: options,
                               network: network)
        return run.play()
    }

    func resolvedPlacement(ranks: Int) throws(ExecutorError) -> [Int] {
        guard ranks <= topology.npuCount else { throw .tooManyRanks(ranks: ranks, npus: topology.npuCount) }
        guard let placement = options.placement else { return Array(0..<ranks) }
        guard placement.count == ranks else {
            throw .badPlacement("\(placement.count) NPUs given for \(ranks) ranks")
        }
        var used = Set<Int>()
        for (rank, npu) in placement.enumerated() {
            guard npu >= 0 && npu < topology.npuCount else {
                throw .badPlacement("rank \(rank) is placed on NPU \(npu), but the topology has NPUs 0..<\(topology.npuCount)")
            }
            guard used.insert(npu).inserted else { throw .badPlacement("NPU \(npu) holds two ranks") }
        }
        return placement
    }
}

/// The mutable state of one execution: per-rank progress, messages in flight, and the clock.
struct ExecutionRun<Network: NetworkModel> {
    struct InFlight {
        var step: Int32
        var source: Int32
        var destination: Int32
        var bytes: Int64
        var start: SimTime
    }

    let schedule: Schedule
    let topology: Topology
    let placement: [Int]
    let options: ScheduleExecutor.Options
    var network: Network
    /// Fires when a rank has finished the local reduction of its current step.
    var clock = Simulator<Int32>()

    var step: [Int32]
    /// Sends not yet delivered plus receives not yet arrived, for each rank's current step.
    var outstanding: [Int32]
    /// Bytes each rank must reduce when its current step completes.
    var reduceBytes: [Int64]
    var finish: [SimDuration]
    /// Messages that arrived before their receiver reached the step, by `rank * stepCount + step`.
    var early: [Int64: Int32] = [:]
    var inFlight: [Int: InFlight] = [:]
    var routes: [Int64: Route] = [:]
    var timings: [TransferTiming] = []
    /// Picoseconds to reduce one byte on each rank, or zero when reductions are free.
    let reducePicosecondsPerByte: [Double]

    init(schedule: Schedule, topology: Topology, placement: [Int], options: ScheduleExecutor.Options, network: Network) {
        self.schedule = schedule
        self.topology = topology
        self.placement = placement
        self.options = options
        self.network = network
        let ranks = schedule.ranks
        step = Array(repeating: 0, count: ranks)
        outstanding = Array(repeating: 0, count: ranks)
        reduceBytes = Array(repeating: 0, count: ranks)
        finish = Array(repeating: .zero, count: ranks)
        let base = options.reductionRate.map { 8e12 / Double($0.bitsPerSecond) } ?? 0
        reducePicosecondsPerByte = (0..<ranks).map { base * (options.rankSlowdown[$0] ?? 1) }
    }

    mutating func play() -> ExecutionRecord {
        for rank in 0..<schedule.ranks { begin(rank: rank, at: .zero) }
        while true {
            let networkTime = network.nextEventTime()
            let clockTime = clock.nextEventTime
            if let t = networkTime, clockTime.map({ t <= $0 }) ?? true {
                for completion in network.advance(to: t) { deliver(completion) }
            } else if let (time, rank) = clock.next() {
                step[Int(rank)] += 1
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
        let stepCount = schedule.stepCount
        while Int(step[rank]) < stepCount {
            let current = Int(step[rank])
            var waits: Int32 = 0
            var reduced: Int64 = 0
            for transfer in schedule.transfers(inStep: current, involving: rank) {
                let bytes = schedule.bytes(of: transfer)
                if Int(transfer.source) == rank {
                    let route = self.route(from: rank, to: Int(transfer.destination))
                    let id = network.start(bytes: bytes, along: route, at: time)
                    inFlight[id.rawValue] = InFlight(step: Int32(current), source: transfer.source,
                                                     destination: transfer.destination, bytes: bytes, start: time)
                    waits += 1
                }
                if Int(transfer.destination) == rank {
                    waits += 1
                    if transfer.reduces { reduced += bytes }
                }
            }
            if let arrived = early.removeValue(forKey: earlyKey(rank: rank, step: current)) { waits -= arrived }
            outstanding[rank] = waits
            reduceBytes[rank] = reduced
            if waits > 0 { return }
            if finishStep(rank: rank, at: time) { return }
        }
        finish[rank] = time.sinceStart
    }

    /// Ends `rank`'s current step at `time`. Returns true when a reduction delays the next step (a
    /// clock event will resume the rank), false when the caller should go straight on.
    mutating func finishStep(rank: Int, at time: SimTime) -> Bool {
        let delay = Double(reduceBytes[rank]) * reducePicosecondsPerByte[rank]
        if delay > 0 {
            clock.schedule(Int32(rank), at: time + .picoseconds(Int64(delay.rounded(.up))))
            return true
        }
        step[rank] += 1
        return false
    }

    mutating func deliver(_ completion: TransferCompletion) {
        guard let message = inFlight.removeValue(forKey: completion.id.rawValue) else {
            preconditionFailure("the network delivered \(completion.id), which was never started")
        }
        if options.recordTransfers {
            timings.append(TransferTiming(step: Int(message.step), source: Int(message.source),
                                          destination: Int(message.destination), bytes: message.bytes,
                                          start: message.start.sinceStart, end: completion.time.sinceStart))
        }
        arrive(rank: Int(message.source), step: message.step, at: completion.time)
        arrive(rank: Int(message.destination), step: message.step, at: completion.time)
    }

    /// One of `rank`'s waits for `step` is over (a send delivered or a message arrived).
    mutating func arrive(rank: Int, step messageStep: Int32, at time: SimTime) {
        guard step[rank] == messageStep else {
            early[earlyKey(rank: rank, step: Int(messageStep)), default: 0] += 1
            return
        }
        outstanding[rank] -= 1
        if outstanding[rank] == 0 && !finishStep(rank: rank, at: time) {
            begin(rank: rank, at: time)
        }
    }

    func earlyKey(rank: Int, step: Int) -> Int64 { Int64(rank) * Int64(schedule.stepCount) + Int64(step) }

    mutating func route(from source: Int, to destination: Int) -> Route {
        let a = placement[source], b = placement[destination]
        let key = Int64(a) * Int64(topology.npuCount) + Int64(b)
        if let cached = routes[key] { return cached }
        let route = topology.route(fromNPU: a, toNPU: b)
        routes[key] = route
        return route
    }
}
