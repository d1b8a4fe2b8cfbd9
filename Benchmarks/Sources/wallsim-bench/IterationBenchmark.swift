import Fabric
import Scenario
import Workload

/// Issue 5's whole-run case: one training iteration of a config (built-in name or file) simulated
/// end to end: reading the config, building the task graph, and playing it over the fabric.
///
/// Events are the graph's tasks; the note carries the simulated iteration time and the MFU, so a
/// speed-up that changed the answer would show.
struct IterationBenchmark {
    var config: String
    var model: String

    func run() throws -> Result {
        let startTime = monotonicSeconds()
        let startCPU = cpuSeconds()
        let scenario = try ConfigFile.resolve(config)
        let topology = try scenario.topologyFile.build()
        let result = try IterationResult.simulate(scenario.workload, on: topology, network: model)
        let seconds = monotonicSeconds() - startTime
        let cpu = cpuSeconds() - startCPU
        let tasks = result.graph.tasks.reduce(0) { $0 + $1.count }
        return Result(name: "\(scenario.name), \(scenario.workload.plan.ranks) GPUs, \(model)", events: tasks,
                      seconds: seconds, cpuSeconds: cpu, peakMebibytes: peakResidentMebibytes(),
                      note: "iteration \(result.iterationTime), MFU \(Int((100 * result.modelFLOPsUtilisation).rounded()))%")
    }
}
