import Topology

/// One accelerator (GPU, TPU chip) as the compute and memory models see it: peaks, capacity and how
/// much of each peak real kernels reach.
///
/// Operation times follow the roofline model (Williams, Waterman & Patterson, CACM 52(4), 2009): an
/// operation takes the longer of its FLOPs at the achievable compute rate and its bytes at the
/// achievable memory rate, so memory-bound operations (layer norm, softmax, the optimizer step) are
/// memory-bound here too.
///
///     let a100 = Accelerator.named("a100")!
///     a100.matmulRate.teraflops   // 271.2: the best measured bf16 GEMM, 86.9% of 312
public struct Accelerator: Hashable, Sendable {
    /// The catalogue key (`a100`) or the name an inline accelerator was given.
    public var name: String
    /// The full product name (`NVIDIA A100 SXM 80GB`).
    public var product: String
    /// Peak dense bf16 tensor throughput, the denominator of model FLOPs utilisation.
    public var peakBF16: FlopRate
    /// Peak of the vector units, which run the element-wise operations.
    public var peakVector: FlopRate
    public var hbmCapacity: ByteCount
    public var hbmBandwidth: Bandwidth
    /// The fraction of `peakBF16` that large matrix multiplications reach.
    public var matmulEfficiency: Double
    /// The fraction of `hbmBandwidth` that streaming (memory-bound) kernels reach.
    public var memoryEfficiency: Double
    /// Where the numbers and efficiency factors come from.
    public var source: String

    public init(name: String, product: String? = nil, peakBF16: FlopRate, peakVector: FlopRate? = nil,
                hbmCapacity: ByteCount, hbmBandwidth: Bandwidth, matmulEfficiency: Double = Accelerator.defaultMatmulEfficiency,
                memoryEfficiency: Double = Accelerator.defaultMemoryEfficiency, source: String = "given inline") {
        precondition(matmulEfficiency > 0 && matmulEfficiency <= 1, "matmul efficiency \(matmulEfficiency) is not in (0, 1]")
        precondition(memoryEfficiency > 0 && memoryEfficiency <= 1, "memory efficiency \(memoryEfficiency) is not in (0, 1]")
        self.name = name
        self.product = product ?? name
        self.peakBF16 = peakBF16
        // Without a figure, vector units are taken to be a sixteenth of the tensor peak, the ratio of
        // A100's fp32 (19.5) to bf16 tensor (312) rates; element-wise work is memory-bound either way.
        self.peakVector = peakVector ?? FlopRate(flopsPerSecond: peakBF16.flopsPerSecond / 16)
        self.hbmCapacity = hbmCapacity
        self.hbmBandwidth = hbmBandwidth
        self.matmulEfficiency = matmulEfficiency
        self.memoryEfficiency = memoryEfficiency
        self.source = source
    }

    /// Assumed when no measurement is given: the H100 figure (794.5 of 989 TFLOPS, Data/hardware.csv),
    /// the lower of the two NVIDIA parts measured, so that unmeasured parts are not flattered.
    public static let defaultMatmulEfficiency = 0.8
    /// Assumed for every part: streaming kernels such as STREAM triad reach roughly 80-90% of HBM peak
    /// on A100 and H100 (vendor STREAM figures); the lower end is taken.
    public static let defaultMemoryEfficiency = 0.8

    /// The matmul rate real kernels reach: peak times efficiency.
    public var matmulRate: FlopRate { FlopRate(flopsPerSecond: peakBF16.flopsPerSecond * matmulEfficiency) }

    /// The memory rate streaming kernels reach, in bytes per second.
    public var memoryBytesPerSecond: Double { hbmBandwidth.bytesPerSecond * memoryEfficiency }

    /// The roofline time of `operation` in seconds: the larger of compute and memory time.
    /// Matrix multiplications run on the tensor units at `matmulRate`, everything else on the vector
    /// units at their peak (element-wise kernels are memory-bound long before that matters).
    public func seconds(for operation: Operation) -> Double {
        let rate = operation.isMatmul ? matmulRate.flopsPerSecond : peakVector.flopsPerSecond
        return max(operation.flops / rate, operation.bytes / memoryBytesPerSecond)
    }

    /// The roofline time of a list of operations run one after another, in seconds.
    public func seconds(for operations: [Operation]) -> Double {
        operations.reduce(0) { $0 + seconds(for: $1) }
    }
}
