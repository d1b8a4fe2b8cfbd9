/// A decoder (or encoder) transformer given by its shape, as Megatron-LM describes models.
///
/// Notation follows Narayanan et al., SC21: l layers, h hidden size, a attention heads, s sequence
/// length, V vocabulary; `ffnHidden` is 4h for GPT and BERT. `kvHeads` below `heads` is grouped-query
/// attention (Llama 2 70B has 8); a `swiglu` FFN has three weight matrices instead of two.
public struct TransformerModel: Hashable, Sendable {
    public enum FeedForward: String, CaseIterable, Hashable, Sendable {
        /// Two matrices with a GeLU between them (GPT, BERT).
        case gelu
        /// A gated unit: two up-projections multiplied element-wise, then one down (Llama).
        case swiglu
    }

    public var layers: Int
    public var hidden: Int
    public var heads: Int
    public var kvHeads: Int
    public var ffnHidden: Int
    public var feedForward: FeedForward
    public var sequenceLength: Int
    public var vocabulary: Int
    public var precision: Precision
    /// Learned position embeddings (GPT, BERT) add s h parameters; rotary ones (Llama) add none.
    public var learnedPositions: Bool
    /// Whether the output layer shares the input embedding's weights (GPT) or has its own (Llama).
    public var tiedEmbeddings: Bool

    public init(layers: Int, hidden: Int, heads: Int, kvHeads: Int? = nil, ffnHidden: Int? = nil,
                feedForward: FeedForward = .gelu, sequenceLength: Int, vocabulary: Int, precision: Precision = .bf16,
                learnedPositions: Bool = true, tiedEmbeddings: Bool = true) {
        self.layers = layers
        self.hidden = hidden
        self.heads = heads
        self.kvHeads = kvHeads ?? heads
        self.ffnHidden = ffnHidden ?? 4 * hidden
        self.feedForward = feedForward
        self.sequenceLength = sequenceLength
        self.vocabulary = vocabulary
        self.precision = precision
        self.learnedPositions = learnedPositions
        self.tiedEmbeddings = tiedEmbeddings
    }

    /// The width of the key and value projections: kvHeads x (h / a).
    var kvWidth: Double { Double(kvHeads) * Double(hidden) / Double(heads) }

    /// Weights and biases of one layer: QKV and output projections, the FFN, two layer norms.
    /// For the GPT shape (a = kvHeads, ffn = 4h, gelu) this is 12h^2 + 13h (Narayanan et al. eq. 2).
    public var parametersPerLayer: Double {
        let h = Double(hidden), f = Double(ffnHidden), qkv = h + 2 * kvWidth
        let attention = h * qkv + qkv + h * h + h
        let upProjections: Double = feedForward == .swiglu ? 2 : 1
        let mlp = upProjections * (h * f + f) + f * h + h
        return attention + mlp + 4 * h
    }

    /// Word embeddings (twice when untied) and learned position embeddings.
    public var embeddingParameters: Double {
        let h = Double(hidden)
        return Double(vocabulary) * h * (tiedEmbeddings ? 1 : 2) + (learnedPositions ? Double(sequenceLength) * h : 0)
    }

    /// All parameters. For the GPT shape this is Narayanan et al. (SC21) eq. 2:
    /// `P = 12 l h^2 (1 + 13/(12h) + (V + s)/(12 l h))`.
    public var parameters: Double { Double(layers) * parametersPerLayer + embeddingParameters }
}
