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

    /// What `Workload.itemsPerIteration` counts, for throughput in reports: tokens or samples.
    public var itemName: String {
        if case .transformer = self { return "tokens" }
        return "samples"
    }
}
