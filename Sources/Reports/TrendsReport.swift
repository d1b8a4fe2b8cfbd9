import Foundation
import SimKernel
import Trends

/// Tables and plots of `wallsim trends`: the seed paper's growth rates fitted from its data, and a
/// breakdown of an iteration projected forward with them.
public enum TrendsReport {
    /// One row per fitted trend: the rate as stated in the figure, the slope of the authors' drawn line,
    /// and our least-squares fit with its R^2 and number of points.
    public static func fitTable(_ trends: [HardwareTrend]) -> Table {
        var table = Table(columns: [
            .init("edition"), .init("quantity", alignment: .left), .init("points"), .init("from(year)"), .init("to(year)"),
            .init("stated(x/2yr)"), .init("stated(x/20yr)"), .init("authors_line(x/2yr)"), .init("fit(x/2yr)"),
            .init("fit(x/20yr)"), .init("r2"),
        ])
        table.separatorsAfter = [4, 7]
        for trend in trends {
            table.append([
                trend.edition.figureVersion, trend.quantity.title, "\(trend.fit.count)",
                fixed(trend.fit.firstYear, 2), fixed(trend.fit.lastYear, 2),
                fixed(trend.stated.perTwoYears, 1), fixed(trend.stated.perTwentyYears, 0),
                fixed(trend.stated.drawnLinePerTwoYears, 3), fixed(trend.fit.growth(overYears: 2), 3),
                fixed(trend.fit.growth(overYears: 20), 1), fixed(trend.fit.rSquared, 4),
            ])
        }
        table.footer = [
            "# stated: the figure's own words; authors_line: the slope of the line drawn in the figure;",
            "# fit: least squares of log10(value) on year over the figure's points (Gholami et al., AI and Memory Wall).",
        ]
        return table
    }

    /// The data of each trend as points and its fitted line (dashed, same colour), on a log scale.
    public static func fitPlot(_ trends: [HardwareTrend]) -> LinePlot {
        var plot = LinePlot(title: "Hardware scaling: data and log-linear fits",
                            x: PlotAxis(title: "release date", unit: "year"),
                            y: PlotAxis(title: "relative to first point", unit: "x", scale: .log))
        plot.width = 1000
        let editions = Set(trends.map(\.edition))
        for (index, trend) in trends.enumerated() {
            let color = PlotPalette.color(index)
            let suffix = editions.count > 1 ? " (\(trend.edition.figureVersion))" : ""
            plot.series.append(.init(name: trend.quantity.title + suffix, x: trend.points.map(\.year),
                                     y: trend.points.map(\.value), style: .points, color: color))
            let ends = [trend.fit.firstYear, trend.fit.lastYear]
            plot.series.append(.init(name: "\(trend.quantity.title) fit: \(fixed(trend.fit.growth(overYears: 2), 2))x / 2 yr" + suffix,
                                     x: ends, y: ends.map(trend.fit.value(atYear:)), style: .line, dashed: true,
                                     color: color))
        }
        return plot
    }

    /// One row per projected year: the three times in one unit (that of the largest base time), the
    /// ratios to compute, and the part that takes longest.
    public static func projectionTable(_ projection: WallProjection) -> Table {
        let unit = TimeUnit(for: projection.base)
        let smallest = projection.years.flatMap { year in WallProjection.Part.allCases.map { year.breakdown[$0] } }
            .filter { $0 > .zero }.min() ?? .zero
        let decimals = unit.decimals(showing: smallest)
        var table = Table(columns: [
            .init("year"), .init("compute(\(unit.name))"), .init("communication(\(unit.name))"),
            .init("memory(\(unit.name))"), .init("communication/compute(x)"), .init("memory/compute(x)"),
            .init("bottleneck", alignment: .left),
        ])
        for year in projection.years {
            let times = year.breakdown
            func ratio(_ part: WallProjection.Part) -> String {
                year.ratio(part).isFinite ? fixed(year.ratio(part), 3) : "inf"
            }
            table.append(["\(year.year)", fixed(unit.value(times.compute), decimals),
                          fixed(unit.value(times.communication), decimals), fixed(unit.value(times.memory), decimals),
                          ratio(.communication), ratio(.memory), year.bottleneck.rawValue])
        }
        let rates = projection.rates
        table.footer = ["# rates per 2 years: flops \(SvgNumber.label(rates.flops))x, dram \(SvgNumber.label(rates.dram))x, "
            + "interconnect \(SvgNumber.label(rates.interconnect))x"]
        let last = projection.years.last?.year ?? projection.baseYear
        for part in [WallProjection.Part.communication, .memory] {
            let exact = projection.crossover(part).map { " (crossover at \(fixed($0, 2)))" } ?? ""
            if let year = projection.firstYear(part) {
                table.footer.append("# \(part.rawValue) exceeds compute from \(year)\(exact)")
            } else {
                table.footer.append("# \(part.rawValue) does not exceed compute by \(last)\(exact)")
            }
        }
        return table
    }

    /// The three times by year on a log scale, with a marker at the first year communication (and
    /// memory) exceeds compute. Parts that are zero are left out, as a log axis cannot show them.
    public static func projectionPlot(_ projection: WallProjection) -> LinePlot {
        let unit = TimeUnit(for: projection.base)
        var plot = LinePlot(title: "Projected iteration time from \(projection.baseYear)",
                            x: PlotAxis(title: "date", unit: "year"),
                            y: PlotAxis(title: "time per iteration", unit: unit.name, scale: .log))
        for part in WallProjection.Part.allCases {
            let shown = projection.years.filter { $0.breakdown[part] > .zero }
            guard !shown.isEmpty else { continue }
            let driver = switch part {
            case .compute: "scales with FLOPS"
            case .communication: "with interconnect"
            case .memory: "with DRAM"
            }
            plot.series.append(.init(name: "\(part.rawValue) (\(driver))",
                                     x: shown.map { Double($0.year) }, y: shown.map { unit.value($0.breakdown[part]) },
                                     color: PlotPalette.color(WallProjection.Part.allCases.firstIndex(of: part) ?? 0)))
        }
        for part in [WallProjection.Part.communication, .memory] {
            guard let year = projection.firstYear(part) else { continue }
            let when = year == projection.baseYear ? "already in \(year)" : "from \(year)"
            plot.markers.append(.init(x: Double(year), label: "\(part.rawValue)-bound \(when)"))
        }
        return plot
    }

    /// The unit a table or plot of times is written in: that of the largest time, so it reads as a
    /// few digits before the point.
    struct TimeUnit {
        var name: String
        var picoseconds: Double

        init(for base: WallProjection.Breakdown) {
            let largest = max(base.compute, base.communication, base.memory).picoseconds
            (name, picoseconds) = largest >= 1_000_000_000_000 ? ("s", 1e12)
                : largest >= 1_000_000_000 ? ("ms", 1e9) : largest >= 1_000_000 ? ("us", 1e6) : ("ns", 1e3)
        }

        func value(_ duration: SimDuration) -> Double { Double(duration.picoseconds) / picoseconds }

        /// Decimals that show `smallest` with at least four significant digits, at most picoseconds.
        func decimals(showing smallest: SimDuration) -> Int {
            let limit = Int(log10(picoseconds).rounded())
            guard smallest > .zero else { return min(3, limit) }
            return min(limit, max(0, 3 - Int(floor(log10(value(smallest))))))
        }
    }
}
