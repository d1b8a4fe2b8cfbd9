import Testing
@testable import Workload

@Suite("Plan validation")
struct ValidationTests {
    private func issues(_ model: TransformerModel = gpt3, ranks: Int? = nil, npus: Int? = nil,
                        _ change: (inout ParallelPlan) -> Void) -> [WorkloadIssue] {
        var plan = ParallelPlan(tensor: 8, pipeline: 12, data: 16, globalBatch: 1536)
        change(&plan)
        return Workload(model: .transformer(model), accelerator: a100(), plan: plan)
            .validate(requestedRanks: ranks, topologyNPUs: npus, topologyName: "dgx-a100-cluster")
    }

    @Test("Megatron's GPT-3 plan on 1,536 of 3,072 GPUs is sound")
    func sound() {
        #expect(issues(ranks: 1536, npus: 3072) { _ in }.isEmpty)
    }

    @Test("t x p x d must equal the ranks asked for, with the product spelt out")
    func rankProduct() {
        let found = issues(ranks: 1024) { _ in }
        #expect(found.map(\.kind) == [.rankProduct])
        #expect(found.first?.key == "parallel.ranks")
        #expect(found.first?.message == "tensor x pipeline x data = 8 x 12 x 16 = 1536, not the 1024 ranks asked for")
    }

    @Test("more ranks than the topology has NPUs names both numbers and the topology")
    func tooManyRanks() {
        let found = issues(npus: 1024) { _ in }
        #expect(found.map(\.kind) == [.tooManyRanks])
        #expect(found.first?.key == "topology")
        #expect(found.first?.message == "the plan needs 1536 ranks but dgx-a100-cluster has 1024 NPUs")
    }

    @Test("layers must divide by p, or by p x v when interleaved")
    func layers() {
        let found = issues { $0.pipeline = 7; $0.data = 1; $0.globalBatch = 14 }
        #expect(found.map(\.kind) == [.layersNotDivisible])
        #expect(found.first?.key == "model.layers")
        #expect(found.first?.message == "96 layers do not split evenly over pipeline = 7 (96 mod 7 = 5)")
        let interleaved = issues { $0.schedule = .interleaved(chunks: 5) }
        #expect(interleaved.first?.message == "96 layers do not split evenly over pipeline x chunks = 12 x 5 = 60 (96 mod 60 = 36)")
    }

    @Test("heads must divide by t")
    func heads() {
        let found = issues { $0.tensor = 5 }
        #expect(found.map(\.kind) == [.headsNotDivisible])
        #expect(found.first?.key == "model.heads")
        #expect(found.first?.message == "96 attention heads do not split over tensor = 5 (96 mod 5 = 1)")
    }

    @Test("the global batch must split into microbatches over the data-parallel ranks")
    func batch() {
        let found = issues { $0.microbatchSize = 2; $0.globalBatch = 1000 }
        #expect(found.map(\.kind) == [.batchNotDivisible])
        #expect(found.first?.key == "parallel.global-batch")
        #expect(found.first?.message
            == "global batch 1000 does not split into microbatches of 2 over 16 data-parallel ranks (1000 mod 32 = 8)")
    }

    @Test("the interleaved schedule needs m to be a multiple of p, and at least 2 stages")
    func interleaving() {
        let found = issues { $0.schedule = .interleaved(chunks: 2); $0.globalBatch = 16 * 18 }
        #expect(found.map(\.kind) == [.microbatchesNotDivisible])
        #expect(found.first?.message == "the interleaved schedule needs the 18 microbatches to be a multiple of pipeline = 12")
        let single = issues { $0.schedule = .interleaved(chunks: 2); $0.pipeline = 1; $0.data = 192 }
        #expect(single.map(\.kind) == [.unsupported])
    }

    @Test("CNNs and recommenders are data parallel only")
    func dataParallelOnly() {
        let cnn = ConvNetModel(layers: [.init(name: "a", flops: 1, parameters: 1, activations: 1)])
        let plan = ParallelPlan(tensor: 2, data: 4, globalBatch: 8)
        let found = Workload(model: .convNet(cnn), accelerator: a100(), plan: plan).validate()
        #expect(found.map(\.key) == ["parallel.tensor"])
    }
}
