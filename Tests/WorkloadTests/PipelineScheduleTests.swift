import Testing
@testable import Workload

@Suite("Pipeline schedules")
struct PipelineScheduleTests {
    private func names(_ schedule: ParallelPlan.Schedule, stage: Int, stages: Int, m: Int) -> String {
        schedule.order(stage: stage, stages: stages, microbatches: m).map(\.description).joined(separator: " ")
    }

    @Test("1F1B on 4 stages: stage 0 warms up with 3 forwards, the last stage alternates from the start")
    func oneForwardOneBackward() {
        #expect(names(.oneForwardOneBackward, stage: 0, stages: 4, m: 6) == "F0 F1 F2 F3 B0 F4 B1 F5 B2 B3 B4 B5")
        #expect(names(.oneForwardOneBackward, stage: 3, stages: 4, m: 6) == "F0 B0 F1 B1 F2 B2 F3 B3 F4 B4 F5 B5")
        #expect(names(.oneForwardOneBackward, stage: 1, stages: 4, m: 2) == "F0 F1 B0 B1")
    }

    @Test("GPipe runs every forward, then the backwards from the last microbatch")
    func gpipe() {
        #expect(names(.gpipe, stage: 1, stages: 2, m: 3) == "F0 F1 F2 B2 B1 B0")
    }

    @Test("interleaved 1F1B with 2 chunks on 2 stages follows Megatron-LM's order")
    func interleaved() {
        #expect(names(.interleaved(chunks: 2), stage: 0, stages: 2, m: 4)
            == "F0 F1 F0.1 F1.1 F2 B0.1 F3 B1.1 F2.1 B0 F3.1 B1 B2.1 B3.1 B2 B3")
        #expect(names(.interleaved(chunks: 2), stage: 1, stages: 2, m: 4)
            == "F0 F1 F0.1 B0.1 F1.1 B1.1 F2 B0 F3 B1 F2.1 B2.1 F3.1 B3.1 B2 B3")
    }

    @Test("every schedule runs each (microbatch, chunk) forward once and backward once, forward first",
          arguments: [ParallelPlan.Schedule.gpipe, .oneForwardOneBackward, .interleaved(chunks: 2), .interleaved(chunks: 3)])
    func complete(schedule: ParallelPlan.Schedule) {
        for stages in [2, 3, 4, 8] {
            for m in [stages, 2 * stages, 3 * stages] {
                for stage in 0..<stages {
                    let order = schedule.order(stage: stage, stages: stages, microbatches: m)
                    #expect(order.count == 2 * m * schedule.chunks)
                    #expect(Set(order).count == order.count)
                    for (index, step) in order.enumerated() where !step.isForward {
                        let forward = PipelineStep(microbatch: step.microbatch, chunk: step.chunk, isForward: true)
                        #expect(order.firstIndex(of: forward).map { $0 < index } == true)
                    }
                }
            }
        }
    }

    @Test("the bubble is (p - 1)/m, and (p - 1)/(v m) interleaved")
    func bubble() {
        let plan = ParallelPlan(pipeline: 8, data: 4, globalBatch: 128)
        #expect(plan.microbatches == 32)
        #expect(plan.bubbleFraction == 7.0 / 32)
        var interleaved = plan
        interleaved.schedule = .interleaved(chunks: 4)
        #expect(interleaved.bubbleFraction == 7.0 / 128)
    }

    @Test("placements map coordinates to ranks and back", arguments: ParallelPlan.Placement.allCases)
    func placement(_ placement: ParallelPlan.Placement) {
        let plan = ParallelPlan(tensor: 4, pipeline: 3, data: 2, globalBatch: 2, placement: placement)
        var seen = Set<Int>()
        for tp in 0..<4 { for dp in 0..<2 { for pp in 0..<3 {
            let rank = plan.rank(tp: tp, dp: dp, pp: pp)
            seen.insert(rank)
            #expect(plan.coordinates(of: rank) == (tp, dp, pp))
        } } }
        #expect(seen == Set(0..<24))
        // Megatron order: tensor fastest, then data, then pipeline.
        #expect(ParallelPlan(tensor: 4, pipeline: 3, data: 2, globalBatch: 2).rank(tp: 1, dp: 1, pp: 2) == 1 + 4 * (1 + 2 * 2))
    }
}
