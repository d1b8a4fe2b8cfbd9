import SimKernel

extension TopologySpec {
    /// Builds the graph and its router, checking every parameter and that every NPU reaches every NPU.
    public func build() throws(TopologyError) -> Topology {
        throw .invalidParameter(name: "shape", value: "\(shape)", expected: "a shape this build supports (builders in progress)")
    }
}
