/// A convolutional network given as a list of layers (or groups of layers), each with its forward
/// FLOPs, parameters and activation elements per sample; trained data parallel.
///
/// A compact table is enough for the compute model: ResNet-50 as six rows (stem, four residual stages,
/// classifier) carries the same totals as its 54 layers (`Configs/resnet50-dp.yaml`).
public struct ConvNetModel: Hashable, Sendable {
    public struct Layer: Hashable, Sendable {
        public var name: String
        /// Forward FLOPs per sample (2 per multiply-accumulate).
        public var flops: Double
        public var parameters: Double
        /// Elements of every output tensor the layer writes per sample (all convolutions in a group).
        public var activations: Double

        public init(name: String, flops: Double, parameters: Double, activations: Double) {
            self.name = name
            self.flops = flops
            self.parameters = parameters
            self.activations = activations
        }
    }

    public var layers: [Layer]
    public var precision: Precision

    public init(layers: [Layer], precision: Precision = .bf16) {
        self.layers = layers
        self.precision = precision
    }

    public var parameters: Double { layers.reduce(0) { $0 + $1.parameters } }
    /// Forward FLOPs per sample.
    public var forwardFLOPs: Double { layers.reduce(0) { $0 + $1.flops } }

    /// A layer's forward pass over `batch` samples as an implicit GEMM: its FLOPs, reading its weights
    /// and writing then re-reading its activations (convolution output, then batch norm and ReLU
    /// fused, as cuDNN does).
    public func operation(_ layer: Layer, batch: Int) -> Operation {
        let e = Double(precision.bytes), b = Double(batch)
        return Operation(layer.name, flops: layer.flops * b, bytes: (layer.parameters + 2 * layer.activations * b) * e,
                         isMatmul: true)
    }
}
