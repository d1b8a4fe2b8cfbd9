/// The number format of weights and activations in a model's forward and backward passes.
public enum Precision: String, CaseIterable, Hashable, Sendable {
    case fp32, bf16, fp16, fp8

    /// Bytes per element.
    public var bytes: Int {
        switch self {
        case .fp32: 4
        case .bf16, .fp16: 2
        case .fp8: 1
        }
    }
}
