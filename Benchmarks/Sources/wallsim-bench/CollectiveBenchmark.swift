import Collectives
import Fabric
import SimKernel
import Topology

/// One collective at scale through `ScheduleExecutor`: a ring all-gather of `bytesPerRank` per rank
/// on `ranks` NPUs around one switch (100 Gbps, 1 us links), in either network model.
///
/// Events are transfer starts plus deliveries, 2 x p x (p-1). The schedule is generated step by step
/// (the ring's formula generator), so memory stays flat however many transfers the run has.
struct CollectiveBenchmark {
    var ranks: Int
    var bytesPerRank: Int64
    var model: FlowBenchmark.Model

    func run() throws -> Result {
        let topology = FlowBenchmark.star(hosts: ranks)
        let elements = Int(bytesPerRank / 4) * ranks
        let schedule = try CollectiveAlgorithm.ring.schedule(.allGather, ranks: ranks, count: elements, elementSize: 4)
        let startTime = monotonicSeconds()
        let startCPU = cpuSeconds()
        let record: ExecutionRecord
        switch model {
        case .flow:
            record = try ScheduleExecutor(topology: topology).run(schedule, on: FlowNetwork(topology: topology))
        case .analytical:
            record = try ScheduleExecutor(topology: topology).run(schedule, on: AnalyticalNetwork(topology: topology))
        }
        let seconds = monotonicSeconds() - startTime
        let cpu = cpuSeconds() - startCPU
        return Result(name: "\(model.rawValue) ring all-gather, \(ranks)", events: 2 * ranks * (ranks - 1),
                      seconds: seconds, cpuSeconds: cpu, peakMebibytes: peakResidentMebibytes(),
                      note: "\(bytesPerRank) B per rank, simulated \(record.duration)")
    }
}

