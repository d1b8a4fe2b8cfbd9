import Topology
import Workload

extension ConfigReader {
    func readModel(_ map: YAMLMapping) throws -> Model {
        record(map.value)
        let model: Model
        switch try map.required("kind", as: ModelKind.self) {
        case .transformer:
            let hidden = try count(map, "hidden")
            let heads = try count(map, "heads")
            let positions = try map.optional("positions", default: Positions.learned)
            model = .transformer(TransformerModel(
                layers: try count(map, "layers"), hidden: hidden, heads: heads,
                kvHeads: try count(map, "kv-heads", default: nil), ffnHidden: try count(map, "ffn-hidden", default: nil),
                feedForward: try map.optional("feed-forward", default: .gelu),
                sequenceLength: try count(map, "sequence-length"), vocabulary: try count(map, "vocabulary"),
                precision: try map.optional("dtype", default: .bf16), learnedPositions: positions == .learned,
                tiedEmbeddings: try map.optional("tied-embeddings", default: true)))
        case .recommender:
            model = .recommender(RecommenderModel(
                tables: try count(map, "tables"), rowsPerTable: try count(map, "rows-per-table"),
                embeddingDimension: try count(map, "embedding-dimension"),
                lookupsPerTable: try count(map, "lookups-per-table", default: 1) ?? 1,
                denseFeatures: try count(map, "dense-features"),
                bottomMLP: try widths(map, "bottom-mlp"), topMLP: try widths(map, "top-mlp"),
                precision: try map.optional("dtype", default: .bf16),
                embeddingPrecision: try map.optional("embedding-dtype", default: .fp32)))
        case .cnn:
            let layers = try map.sequence("layers").map(readLayer)
            guard !layers.isEmpty else {
                throw map.value.diagnostic("'model.layers' is empty", expected: "a list of { name, flops, parameters, activations }")
            }
            model = .convNet(ConvNetModel(layers: layers, precision: try map.optional("dtype", default: .bf16)))
        }
        try map.rejectUnknownKeys()
        return model
    }

    private func widths(_ map: YAMLMapping, _ key: String) throws -> [Int] {
        let list = try map.sequence(key)
        guard !list.isEmpty else {
            throw map.value.diagnostic("'\(key)' is empty", expected: "a list of layer widths, like [512, 256, 128]")
        }
        return try list.map { try $0.decode(atLeast: 1) }
    }

    private func readLayer(_ value: YAMLValue) throws -> ConvNetModel.Layer {
        let layer = try value.mapping()
        let read = ConvNetModel.Layer(name: try layer.required("name"), flops: try nonNegative(layer, "flops"),
                                      parameters: try nonNegative(layer, "parameters"),
                                      activations: try nonNegative(layer, "activations"))
        try layer.rejectUnknownKeys()
        return read
    }

    private func nonNegative(_ map: YAMLMapping, _ key: String) throws -> Double {
        let value = try map.required(key, expected: Double.expectation)
        let number: Double = try value.decode()
        guard number >= 0 else { throw value.diagnostic("\(value.name) is negative: \(number)", expected: "zero or more") }
        return number
    }
}
