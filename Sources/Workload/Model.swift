/// The model a workload trains: a transformer by shape, a DLRM-style recommender or a CNN layer list.
public enum Model: Hashable, Sendable {
    case transformer(TransformerModel)
    case recommender(RecommenderModel)
    case convNet(ConvNetModel)

    /// All trainable parameters.
    public var parameters: Double {
        switch self {
        case .transformer(let model): model.parameters
        case .recommender(let model): model.mlpParameters + model.embeddingParameters
        case .convNet(let model): model.parameters
        }
    }

    /// The word reports use for what a batch is made of.
    public var sampleName: String {
        if case .transformer = self { return "sequences" }
        return "samples"
    }
}
