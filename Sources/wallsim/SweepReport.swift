import Fabric
import Reports
import SimKernel
import Workload

/// The points of a sweep and what a reader wants from them: throughput, scaling efficiency,
/// communication share, and the wall, the first point where exposed communication outlasts compute.
struct SweepReport {
    /// What the report needs of one simulated point: kept instead of the `IterationResult`, whose task
    /// graph and timeline can take hundreds of megabytes at thousands of ranks.
    struct Outcome: Sendable {
        let workload: Workload
        let measurement: Measurement

        init(_ result: IterationResult) {
            workload = result.workload
            measurement = Measurement(result)
        }

        init(workload: Workload, measurement: Measurement) {
            self.workload = workload
            self.measurement = measurement
        }

        var iterationTime: SimDuration { SimDuration(picoseconds: measurement.iterationPicoseconds) }

        /// Tokens or samples per second, computed as `IterationResult.itemsPerSecond` is, so that a
        /// point measured on another MPI rank prints the same digits.
        var itemsPerSecond: Double { workload.itemsPerIteration / iterationTime.seconds }

        /// The time of `category` on the reported rank (zero if it never ran).
        func time(of category: String) -> SimDuration {
            SimDuration(picoseconds: measurement.parts.first { $0.category == category }?.picoseconds ?? 0)
        }
    }

    /// The numbers of one point that its workload does not determine, in integer picoseconds: what an
    /// MPI rank sends to rank 0 (as JSON) when a sweep is split across ranks.
    struct Measurement: Codable, Sendable, Equatable {
        struct Part: Codable, Sendable, Equatable {
            let category: String
            let picoseconds: Int64
        }

        let iterationPicoseconds: Int64
        /// The breakdown of the rank that finished last, idle included, in the breakdown's order.
        let parts: [Part]

        init(_ result: IterationResult) {
            iterationPicoseconds = result.iterationTime.picoseconds
            parts = result.breakdown.parts.map { Part(category: $0.category, picoseconds: $0.time.picoseconds) }
        }
    }

    let axis: SweepAxis
    let results: [Outcome]

    init(axis: SweepAxis, results: [Outcome]) {
        precondition(axis.count == results.count && !results.isEmpty,
                     "a sweep of \(axis.count) points has \(results.count) results")
        self.axis = axis
        self.results = results
    }

    /// The communication categories of a breakdown: each counts only where no computation hides it.
    static let communication = ["tp", "pp", "dp", "alltoall"]

    /// Computation on the reported rank: the forward and backward passes and the optimizer step.
    func compute(_ index: Int) -> SimDuration {
        results[index].time(of: "compute") + results[index].time(of: "optimizer")
    }

    /// Communication on the reported rank that no computation hides.
    func exposedCommunication(_ index: Int) -> SimDuration {
        Self.communication.reduce(.zero) { $0 + results[index].time(of: $1) }
    }

    /// Exposed communication as a fraction of the iteration.
    func communicationShare(_ index: Int) -> Double {
        let total = results[index].iterationTime.picoseconds
        return total > 0 ? Double(exposedCommunication(index).picoseconds) / Double(total) : 0
    }

    func throughputPerGPU(_ index: Int) -> Double {
        results[index].itemsPerSecond / Double(results[index].workload.plan.ranks)
    }

    /// Throughput per GPU relative to the first point: 1 is perfect scaling.
    func efficiency(_ index: Int) -> Double { throughputPerGPU(index) / throughputPerGPU(0) }

    /// The first point where exposed communication exceeds computation, if any.
    var wall: Int? { results.indices.first { exposedCommunication($0) > compute($0) } }

    var itemName: String { results[0].workload.model.itemName }

    /// One row per point, the same columns in every format, units in the headers.
    func table() -> Table {
        var columns: [Table.Column] = axis.columnTitle.map { [Table.Column($0)] } ?? []
        columns += [.init("gpus"), .init("tp"), .init("pp"), .init("dp"), .init("global_batch"), .init("iteration(s)"),
                    .init("throughput(\(itemName)/s)"), .init("per_gpu(\(itemName)/s)"), .init("efficiency(%)"),
                    .init("compute(s)"), .init("exposed_comm(s)"), .init("bubble(s)"), .init("comm_share(%)"),
                    .init("wall", alignment: .left)]
        var table = Table(columns: columns)
        for (index, result) in results.enumerated() {
            let plan = result.workload.plan
            var row = axis.columnTitle == nil ? [] : [Self.plain(axis.value(at: index))]
            row += ["\(plan.ranks)", "\(plan.tensor)", "\(plan.pipeline)", "\(plan.data)", "\(plan.globalBatch)",
                    fixed(result.iterationTime.seconds, 6), fixed(result.itemsPerSecond, 1), fixed(throughputPerGPU(index), 2),
                    fixed(100 * efficiency(index), 2), fixed(compute(index).seconds, 6),
                    fixed(exposedCommunication(index).seconds, 6),
                    fixed(result.time(of: TimelineBreakdown.idle).seconds, 6),
                    fixed(100 * communicationShare(index), 2), wall == index ? "yes" : "no"]
            table.append(row)
        }
        if let wall {
            table.footer.append("# the wall: at \(axis.label(at: wall)) exposed communication ("
                + "\(RunCommand.seconds(exposedCommunication(wall)))) exceeds compute (\(RunCommand.seconds(compute(wall))))")
        } else {
            table.footer.append("# no wall in this sweep: compute exceeds exposed communication at every point")
        }
        return table
    }

    /// Scaling efficiency and communication share against the swept quantity, the wall as a marker.
    func plot(title: String) -> LinePlot {
        let xs = results.indices.map { axis.value(at: $0) }
        var plot = LinePlot(title: title, x: axis.plotAxis,
                            y: PlotAxis(title: "efficiency, communication share", unit: "%", includesZero: true))
        plot.series = [
            .init(name: "scaling efficiency (throughput per GPU vs first point)", x: xs,
                  y: results.indices.map { 100 * efficiency($0) }),
            .init(name: "exposed communication share of iteration", x: xs,
                  y: results.indices.map { 100 * communicationShare($0) }),
        ]
        if let wall { plot.markers = [.init(x: axis.value(at: wall), label: "the wall: \(axis.label(at: wall))")] }
        return plot
    }

    /// A whole value without a decimal point (`200`), any other as Swift prints it (`1.5`).
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
