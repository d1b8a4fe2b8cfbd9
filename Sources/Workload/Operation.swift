/// One kernel's worth of work: its floating-point operations and the bytes it moves to and from HBM.
///
/// The compute model lists operations per layer (GEMMs, attention scores, softmax, layer norm, ...);
/// `Accelerator.seconds(for:)` turns each into a roofline time.
public struct Operation: Hashable, Sendable {
    /// What the timeline and tests call it (`qkv`, `softmax`, ...).
    public var name: String
    public var flops: Double
    public var bytes: Double
    /// Whether it runs on the tensor units (a matrix multiplication) rather than the vector units.
    public var isMatmul: Bool

    public init(_ name: String, flops: Double, bytes: Double, isMatmul: Bool) {
        self.name = name
        self.flops = flops
        self.bytes = bytes
        self.isMatmul = isMatmul
    }

    /// A matrix multiplication of an (m x k) by a (k x n) matrix in `bytesPerElement`-byte elements:
    /// 2mkn FLOPs, reading both inputs and writing the result once.
    public static func gemm(_ name: String, m: Double, k: Double, n: Double, bytesPerElement: Double) -> Operation {
        Operation(name, flops: 2 * m * k * n, bytes: (m * k + k * n + m * n) * bytesPerElement, isMatmul: true)
    }

    /// The backward pass of this operation: twice the FLOPs (gradients with respect to both inputs of
    /// a GEMM; Narayanan et al. SC21 Sec. 5.1) and twice the traffic (read the incoming gradient and the
    /// saved input, write the outgoing gradient and, for GEMMs, the weight gradient).
    public var backward: Operation {
        Operation(name, flops: 2 * flops, bytes: 2 * bytes, isMatmul: isMatmul)
    }
}

extension Array where Element == Operation {
    /// The sum of the operations' FLOPs.
    public var flops: Double { reduce(0) { $0 + $1.flops } }
    /// The sum of the matrix-multiplication FLOPs only, as model FLOPs count them.
    public var matmulFLOPs: Double { reduce(0) { $0 + ($1.isMatmul ? $1.flops : 0) } }
}
