import ArgumentParser
import Foundation
import Reports
import Scenario
import SimKernel
import Trends
import Workload

/// `wallsim trends --fit|--project`: the seed paper's hardware growth rates, re-derived from its data,
/// and an iteration's compute, communication and memory time projected forward with them.
struct TrendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Fit the AI and Memory Wall hardware trends, or project an iteration forward with them.",
        discussion: """
            --fit fits log10(value) on year over the points of the paper's hardware-scaling figure (peak FLOPS, \
            DRAM and interconnect bandwidth) and prints the fitted growth per 2 years beside the stated rates.

            --project scales a base breakdown year by year: compute shrinks with FLOPS, communication with \
            interconnect bandwidth, memory with DRAM bandwidth, and reports when communication or memory \
            overtakes compute.

            Example: wallsim trends --project --compute 100ms --communication 20ms --memory 10ms --year 2024
            """
    )

    @Flag(help: "Fit the growth rates from the paper's data (the default).")
    var fit = false

    @Flag(help: "Project a base breakdown forward with growth rates.")
    var project = false

    @Option(help: "With --fit: the figures to fit, 2023 (the 2024 paper), 2021 (the blog) or all.")
    var edition: String = "2023"

    @Option(help: "With --project: compute time per iteration in the base year, with a unit (e.g. 100ms).")
    var compute: String = "100ms"

    @Option(help: "With --project: exposed communication time per iteration, with a unit.")
    var communication: String = "20ms"

    @Option(help: "With --project: memory-bound time per iteration, with a unit.")
    var memory: String = "10ms"

    @Option(help: """
        With --project: take the base breakdown from one simulated iteration of this config (a YAML         file or a built-in name) instead of --compute/--communication/--memory: compute and optimizer         time split into FLOP-bound and memory-bound parts by the roofline, and exposed communication.
        """)
    var config: String?

    @Option(help: "With --project: the year the base breakdown describes.")
    var year: Int = 2024

    @Option(help: "With --project: how many years to project.")
    var years: Int = 20

    @Option(help: """
        With --project: growth per 2 years, 'stated' (the 2024 paper: flops=3.0,dram=1.6,interconnect=1.4), \
        'fitted' (our fit of the 2023 figures), optionally followed by overrides, e.g. fitted,interconnect=2.
        """)
    var rates: String = "stated"

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "Also write the table to this file (atomically), in --format.")
    var output: String?

    @Option(help: "Write an SVG plot to this file: the data and fitted lines, or the projected times.")
    var plot: String?

    func validate() throws {
        guard !(fit && project) else { throw ValidationError("give --fit or --project, not both") }
        guard editions() != nil else { throw ValidationError("--edition must be 2021, 2023 or all; got '\(edition)'") }
        guard years >= 0 && years <= 200 else { throw ValidationError("--years must be between 0 and 200, got \(years)") }
        if project {
            _ = try breakdown()
            _ = try growthRates()
        }
    }

    func run() throws {
        let (table, chart, heading) = project ? try projection() : try fits()
        var text = table.render(format.tableFormat)
        if format == .table { text = heading + "\n" + text }
        print(text, terminator: "")
        if let output { try AtomicFile.write(text, to: output) }
        if let plot { try chart.write(to: plot) }
    }

    func fits() throws -> (Table, LinePlot, String) {
        var trends: [HardwareTrend] = []
        for edition in editions() ?? [] { trends += try HardwareTrend.all(edition: edition) }
        let heading = "# wallsim trends --fit: Gholami et al., AI and Memory Wall, hardware-scaling figure "
            + "(edition \(edition); 2023 = IEEE Micro 2024 paper, 2021 = blog)"
        return (TrendsReport.fitTable(trends), TrendsReport.fitPlot(trends), heading)
    }

    func projection() throws -> (Table, LinePlot, String) {
        let base = try breakdown()
        let projection = WallProjection(base: base, baseYear: year, rates: try growthRates(), years: years)
        let source = config.map { "config \($0), " } ?? ""
        let heading = "# wallsim trends --project: \(source)base \(year): compute \(base.compute), communication "
            + "\(base.communication), memory \(base.memory); \(years) years"
        return (TrendsReport.projectionTable(projection), TrendsReport.projectionPlot(projection), heading)
    }

    func breakdown() throws -> WallProjection.Breakdown {
        if let config { return try Self.breakdown(of: config) }
        return WallProjection.Breakdown(compute: try duration(compute, option: "--compute"),
                                 communication: try duration(communication, option: "--communication"),
                                 memory: try duration(memory, option: "--memory"))
    }

    /// The base breakdown of one simulated iteration of `config` (flow model), on the rank that
    /// finishes last: compute and optimizer time, split by the workload's memory-bound share, and the
    /// exposed communication of every kind.
    static func breakdown(of config: String) throws -> WallProjection.Breakdown {
        let scenario = try ConfigFile.resolve(config)
        let result = try IterationResult.simulate(scenario.workload, on: try scenario.topologyFile.build(), network: "flow")
        let parts = result.breakdown
        let busy = (parts.time(of: "compute") + parts.time(of: "optimizer")).picoseconds
        let memory = Int64((Double(busy) * scenario.workload.memoryBoundShare).rounded())
        let communication = ["tp", "pp", "dp", "alltoall"].reduce(SimDuration.zero) { $0 + parts.time(of: $1) }
        return WallProjection.Breakdown(compute: .picoseconds(busy - memory), communication: communication,
                                        memory: .picoseconds(memory))
    }

    /// `stated` or `fitted`, then NAME=FACTOR overrides; a list of overrides alone starts from `stated`.
    func growthRates() throws -> GrowthRates {
        var items = rates.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var defaults = GrowthRates.stated2024
        if items.first == "fitted" {
            defaults = GrowthRates(try HardwareTrend.all(edition: .paper2024))
            items.removeFirst()
        } else if items.first == "stated" {
            items.removeFirst()
        }
        guard !items.isEmpty else { return defaults }
        do {
            return try GrowthRates(parsing: items.joined(separator: ","), over: defaults)
        } catch {
            throw ValidationError("--rates: \(error)")
        }
    }

    func duration(_ text: String, option: String) throws -> SimDuration {
        guard let value = SimDuration(parsing: text), value >= .zero else {
            throw ValidationError("\(option) '\(text)' is not a duration of zero or more with a unit, like 100ms or 1.5 s")
        }
        return value
    }

    func editions() -> [MemoryWallData.Edition]? {
        switch edition {
        case "all": [.blog2021, .paper2024]
        default: MemoryWallData.Edition(rawValue: edition).map { [$0] }
        }
    }
}
