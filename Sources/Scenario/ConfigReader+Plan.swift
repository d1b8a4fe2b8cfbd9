import Collectives
import Topology
import Workload

extension ConfigReader {
    /// The plan and the rank count it asks for, if it names one. `data` defaults to what `ranks` leaves
    /// after tensor and pipeline; without `ranks` the plan uses tensor x pipeline x data ranks.
    func readPlan(_ map: YAMLMapping) throws -> (ParallelPlan, Int?) {
        record(map.value)
        let ranks = try count(map, "ranks", default: nil)
        let tensor = try count(map, "tensor", default: 1) ?? 1
        let pipeline = try count(map, "pipeline", default: 1) ?? 1
        let data: Int
        if let given = try count(map, "data", default: nil) {
            data = given
        } else if let ranks {
            data = max(1, ranks / (tensor * pipeline))
        } else {
            throw map.value.diagnostic("'parallel' gives neither 'ranks' nor 'data'",
                                       expected: "'ranks: N' (data = N / (tensor x pipeline)) or 'data: N'")
        }
        if let value = map.value("schedule") { record(value) }
        let scheduleKind = try map.optional("schedule", default: ScheduleKind.oneF1B)
        let chunks = try count(map, "chunks", default: scheduleKind == .interleaved ? 2 : 1) ?? 1
        let schedule: ParallelPlan.Schedule
        switch scheduleKind {
        case .gpipe: schedule = .gpipe
        case .oneF1B: schedule = .oneForwardOneBackward
        case .interleaved: schedule = .interleaved(chunks: chunks)
        }
        if scheduleKind != .interleaved, chunks != 1, let value = map.value("chunks") {
            throw value.diagnostic("'parallel.chunks' is \(chunks) but schedule '\(scheduleKind.rawValue)' has one chunk per stage",
                                   expected: "schedule 'interleaved', or no 'chunks'")
        }
        let zeroValue = map.value("zero-stage")
        let zero = try count(map, "zero-stage", default: 0, atLeast: 0) ?? 0
        if zero > 3, let zeroValue {
            throw zeroValue.diagnostic("'parallel.zero-stage' is \(zero)", expected: "a ZeRO stage from 0 to 3")
        }
        let plan = ParallelPlan(
            tensor: tensor, pipeline: pipeline, data: data,
            microbatchSize: try count(map, "microbatch-size", default: 1) ?? 1,
            globalBatch: try count(map, "global-batch"),
            schedule: schedule,
            sequenceParallel: try map.optional("sequence-parallel", default: false),
            zeroStage: zero,
            recomputation: try map.optional("recompute", default: .none),
            gradientBucket: try map.optional("gradient-bucket", default: .mebibytes(25)),
            overlapGradientReduction: try map.optional("overlap-gradient-reduction", default: true),
            placement: try map.optional("placement", default: .tensorDataPipeline),
            algorithm: try map.optional("algorithm", default: .ring),
            tensorCollectives: try map.optional("tensor-collectives", default: .perLayer),
            scatterGather: try map.optional("pipeline-scatter-gather", default: true))
        if plan.gradientBucket.bytes == 0, let value = map.value("gradient-bucket") {
            throw value.diagnostic("'parallel.gradient-bucket' is zero", expected: "a positive size, like '25 MiB'")
        }
        try map.rejectUnknownKeys()
        return (plan, ranks)
    }
}
