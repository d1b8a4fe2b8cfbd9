import Testing
import Topology
@testable import Workload

@Suite("Parameters and FLOPs")
struct FormulaTests {
    @Test("GPT-3 175B parameters are Narayanan et al. eq. 2: 12 l h^2 (1 + 13/(12h) + (V + s)/(12 l h))")
    func gpt3Parameters() {
        let (l, h, v, s) = (96.0, 12288.0, 51200.0, 2048.0)
        let eq2 = 12 * l * h * h * (1 + 13 / (12 * h) + (v + s) / (12 * l * h))
        #expect(close(gpt3.parameters, eq2))
        #expect(gpt3.parameters == 174_615_822_336)
    }

    @Test("a GPT layer holds 12 h^2 + 13 h weights and biases")
    func layerParameters() {
        for h in [64, 1024, 12288] {
            let model = TransformerModel(layers: 1, hidden: h, heads: 8, sequenceLength: 16, vocabulary: 8)
            #expect(model.parametersPerLayer == Double(12 * h * h + 13 * h))
        }
    }

    @Test("Llama-2-70B's shape (GQA with 8 KV heads, SwiGLU 28672, untied, rotary) counts 68,984,668,160 parameters")
    func llamaParameters() {
        let llama = TransformerModel(layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ffnHidden: 28672, feedForward: .swiglu,
                                     sequenceLength: 4096, vocabulary: 32000, learnedPositions: false, tiedEmbeddings: false)
        // Per layer: attention 8192 x 10240 + 10240 + 8192^2 + 8192, MLP 2 (8192 x 28672 + 28672) + 28672 x 8192 + 8192,
        // norms 4 x 8192; embeddings 2 x 32000 x 8192.
        #expect(llama.parametersPerLayer == 855_754_752)
        #expect(llama.parameters == 68_984_668_160)
    }

    @Test("with full recomputation, FLOPs per iteration are eq. 3: 96 B s l h^2 (1 + s/(6h) + V/(16 l h))",
          arguments: [1, 512, 1536])
    func equationThree(batch: Int) {
        let plan = ParallelPlan(tensor: 8, pipeline: 12, data: 16, globalBatch: batch, recomputation: .full)
        let flops = Workload(model: .transformer(gpt3), accelerator: a100(), plan: plan).flopsPerIteration
        let (b, s, l, h, v) = (Double(batch), 2048.0, 96.0, 12288.0, 51200.0)
        #expect(close(flops.hardware, 96 * b * s * l * h * h * (1 + s / (6 * h) + v / (16 * l * h))))
        #expect(close(flops.model, 72 * b * s * l * h * h * (1 + s / (6 * h) + v / (12 * h * l))))
    }

    @Test("without recomputation hardware and model FLOPs are both the 72 factor (Korthikanti et al. eq. 7)")
    func seventyTwo() {
        let plan = ParallelPlan(globalBatch: 1536, recomputation: .none)
        let flops = Workload(model: .transformer(gpt3), accelerator: a100(), plan: plan).flopsPerIteration
        let (b, s, l, h, v) = (1536.0, 2048.0, 96.0, 12288.0, 51200.0)
        #expect(close(flops.hardware, 72 * b * l * s * h * h * (1 + s / (6 * h) + v / (12 * h * l))))
        #expect(flops.hardware == flops.model)
    }

    @Test("selective recomputation adds the core-attention GEMMs once more: 4 B s^2 h l")
    func selective() {
        let none = Workload(model: .transformer(gpt3), accelerator: a100(), plan: ParallelPlan(globalBatch: 8)).flopsPerIteration
        let plan = ParallelPlan(globalBatch: 8, recomputation: .selective)
        let selective = Workload(model: .transformer(gpt3), accelerator: a100(), plan: plan).flopsPerIteration
        #expect(close(selective.hardware - none.hardware, 4 * 8 * 2048.0 * 2048 * 12288 * 96, tolerance: 1e-9))
    }

