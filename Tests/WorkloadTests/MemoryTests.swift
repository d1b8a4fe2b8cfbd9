import Testing
import Topology
@testable import Workload

@Suite("Memory per rank")
struct MemoryTests {
    private func workload(_ plan: ParallelPlan, _ model: TransformerModel = gpt3) -> Workload {
        Workload(model: .transformer(model), accelerator: a100(), plan: plan)
    }

    @Test("model state is 16 Psi, ZeRO-1 4 Psi + 12 Psi/N_d, ZeRO-2 2 Psi + 14 Psi/N_d, ZeRO-3 16 Psi/N_d")
    func zeroStages() {
        let model = TransformerModel(layers: 8, hidden: 1024, heads: 16, sequenceLength: 1024, vocabulary: 32768)
        // Eq. 2 leaves out the final layer norm's 2h weights, which the last stage holds.
        let psi = model.parameters + 2 * 1024
        for (stage, expected) in [(0, 16 * psi), (1, 4 * psi + 12 * psi / 8), (2, 2 * psi + 14 * psi / 8), (3, 16 * psi / 8)] {
            let plan = ParallelPlan(data: 8, globalBatch: 8, zeroStage: stage)
            let report = workload(plan, model).memory()
            let state = report.bytes(of: "weights").bytes + report.bytes(of: "gradients").bytes
                + report.bytes(of: "optimizer state").bytes
            #expect(abs(Double(state) - expected) <= 3, "ZeRO-\(stage)")
        }
    }

    @Test("activations per layer follow Korthikanti et al. Table 2 for each tensor/sequence/recompute setting")
    func tableTwo() {
        let (s, b, h, a, t) = (2048.0, 2.0, 12288.0, 96.0, 8.0)
        let sbh = s * b * h
        let cases: [(Bool, ParallelPlan.Recomputation, Double)] = [
            (false, .none, sbh * (10 + 24 / t + 5 * a * s / (h * t))),
            (true, .none, sbh * (34 / t + 5 * a * s / (h * t))),
            (false, .selective, sbh * (10 + 24 / t)),
            (true, .selective, sbh * 34 / t),
            (false, .full, 2 * sbh),
        ]
        for (sp, recompute, expected) in cases {
            let plan = ParallelPlan(tensor: 8, microbatchSize: 2, globalBatch: 2, sequenceParallel: sp, recomputation: recompute)
            #expect(close(workload(plan).activationBytesPerLayer(gpt3), expected), "sp \(sp), \(recompute)")
        }
        let single = ParallelPlan(microbatchSize: 2, globalBatch: 2)
        #expect(close(workload(single).activationBytesPerLayer(gpt3), sbh * (34 + 5 * a * s / h)))
    }

    @Test("1F1B's first stage holds p microbatches, stage i holds p - i; interleaving multiplies by 1 + (p-1)/(p v)")
    func inFlight() {
        let plan = ParallelPlan(tensor: 8, pipeline: 12, data: 16, globalBatch: 1536)
        #expect(workload(plan).inFlightMicrobatches(stage: 0) == 12)
        #expect(workload(plan).inFlightMicrobatches(stage: 5) == 7)
        var interleaved = plan
        interleaved.schedule = .interleaved(chunks: 2)
        #expect(workload(interleaved).inFlightMicrobatches(stage: 0) == 12 * (1 + 11.0 / 24))
        var gpipe = plan
        gpipe.schedule = .gpipe
        #expect(workload(gpipe).inFlightMicrobatches(stage: 3) == 96)
    }

    @Test("GPT-3 175B as Megatron ran it (t 8, p 12, full recomputation) fits in 80 GB, led by stage 0")
    func megatronFits() {
        let plan = ParallelPlan(tensor: 8, pipeline: 12, data: 16, globalBatch: 1536, recomputation: .full)
        let report = workload(plan).memory()
        #expect(report.fits)
        #expect(report.stage == 0)
        #expect(report.verdict.hasPrefix("fits: "))
        // Stage 0: 8 layers of (12 h^2 + 13 h)/8 plus the word embedding V h / 8 and positions s h.
        let h = 12288.0
        let psi = 8 * (12 * h * h + 13 * h) / 8 + 51200 * h / 8 + 2048 * h
        #expect(report.bytes(of: "weights").bytes == Int64(2 * psi))
        #expect(report.bytes(of: "optimizer state").bytes == Int64(12 * psi))
    }

    @Test("a plan that does not fit names its largest terms and the single changes that would fit")
    func doesNotFit() {
        let plan = ParallelPlan(tensor: 8, pipeline: 8, data: 2, globalBatch: 64, recomputation: .none)
        let report = workload(plan).memory()
        #expect(!report.fits)
        #expect(report.terms.max { $0.bytes < $1.bytes }?.name == "activations")
        #expect(report.suggestions.contains("selective recomputation"))
        #expect(report.suggestions.contains("full recomputation"))
        #expect(report.suggestions.contains("raise tensor to 16 (data to 1)"))
        #expect(!report.suggestions.contains("ZeRO-1"))
        #expect(report.verdict.contains("does not fit"))
        #expect(report.verdict.contains("largest: activations"))
        #expect(report.verdict.contains("would fit with"))
    }

    @Test("a plan no single change rescues says so")
    func hopeless() {
        let plan = ParallelPlan(tensor: 1, pipeline: 1, data: 1, globalBatch: 1, recomputation: .full)
        let report = workload(plan).memory()
        #expect(!report.fits)
        #expect(report.suggestions.isEmpty)
        #expect(report.verdict.contains("no single change"))
    }
}
