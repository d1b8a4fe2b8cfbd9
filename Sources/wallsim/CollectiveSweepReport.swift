import Collectives
import Reports
import SimKernel

/// A collective's time over message sizes, split into latency and bandwidth parts: where it is
/// latency-bound, where bandwidth-bound, and the bus bandwidth it reaches.
///
/// The latency part of a time `t` is `t - t0`, where `t0` is the time of the same schedule on the same
/// routes with every link's latency zero. For ring all-reduce on a switch under the analytical model
/// that is exactly the `2(p-1) alpha` of the alpha-beta model (Thakur, Rabenseifner & Gropp 2005),
/// with alpha the latency of a route through the switch.
struct CollectiveSweepReport {
    let op: CollectiveOp
    let ranks: Int
    /// Every size and algorithm, sizes in sweep order.
    let runs: [SweepCommand.CollectivePoint.Run]

    /// The algorithms in the order they first appear.
    var algorithms: [String] {
        var seen = Set<String>()
        return runs.map(\.algorithm).filter { seen.insert($0).inserted }
    }

    func result(_ run: SweepCommand.CollectivePoint.Run) -> CollectiveResult {
        CollectiveResult(algorithm: run.algorithm, op: op, ranks: ranks, bytes: run.bytes, count: run.count,
                         dataType: "float32", reduction: op.reduces ? "sum" : "none",
                         time: SimDuration(picoseconds: run.picoseconds))
    }

    static func latency(_ run: SweepCommand.CollectivePoint.Run) -> SimDuration {
        SimDuration(picoseconds: run.picoseconds - run.bandwidthPicoseconds)
    }

    /// The latency part as a fraction of the time.
    static func latencyShare(_ run: SweepCommand.CollectivePoint.Run) -> Double {
        run.picoseconds > 0 ? Double(latency(run).picoseconds) / Double(run.picoseconds) : 0
    }

    /// One row per size and algorithm; the footer names, per algorithm, the first size where
    /// bandwidth outweighs latency.
    func table() -> Table {
        var table = Table(columns: [.init("size(B)"), .init("count"), .init("algorithm", alignment: .left),
                                    .init("time(us)"), .init("algbw(GB/s)"), .init("busbw(GB/s)"),
                                    .init("latency(us)"), .init("latency_share(%)")])
        for run in runs {
            let result = result(run)
            table.append(["\(run.bytes)", "\(run.count)", run.algorithm, fixed(result.time.microseconds, 2),
                          fixed(result.algorithmBandwidth, 2), fixed(result.busBandwidth, 2),
                          fixed(Self.latency(run).microseconds, 2), fixed(100 * Self.latencyShare(run), 2)])
        }
        for algorithm in algorithms {
            let own = runs.filter { $0.algorithm == algorithm }
            if let crossing = own.first(where: { Self.latencyShare($0) < 0.5 }) {
                table.footer.append("# \(algorithm): bandwidth outweighs latency from \(crossing.bytes) B "
                    + "(latency \(fixed(100 * Self.latencyShare(crossing), 2))% of the time)")
            } else {
                table.footer.append("# \(algorithm): latency outweighs bandwidth at every size")
            }
        }
        return table
    }

    /// Bus bandwidth against the size per rank, one line per algorithm, on a log x axis.
    func plot(title: String) -> LinePlot {
        var plot = LinePlot(title: title, x: PlotAxis(title: "buffer size per rank", unit: "B", scale: .log),
                            y: PlotAxis(title: "bus bandwidth", unit: "GB/s", includesZero: true))
        plot.series = algorithms.map { algorithm in
            let own = runs.filter { $0.algorithm == algorithm }
            return .init(name: algorithm, x: own.map { Double($0.bytes) }, y: own.map { result($0).busBandwidth })
        }
        return plot
    }
}
