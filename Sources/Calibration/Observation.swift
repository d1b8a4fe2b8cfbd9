/// One measured time (an observation) and what the schedule that took it costs in the model's terms.
public struct Observation: Hashable, Sendable {
    /// A label for reports, e.g. `allreduce ring 65536 B`.
    public var label: String
    public var features: CostFeatures
    public var seconds: Double

    public init(label: String, features: CostFeatures, seconds: Double) {
        self.label = label
        self.features = features
        self.seconds = seconds
    }
}
