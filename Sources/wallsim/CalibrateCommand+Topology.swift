import ArgumentParser
import Calibration
import Foundation
import Reports

/// The topology file `calibrate` writes: a fully-connected fabric with the fitted latency and
/// bandwidth, the same rate as each NPU's injection cap, and the fitted `reduction-rate`.
struct LocalTopology {
    let fit: CostFit
    let ranks: Int
    let npus: Int
    let transport: Transport
    let path: String
    let sizes: (Int64, Int64)

    /// The file's `name:`, which must match its file name.
    var name: String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }

    func yaml() throws -> String {
        guard let bandwidth = fit.model.bandwidth else {
            throw ValidationError("the fit found no per-byte cost (beta = 0); measure larger sizes (-e)")
        }
        let date = ISO8601DateFormatter().string(from: Date())
        let model = fit.model
        let reduction = model.reductionRate.map { "reduction-rate: \(gigabytes($0))\n" } ?? ""
        return """
            # Written by `wallsim calibrate` (\(date)) from ring all-gather and all-reduce over MPI, \(ranks) ranks,
            # transport \(transport.rawValue), sizes \(sizes.0) B to \(sizes.1) B per rank.
            # Model: t = messages x alpha + bytes x beta + reduced bytes x gamma, fitted by least squares on
            # relative error over \(fit.measurements.count) measurements: R^2 = \(fixed(fit.rSquared, 5)), median |error| \
            \(fixed(fit.medianAbsoluteError * 100, 1))%.
            # latency = alpha (one hop in a fully-connected fabric); bandwidth = 1/beta, also each NPU's
            # injection cap so that a rank talking to several peers at once shares it; reduction-rate = 1/gamma.
            name: \(name)
            description: this machine's MPI transport (\(transport.rawValue)) as calibrated by wallsim calibrate on \(ranks) ranks, \(npus) NPUs
            source: "measured with wallsim calibrate on \(JobExit.hostName), \(date)"
            \(reduction)topology:
              kind: fully-connected
              npus: \(npus)
              bandwidth: \(gigabytes(bandwidth))
              latency: \(String(format: "%.4f", model.alpha * 1e6)) us
              npu-injection: \(gigabytes(bandwidth))

            """
    }

    /// Bytes per second as `GB/s` with enough digits to survive the trip through integer bits per second.
    private func gigabytes(_ bytesPerSecond: Double) -> String { String(format: "%.4f GB/s", bytesPerSecond / 1e9) }
}
