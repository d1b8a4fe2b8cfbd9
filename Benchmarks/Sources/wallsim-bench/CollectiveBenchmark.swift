import Collectives
import Fabric
import SimKernel
import Topology

/// One collective at scale through `SimulatedExecutor`: a ring all-gather of `bytesPerRank` per rank
/// on `ranks` NPUs around one switch (100 Gbps, 1 us links), in either network model.
///
/// Events are transfer starts plus deliveries, 2 x p x (p-1). The schedule is generated step by step
/// (`RingAllGatherSteps`), so memory stays flat however many transfers the run has.
struct CollectiveBenchmark {
    var ranks: Int
    var bytesPerRank: Int64
    var model: FlowBenchmark.Model

    func run() throws -> Result {
        let topology = FlowBenchmark.star(hosts: ranks)
        let elements = Int(bytesPerRank / 4) * ranks
        let schedule = Schedule(op: .allGather, ranks: ranks, count: elements, elementSize: 4,
                                layout: BlockLayout(count: elements, blockCount: ranks), algorithm: "ring",
                                steps: RingAllGatherSteps(ranks: ranks))
        let startTime = monotonicSeconds()
        let startCPU = cpuSeconds()
        let record: ExecutionRecord
        switch model {
        case .flow:
            var network = FlowNetwork(topology: topology)
            record = try SimulatedExecutor.run(schedule, on: topology, network: &network, keepTransfers: false)
        case .analytical:
            var network = AnalyticalNetwork(topology: topology)
            record = try SimulatedExecutor.run(schedule, on: topology, network: &network, keepTransfers: false)
        }
        let seconds = monotonicSeconds() - startTime
        let cpu = cpuSeconds() - startCPU
        return Result(name: "\(model.rawValue) ring all-gather, \(ranks)", events: 2 * ranks * (ranks - 1),
                      seconds: seconds, cpuSeconds: cpu, peakMebibytes: peakResidentMebibytes(),
                      note: "\(bytesPerRank) B per rank, simulated \(record.duration)")
    }
}

/// Ring all-gather by formula: in step k rank r passes block (r - k) mod p to rank r + 1
/// (Thakur, Rabenseifner & Gropp 2005).
struct RingAllGatherSteps: StepGenerator {
    let ranks: Int
    var stepCount: Int { ranks - 1 }

    func transfers(inStep step: Int) -> [Transfer] {
        (0..<ranks).map { r in
            let block = ((r - step) % ranks + ranks) % ranks
            return Transfer(from: r, to: (r + 1) % ranks, blocks: block..<(block + 1), reduces: false)
        }
    }
}
