import Fabric
import SimKernel
import Topology

/// One simulated training iteration of a workload on a topology: the timeline and what a reader wants
/// from it (where the time went, model FLOPs utilisation, throughput, memory).
public struct IterationResult: Sendable {
    /// The categories of a breakdown, most important first: an instant where several are active is
    /// counted once, for the first, so communication is counted only where no compute hides it.
    public static let categories = ["compute", "optimizer", "tp", "pp", "dp", "alltoall"]

    public let workload: Workload
    public let graph: TaskGraph
    public let timeline: TaskTimeline
    /// The rank whose breakdown is reported: the last to finish (ties to the lowest rank).
    public let criticalRank: Int
    public let breakdown: TimelineBreakdown
    public let memory: MemoryReport
    public let networkModel: String

    /// Plays one iteration of `workload` on `topology` with the network model named `network`
    /// (`"flow"` or `"analytical"`).
    public static func simulate(_ workload: Workload, on topology: Topology, network: String) throws -> IterationResult {
        let graph = try workload.taskGraph()
        let engine = IterationEngine(topology: topology)
        let timeline = network == "analytical"
            ? try engine.run(graph, on: AnalyticalNetwork(topology: topology))
            : try engine.run(graph, on: FlowNetwork(topology: topology))
        let makespan = timeline.makespan
        let critical = timeline.rankFinish.firstIndex(of: makespan) ?? 0
        return IterationResult(workload: workload, graph: graph, timeline: timeline, criticalRank: critical,
                               breakdown: TimelineBreakdown(graph: graph, timeline: timeline, rank: critical,
                                                            priority: categories),
                               memory: workload.memory(), networkModel: network)
    }

    /// The iteration time: when the last rank finished.
    public var iterationTime: SimDuration { timeline.makespan }

    /// Achieved model FLOPs over every rank's peak for the iteration time.
    public var modelFLOPsUtilisation: Double {
        workload.modelFLOPsUtilisation(iterationSeconds: iterationTime.seconds)
    }

    /// Model FLOP/s per accelerator, in teraFLOP/s (what Megatron-LM reports as "TFLOP/s per GPU" counts
    /// hardware FLOPs, recomputation included: see `hardwareTeraFLOPsPerAccelerator`).
    public var modelTeraFLOPsPerAccelerator: Double {
        workload.flopsPerIteration.model / iterationTime.seconds / Double(workload.plan.ranks) / 1e12
    }

    /// Hardware FLOP/s per accelerator (recomputation counted), in teraFLOP/s.
    public var hardwareTeraFLOPsPerAccelerator: Double {
        workload.flopsPerIteration.hardware / iterationTime.seconds / Double(workload.plan.ranks) / 1e12
    }

    /// Tokens (transformers) or samples per second.
    public var itemsPerSecond: Double { workload.itemsPerIteration / iterationTime.seconds }

    /// The busiest link: the one with the most busy time, and its utilisation over the iteration.
    public func busiestLink(in topology: Topology) -> (name: String, utilisation: Double)? {
        guard let busiest = timeline.links.max(by: { ($0.busy, $1.link) < ($1.busy, $0.link) }),
              iterationTime.picoseconds > 0 else { return nil }
        let link = topology.links[Int(busiest.link)]
        let name = "\(topology.nodes[Int(link.source.index)].name)->\(topology.nodes[Int(link.destination.index)].name)"
        return (name, Double(busiest.busy.picoseconds) / Double(iterationTime.picoseconds))
    }
}
