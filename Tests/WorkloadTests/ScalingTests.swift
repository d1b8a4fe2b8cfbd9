import Testing
import Topology
@testable import Workload

@Suite("Workload.scaled: plans for other rank counts")
struct ScalingTests {
    let base = Workload(model: .transformer(tiny), accelerator: a100(),
                        plan: ParallelPlan(tensor: 2, pipeline: 2, data: 4, microbatchSize: 2, globalBatch: 64,
                                           zeroStage: 1, recomputation: .full))

    @Test("weak scaling keeps the batch per rank: 16 ranks with batch 64 become 64 ranks with batch 256",
          arguments: [(16, 64), (32, 128), (64, 256), (8, 32)])
    func weak(ranks: Int, batch: Int) throws {
        let scaled = try base.scaled(toRanks: ranks, scaling: .weak)
        #expect(scaled.plan.ranks == ranks)
        #expect(scaled.plan.data == ranks / 4)
        #expect(scaled.plan.globalBatch == batch)
        #expect(scaled.plan.microbatches == base.plan.microbatches)
    }

    @Test("strong scaling keeps the global batch, so each replica gets fewer microbatches")
    func strong() throws {
        let scaled = try base.scaled(toRanks: 32, scaling: .strong)
        #expect(scaled.plan.data == 8)
        #expect(scaled.plan.globalBatch == 64)
        #expect(scaled.plan.microbatches == 4)
        #expect(base.plan.microbatches == 8)
    }

    @Test("new tensor and pipeline sizes leave data parallelism the rest, and every other setting as it was")
    func resplit() throws {
        let scaled = try base.scaled(toRanks: 16, tensor: 4, pipeline: 1, scaling: .strong)
        #expect((scaled.plan.tensor, scaled.plan.pipeline, scaled.plan.data) == (4, 1, 4))
        #expect(scaled.plan.zeroStage == 1 && scaled.plan.recomputation == .full && scaled.plan.microbatchSize == 2)
        #expect(scaled.validate().isEmpty)
    }

    @Test("a rank count that tensor x pipeline does not divide is refused with the numbers")
    func indivisible() {
        #expect(throws: WorkloadIssue(.rankProduct, key: "parallel.ranks",
                                      "24 ranks do not split into tensor x pipeline = 8 x 2 = 16 (24 mod 16 = 8)",
                                      expected: "a rank count that is a multiple of 16")) {
            try base.scaled(toRanks: 24, tensor: 8, scaling: .weak)
        }
    }

    @Test("weak scaling to a rank count that would need a fractional batch is refused")
    func fractionalBatch() {
        // 62 x 20 / 16 = 77.5 sequences is no batch; 62 x 32 / 16 = 124 is.
        var odd = base
        odd.plan.globalBatch = 62
        #expect(throws: WorkloadIssue.self) { try odd.scaled(toRanks: 20, tensor: 2, pipeline: 2, scaling: .weak) }
        #expect((try? odd.scaled(toRanks: 32, scaling: .weak))?.plan.globalBatch == 124)
    }
}
