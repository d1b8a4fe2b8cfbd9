import Topology

extension Accelerator {
    /// The built-in accelerators, keyed `v100`, `a100`, `h100`, `h200`, `b200`, `mi300x`, `tpu-v4`.
    ///
    /// Peaks, capacities and bandwidths are the rows of Data/hardware.csv (each with its source there).
    /// The matmul efficiency is `measured_max_bf16_matmul_tflops / bf16_dense_tflops` where that column
    /// has a figure (A100, H100, B200, MI300X); the others are assumptions stated on each entry.
    public static let catalogue: [Accelerator] = [
        Accelerator(
            name: "v100", product: "NVIDIA V100 SXM2", peakBF16: .teraflops(125), peakVector: .teraflops(15.7),
            hbmCapacity: .gigabytes(32), hbmBandwidth: .terabytesPerSecond(0.9),
            source: "Data/hardware.csv (NVIDIA Volta whitepaper); 125 TFLOPS is the fp16 tensor peak, V100 has no bf16; "
                + "matmul efficiency assumed 0.8 (no measurement in the table)"),
        Accelerator(
            name: "a100", product: "NVIDIA A100 SXM 80GB", peakBF16: .teraflops(312), peakVector: .teraflops(19.5),
            hbmCapacity: .gigabytes(80), hbmBandwidth: .terabytesPerSecond(2.039),
            matmulEfficiency: 271.2 / 312,
            source: "Data/hardware.csv (NVIDIA A100 datasheet); matmul efficiency 271.2 / 312 from the measured best bf16 GEMM"),
        Accelerator(
            name: "h100", product: "NVIDIA H100 SXM", peakBF16: .teraflops(989), peakVector: .teraflops(67),
            hbmCapacity: .gigabytes(80), hbmBandwidth: .terabytesPerSecond(3.35),
            matmulEfficiency: 794.5 / 989,
            source: "Data/hardware.csv (NVIDIA H100 datasheet); matmul efficiency 794.5 / 989 from the measured best bf16 GEMM"),
        Accelerator(
            name: "h200", product: "NVIDIA H200 SXM", peakBF16: .teraflops(989), peakVector: .teraflops(67),
            hbmCapacity: .gigabytes(141), hbmBandwidth: .terabytesPerSecond(4.8),
            matmulEfficiency: 794.5 / 989,
            source: "Data/hardware.csv (NVIDIA H200 datasheet); matmul efficiency assumed equal to H100's measured 794.5 / 989 "
                + "(the same compute die)"),
        Accelerator(
            name: "b200", product: "NVIDIA B200 (HGX)", peakBF16: .teraflops(2250), peakVector: .teraflops(80),
            hbmCapacity: .gigabytes(180), hbmBandwidth: .terabytesPerSecond(8.0),
            matmulEfficiency: 1745.0 / 2250,
            source: "Data/hardware.csv (NVIDIA DGX B200 datasheet); matmul efficiency 1745 / 2250 from the measured best bf16 GEMM"),
        Accelerator(
            name: "mi300x", product: "AMD MI300X", peakBF16: .teraflops(1307.4), peakVector: .teraflops(163.4),
            hbmCapacity: .gigabytes(192), hbmBandwidth: .terabytesPerSecond(5.3),
            matmulEfficiency: 668.4 / 1307.4,
            source: "Data/hardware.csv (AMD MI300X datasheet); matmul efficiency 668.4 / 1307.4 from the measured best bf16 GEMM"),
        Accelerator(
            name: "tpu-v4", product: "Google TPU v4", peakBF16: .teraflops(275),
            hbmCapacity: .gigabytes(32), hbmBandwidth: .terabytesPerSecond(1.2),
            source: "Data/hardware.csv (cloud.google.com TPU v4); matmul efficiency assumed 0.8 and vector peak assumed "
                + "1/16 of the bf16 peak (neither is in the table)"),
    ]

    /// The catalogue entry called `name` (case-insensitive), if there is one.
    public static func named(_ name: String) -> Accelerator? {
        catalogue.first { $0.name == name.lowercased() }
    }
}

extension Bandwidth {
    /// Decimal terabytes per second, as HBM bandwidths are quoted.
    static func terabytesPerSecond(_ n: Double) -> Bandwidth { Bandwidth(bitsPerSecond: Int64((n * 8e12).rounded())) }
}
