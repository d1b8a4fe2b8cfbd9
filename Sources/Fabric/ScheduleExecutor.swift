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
        /// Calibrated costs by message size (see `MessageRegimes`): when set, every transfer also pays
        /// its regime's time (the network is wrapped in a `RegimeNetwork`) and a receiver reduces at
        /// its regime's rate instead of `reductionRate`.
        public var messageRegimes: MessageRegimes?

        public init(reductionRate: Bandwidth? = nil, rankSlowdown: [Int: Double] = [:], placement: [Int]? = nil,
                    recordTransfers: Bool = false, messageRegimes: MessageRegimes? = nil) {
            self.messageRegimes = messageRegimes
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
    ///
    /// Specialised for the two models here, so that callers in other modules (which cannot see the
    /// body) still get code without generic metadata look-ups in the per-transfer loop.
    @_specialize(exported: false, where Network == FlowNetwork)
    @_specialize(exported: false, where Network == AnalyticalNetwork)
    public func run<Network: NetworkModel>(_ schedule: Schedule, on network: Network) throws(ExecutorError) -> ExecutionRecord {
        let placement = try resolvedPlacement(ranks: schedule.ranks)
        if let regimes = options.messageRegimes {
            var run = ExecutionRun(schedule: schedule, topology: topology, placement: placement, options: options,
                                   network: RegimeNetwork(base: network, topology: topology, regimes: regimes))
            return run.play()
        }
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