    @Test("per tensor-parallel rank, a layer's forward GEMMs are (24 b s h^2 + 4 b s^2 h) / t")
    func layerSplit() {
        for t in [1, 2, 8] {
            let slice = TransformerModel.Slice(microbatch: 2, tensor: t)
            let flops = (gpt3.attentionOperations(slice) + gpt3.mlpOperations(slice)).matmulFLOPs
            let (b, s, h) = (2.0, 2048.0, 12288.0)
            #expect(close(flops, (24 * b * s * h * h + 4 * b * s * s * h) / Double(t)))
        }
    }

    @Test("ResNet-50's layer table adds up to 25,557,032 parameters and 8.18 GFLOPs forward per image")
    func resnetTotals() {
        let model = ConvNetModel(layers: [
            .init(name: "conv1", flops: 236_027_904, parameters: 9_536, activations: 802_816),
            .init(name: "res2", flops: 1_335_885_824, parameters: 215_808, activations: 4_415_488),
            .init(name: "res3", flops: 2_055_208_960, parameters: 1_219_584, activations: 3_110_912),
            .init(name: "res4", flops: 2_928_672_768, parameters: 7_098_368, activations: 2_157_568),
            .init(name: "res5", flops: 1_618_477_056, parameters: 14_964_736, activations: 627_200),
            .init(name: "fc", flops: 4_096_000, parameters: 2_049_000, activations: 1_000),
        ])
        #expect(model.parameters == 25_557_032)
        #expect(model.forwardFLOPs == 8_178_368_512)
        let plan = ParallelPlan(data: 8, microbatchSize: 32, globalBatch: 256)
        #expect(Workload(model: .convNet(model), accelerator: a100(), plan: plan).flopsPerIteration.model == 3 * 256 * 8_178_368_512)
    }
}

@Suite("Roofline compute model")
struct RooflineTests {
    @Test("the catalogue holds the seven accelerators with Data/hardware.csv's figures")
    func catalogue() {
        #expect(Accelerator.catalogue.map(\.name) == ["v100", "a100", "h100", "h200", "b200", "mi300x", "tpu-v4"])
        let h100 = Accelerator.named("H100")
        #expect(h100?.peakBF16.teraflops == 989)
        #expect(h100?.hbmBandwidth == Bandwidth(bitsPerSecond: 26_800_000_000_000))
        #expect(h100?.hbmCapacity == ByteCount(bytes: 80_000_000_000))
        #expect(a100().matmulRate.teraflops == 271.2)
        #expect(Accelerator.named("mi300x")?.matmulEfficiency == 668.4 / 1307.4)
        #expect(Accelerator.named("v100")?.matmulEfficiency == Accelerator.defaultMatmulEfficiency)
    }

    @Test("a large GEMM is compute-bound: 2mkn FLOPs at 271.2 TFLOPS on A100")
    func gemm() {
        let op = Operation.gemm("fc1", m: 2048, k: 12288, n: 6144, bytesPerElement: 2)
        #expect(close(a100().seconds(for: op), 2 * 2048 * 12288 * 6144 / 271.2e12))
    }

    @Test("layer norm is memory-bound: its bytes at 80% of 2.039 TB/s on A100")
    func layerNorm() {
        let op = gpt3.layerNorm("ln1", TransformerModel.Slice(microbatch: 1, tensor: 8))
        #expect(op.bytes == 2 * 2048 * 12288 * 2)
        #expect(a100().seconds(for: op) == op.bytes / (2.039e12 * 0.8))
    }

    @Test("backward doubles an operation's FLOPs and bytes")
    func backward() {
        let op = Operation.gemm("qkv", m: 10, k: 20, n: 30, bytesPerElement: 2)
        #expect(op.backward.flops == 2 * 12000)
        #expect(op.backward.bytes == 2 * op.bytes)
    }
}
