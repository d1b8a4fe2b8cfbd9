import Collectives
import SimKernel
import Topology

/// Plays a `TaskGraph` over a topology and a network model: compute tasks take their time, every
/// collective runs its schedule step by step over the shared network, and point-to-point messages
/// cross it too, so concurrent collectives of different groups contend for the same links.
///
/// Collective members follow the same step semantics as `ScheduleExecutor` (see `Schedule`); a member
/// starts when its own task starts, so a late rank delays its peers exactly as far as the schedule's
/// dependencies say.
///
/// - Complexity: O(tasks + transfers) engine work, plus the network model's cost per transfer.
public struct IterationEngine {
    public struct Options: Sendable {
        /// Local reduction throughput per rank for collectives; nil means reductions are free.
        public var reductionRate: Bandwidth?
        /// NPU index of each global rank; nil places rank r on NPU r.
        public var placement: [Int]?

        public init(reductionRate: Bandwidth? = nil, placement: [Int]? = nil) {
            self.reductionRate = reductionRate
            self.placement = placement
        }
    }

    public enum EngineError: Error, CustomStringConvertible, Equatable {
        case tooManyRanks(ranks: Int, npus: Int)
        case badPlacement(String)
        /// The graph cannot finish: tasks wait on each other or on messages nobody sends.
        case deadlock(rank: Int, task: String)
        /// A task names a rank, group or task that does not exist, or its group does not include it.
        case malformed(String)

        public var description: String {
            switch self {
            case let .tooManyRanks(ranks, npus): "the workload has \(ranks) ranks but the topology has only \(npus) NPUs"
            case let .badPlacement(why): "bad rank placement: \(why)"
            case let .deadlock(rank, task): "the iteration cannot finish: rank \(rank) is stuck at task '\(task)'"
            case let .malformed(why): "malformed task graph: \(why)"
            }
        }
    }

    public let topology: Topology
    public let options: Options

    public init(topology: Topology, options: Options = Options()) {
        self.topology = topology
        self.options = options
    }

    /// Runs `graph` from time zero on a fresh `network`.
    ///
    /// Specialised for the two models here, so that callers in other modules get code without
    /// generic metadata look-ups in the per-transfer loop.
    @_specialize(exported: false, where Network == FlowNetwork)
    @_specialize(exported: false, where Network == AnalyticalNetwork)
    public func run<Network: NetworkModel>(_ graph: TaskGraph, on network: Network) throws(EngineError) -> TaskTimeline {
        guard graph.ranks <= topology.npuCount else { throw .tooManyRanks(ranks: graph.ranks, npus: topology.npuCount) }
        let placement = try ScheduleExecutor(topology: topology, options: .init(placement: options.placement))
            .placementOrThrow(ranks: graph.ranks)
        var play = try IterationPlay(graph: graph, topology: topology, placement: placement, options: options, network: network)
        return try play.run()
    }
}

extension ScheduleExecutor {
    /// The resolved placement, with the executor's error mapped to the engine's.
    func placementOrThrow(ranks: Int) throws(IterationEngine.EngineError) -> [Int] {
        do {
            return try resolvedPlacement(ranks: ranks)
        } catch {
            switch error {
            case let .tooManyRanks(ranks, npus): throw .tooManyRanks(ranks: ranks, npus: npus)
            case let .badPlacement(why): throw .badPlacement(why)
            }
        }
    }
}
