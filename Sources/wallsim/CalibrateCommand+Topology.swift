import ArgumentParser
import Calibration
import Foundation
import Reports

/// The topology file `calibrate` writes: a fully-connected fabric whose links carry the fastest
/// regime's latency and bandwidth (the same rate as each NPU's injection cap), and the fitted
/// `message-regimes`, which price each message by its size on top of the links (see `RegimeNetwork`).
struct LocalTopology {
    let fit: RegimeFit
    let ranks: Int
    let npus: Int
    let transport: Transport
    let path: String
    let sizes: (Int64, Int64)
    /// The algorithms measured, as given to `--algorithm`.
    let algorithms: String

    /// The file's `name:`, which must match its file name.
    var name: String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }

    /// A regime whose fit found no per-byte cost (beta clamped at 0: its bytes are lost in the noise
    /// of its latency) is written with this rate, far above any memory or network, so its messages
    /// cost their latency alone.
    static let unmeasurableBandwidth = 1e15

    func yaml() throws -> String {
        let models = fit.regimes.map(\.fit.model)
        guard models.contains(where: { $0.bandwidth != nil }) else {
            throw ValidationError("the fit found no per-byte cost (beta = 0) in any regime; measure larger sizes (-e)")
        }
        let date = ISO8601DateFormatter().string(from: Date())
        let fastestLatency = models.map(\.alpha).min() ?? 0
        let fastestBandwidth = models.map { $0.bandwidth ?? Self.unmeasurableBandwidth }.max() ?? Self.unmeasurableBandwidth
        let regimes = zip(fit.regimes, models).map { regime, model in
            var lines = ["  - from: \(regime.from) B",
                         "    latency: \(microseconds(model.alpha))",
                         "    bandwidth: \(gigabytes(model.bandwidth ?? Self.unmeasurableBandwidth))"]
            if let rate = model.reductionRate { lines.append("    reduction-rate: \(gigabytes(rate))") }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
        let bulkReduction = models.last?.reductionRate.map { "reduction-rate: \(gigabytes($0))\n" } ?? ""
        return """
            # Written by `wallsim calibrate` (\(date)) from all-gather and all-reduce (\(algorithms)) over MPI, \(ranks) ranks,
            # transport \(transport.rawValue), sizes \(sizes.0) B to \(sizes.1) B per rank.
            # Model: t = messages x alpha + bytes x beta + reduced bytes x gamma in each of \(fit.regimes.count) message-size
            # regime(s), fitted by least squares on relative error over \(fit.observations.count) measurements: median |error| \
            \(fixed(fit.medianAbsoluteError * 100, 1))%.
            # The links carry the fastest regime's latency and bandwidth (also each NPU's injection cap, so that a
            # rank talking to several peers at once shares it); message-regimes add each size's own cost on top.
            # reduction-rate (1/gamma of the largest messages) is for simulations that do not read message-regimes.
            name: \(name)
            description: this machine's MPI transport (\(transport.rawValue)) as calibrated by wallsim calibrate on \(ranks) ranks, \(npus) NPUs
            source: "measured with wallsim calibrate on \(JobExit.hostName), \(date)"
            \(bulkReduction)message-regimes:
            \(regimes)
            topology:
              kind: fully-connected
              npus: \(npus)
              bandwidth: \(gigabytes(fastestBandwidth))
              latency: \(microseconds(fastestLatency))
              npu-injection: \(gigabytes(fastestBandwidth))

            """
    }

    /// Bytes per second as `GB/s` with enough digits to survive the trip through integer bits per second.
    private func gigabytes(_ bytesPerSecond: Double) -> String { String(format: "%.4f GB/s", bytesPerSecond / 1e9) }
    private func microseconds(_ seconds: Double) -> String { String(format: "%.4f us", seconds * 1e6) }
}
