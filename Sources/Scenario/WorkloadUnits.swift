import Collectives
import Topology
import Workload

/// Compute rates: a unit is required (`312 TFLOPS`), and the rate must be above zero.
extension FlopRate: YAMLDecodable {
    public static var expectation: String { "a compute rate with a unit, like '312 TFLOPS'" }

    public init(yaml value: YAMLValue) throws {
        let (number, unit, text) = try Quantity.read(value, what: "compute rate", expected: Self.expectation,
                                               units: FlopRate.units.map(\.suffix))
        guard number > 0 else {
            throw value.diagnostic("\(value.name) is not positive: '\(text)'", expected: "a positive rate, like '312 TFLOPS'")
        }
        let multiplier = FlopRate.units.first { $0.suffix == unit }?.flopsPerSecond ?? 1
        self = FlopRate(flopsPerSecond: number * multiplier)
    }
}

extension Precision: YAMLDecodable {}
extension TransformerModel.FeedForward: YAMLDecodable {}
extension ParallelPlan.Recomputation: YAMLDecodable {}
extension ParallelPlan.Placement: YAMLDecodable {}
extension ParallelPlan.TensorCollectives: YAMLDecodable {}
extension CollectiveAlgorithm: YAMLDecodable {}

extension TopologySpec {
    /// The NPUs the topology will have once built, read from the spec without building it.
    var npuCount: Int {
        switch shape {
        case .ring(let npus, _, _), .fullyConnected(let npus, _), .switched(let npus, _): npus
        case .torus(let dimensions, _, _): dimensions.reduce(1, *)
        case .fatTree(let tree): tree.npus
        case .dragonfly(let fly): fly.groups * fly.routersPerGroup * fly.npusPerRouter
        case .hierarchical(let h): h.nodes * h.npusPerNode
        case .graph(let nodes, _): nodes.filter { $0.kind == .npu }.count
        }
    }
}
