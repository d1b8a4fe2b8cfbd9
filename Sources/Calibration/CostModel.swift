/// The alpha-beta-gamma model of a collective's time (Hockney 1994; Thakur, Rabenseifner & Gropp,
/// IJHPCA 2005): `alpha` seconds per message, `beta` seconds per byte moved, `gamma` seconds per byte
/// reduced, applied to a schedule's `CostFeatures`.
public struct CostModel: Hashable, Sendable {
    /// Seconds of latency per message.
    public var alpha: Double
    /// Seconds per byte moved (the inverse of the bandwidth).
    public var beta: Double
    /// Seconds per byte reduced (the inverse of the reduction rate); 0 means free reductions.
    public var gamma: Double

    public init(alpha: Double, beta: Double, gamma: Double) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
    }

    /// The predicted seconds for a schedule with `features`.
    public func seconds(for features: CostFeatures) -> Double {
        alpha * features.messages + beta * features.bytes + gamma * features.reducedBytes
    }

    /// Bytes per second moved (1 / beta), or nil when beta is 0.
    public var bandwidth: Double? { beta > 0 ? 1 / beta : nil }
    /// Bytes per second reduced (1 / gamma), or nil when reductions are free.
    public var reductionRate: Double? { gamma > 0 ? 1 / gamma : nil }
}
