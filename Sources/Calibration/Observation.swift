/// One measured time (an observation) and what the schedule that took it costs in the model's terms.
public struct Observation: Hashable, Sendable {
    /// A label for reports, e.g. `allreduce ring 65536 B`.
    public var label: String
    public var features: CostFeatures
    public var seconds: Double
    /// The size of the schedule's messages (its largest), which selects a `RegimeFit` regime.
    public var messageBytes: Int64

    public init(label: String, features: CostFeatures, seconds: Double, messageBytes: Int64 = 0) {
        self.messageBytes = messageBytes
        self.label = label
        self.features = features
        self.seconds = seconds
    }
}
