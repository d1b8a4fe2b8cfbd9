/// The operations of one transformer layer and of the embedding and output layers, per tensor-parallel
/// rank and microbatch, with the FLOPs and bytes of each.
///
/// GEMM FLOPs are those of Narayanan et al. (SC21, Sec. 5.1): per layer and microbatch of b sequences,
/// `24 b s h^2 + 4 b s^2 h` in the forward pass (QKV 6bsh^2, scores 2bs^2h, attention over values
/// 2bs^2h, output projection 2bsh^2, FFN 16bsh^2), split t ways by Megatron's column/row partitioning;
/// the logits add `2 b s h V`. Element-wise operations are counted by the bytes they stream: each reads
/// its input and writes its output once, plus a one-byte mask for dropout. Without sequence
/// parallelism the layer norms and dropouts run on the whole b s h on every tensor-parallel rank; with
/// it they run on a 1/t slice (Korthikanti et al., arXiv:2205.05198, Sec. 4.2.2).
extension TransformerModel {
    /// The per-rank shape of a microbatch: b sequences, tensor-parallel size t, sequence parallelism.
    public struct Slice: Hashable, Sendable {
        public var microbatch: Int
        public var tensor: Int
        public var sequenceParallel: Bool

        public init(microbatch: Int, tensor: Int, sequenceParallel: Bool = false) {
            self.microbatch = microbatch
            self.tensor = tensor
            self.sequenceParallel = sequenceParallel
        }
    }

    /// Forward operations of the attention half of a layer: layer norm, QKV, core attention, the
    /// output projection, dropout and residual add (everything between two tensor-parallel collectives).
    public func attentionOperations(_ slice: Slice) -> [Operation] {
        let (n, h, t, e) = (tokens(slice), Double(hidden), Double(slice.tensor), elementBytes)
        let qkvWidth = h + 2 * kvWidth
        return [layerNorm("ln1", slice)]
            + [Operation.gemm("qkv", m: n, k: h, n: qkvWidth / t, bytesPerElement: e)]
            + coreAttentionOperations(slice)
            + [Operation.gemm("proj", m: n, k: h / t, n: h, bytesPerElement: e), dropoutResidual("attn-dropout", slice)]
    }

    /// Forward operations of core attention (scores, softmax, attention dropout, attention over
    /// values): the part selective recomputation recomputes (Korthikanti et al. Sec. 5).
    public func coreAttentionOperations(_ slice: Slice) -> [Operation] {
        let (n, h, t, e) = (tokens(slice), Double(hidden), Double(slice.tensor), elementBytes)
        let b = Double(slice.microbatch), s = Double(sequenceLength)
        // Score matrices: b x (a/t) heads x s x s.
        let scores = b * Double(heads) / t * s * s
        let kvBytes = n * kvWidth / t * e
        return [
            Operation("scores", flops: 2 * n * s * h / t, bytes: (n * h / t) * e + kvBytes + scores * e, isMatmul: true),
            Operation("softmax", flops: 5 * scores, bytes: 2 * scores * e, isMatmul: false),
            Operation("softmax-dropout", flops: scores, bytes: 2 * scores * e + scores, isMatmul: false),
            Operation("attn-values", flops: 2 * n * s * h / t, bytes: scores * e + kvBytes + n * h / t * e, isMatmul: true),
        ]
    }

    /// Forward operations of the MLP half of a layer: layer norm, FFN up-projection(s), activation,
    /// down-projection, dropout and residual add.
    public func mlpOperations(_ slice: Slice) -> [Operation] {
        let (n, h, t, e) = (tokens(slice), Double(hidden), Double(slice.tensor), elementBytes)
        let f = Double(ffnHidden) / t
        let ups: Double = feedForward == .swiglu ? 2 : 1
        let activation = feedForward == .swiglu
            ? Operation("swiglu", flops: 6 * n * f, bytes: 3 * n * f * e, isMatmul: false)
            : Operation("gelu", flops: 8 * n * f, bytes: 2 * n * f * e, isMatmul: false)
        return [
            layerNorm("ln2", slice),
            Operation.gemm("fc1", m: n, k: h, n: ups * f, bytesPerElement: e),
            activation,
            Operation.gemm("fc2", m: n, k: f, n: h, bytesPerElement: e),
            dropoutResidual("mlp-dropout", slice),
        ]
    }

    /// The input embedding lookup (word plus position), on the first pipeline stage.
    public func embeddingOperations(_ slice: Slice) -> [Operation] {
        let (n, h, e) = (tokens(slice), Double(hidden), elementBytes)
        let share = slice.sequenceParallel ? 1 / Double(slice.tensor) : 1
        return [Operation("embedding", flops: n * h * share, bytes: 3 * n * h * e * share, isMatmul: false)]
    }

    /// The final layer norm, the vocabulary-parallel logits GEMM and the cross-entropy loss, on the
    /// last pipeline stage. The loss reads and writes the logits in fp32.
    public func outputOperations(_ slice: Slice) -> [Operation] {
        let (n, h, t, e) = (tokens(slice), Double(hidden), Double(slice.tensor), elementBytes)
        let v = Double(vocabulary) / t
        return [
            layerNorm("final-ln", slice),
            Operation.gemm("logits", m: n, k: h, n: v, bytesPerElement: e),
            Operation("cross-entropy", flops: 5 * n * v, bytes: n * v * (e + 2 * 4), isMatmul: false),
        ]
    }

    /// The mixed-precision Adam step over `parameters` weights (Kingma & Ba 2015; Micikevicius et al.
    /// 2018): per weight it reads the 16-bit gradient and the fp32 master weight, momentum and variance,
    /// writes those three back and writes the 16-bit weight: 2 + 12 + 12 + 2 = 28 bytes, about 12 FLOPs.
    public func optimizerOperations(parameters: Double) -> [Operation] {
        [Operation("adam", flops: 12 * parameters, bytes: 28 * parameters, isMatmul: false)]
    }

    // MARK: Helpers

    var elementBytes: Double { Double(precision.bytes) }

    /// Tokens in the microbatch: b s.
    func tokens(_ slice: Slice) -> Double { Double(slice.microbatch) * Double(sequenceLength) }

    /// A layer norm over b s h (or its 1/t slice with sequence parallelism): read, write, about 5 FLOPs
    /// per element (mean, variance, normalise, scale, shift).
    func layerNorm(_ name: String, _ slice: Slice) -> Operation {
        let elements = tokens(slice) * Double(hidden) / (slice.sequenceParallel ? Double(slice.tensor) : 1)
        return Operation(name, flops: 5 * elements, bytes: 2 * elements * elementBytes, isMatmul: false)
    }

    /// Dropout and the residual add: read two tensors, write one, plus the one-byte mask.
    func dropoutResidual(_ name: String, _ slice: Slice) -> Operation {
        let elements = tokens(slice) * Double(hidden) / (slice.sequenceParallel ? Double(slice.tensor) : 1)
        return Operation(name, flops: 2 * elements, bytes: 3 * elements * elementBytes + elements, isMatmul: false)
    }
}
