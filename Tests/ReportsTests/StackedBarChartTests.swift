import Foundation
import Testing
@testable import Reports

@Suite("SVG stacked bar charts")
struct StackedBarChartTests {
    static let categories = ["compute", "exposed TP", "exposed PP", "exposed DP", "bubble"]

    static func chart() -> StackedBarChart {
        StackedBarChart(title: "Iteration time by topology", categories: categories,
                        bars: [.init(label: "fat tree", values: [120, 8, 2.5, 15, 30]),
                               .init(label: "torus", values: [120, 12, 0, 22.25, 30]),
                               .init(label: "dragonfly", values: [120, 9, 1, 0.1 + 0.2, 30])],
                        value: PlotAxis(title: "iteration time", unit: "ms"), barAxisTitle: "topology", highlighted: 0)
    }

    @Test("each segment carries its bar, category, value and the sum below it")
    func segmentsCarryData() throws {
        let svg = try #require(SvgElements(try Self.chart().svg()), "the SVG is well-formed XML")
        let segments = svg.all("rect", class: "segment")
        #expect(segments.count == 15)
        let torus = segments.filter { $0["data-bar"] == "torus" }
        #expect(torus.map { $0["data-category"] } == Self.categories)
        #expect(torus.compactMap { $0.number("data-value") } == [120, 12, 0, 22.25, 30])
        #expect(torus.compactMap { $0.number("data-base") } == [0, 120, 132, 132, 154.25])
        #expect(segments.first { $0["data-bar"] == "dragonfly" && $0["data-category"] == "exposed DP" }?.number("data-value") == 0.1 + 0.2)
        let bars = svg.all("g", class: "bar")
        #expect(bars.map { $0["data-bar"] } == ["fat tree", "torus", "dragonfly"])
        #expect(bars.compactMap { $0.number("data-total") } == [175.5, 184.25, 160 + (0.1 + 0.2)])
        #expect(bars.map { $0["data-highlighted"] } == ["true", "false", "false"])
        #expect(svg.all("text", class: "highlight").map(\.text) == ["best"])
    }

    @Test("segment heights are proportional to their values and stack without gaps")
    func geometry() throws {
        let svg = try #require(SvgElements(try Self.chart().svg()))
        let fatTree = svg.all("rect", class: "segment").filter { $0["data-bar"] == "fat tree" }
        let ys = fatTree.compactMap { $0.number("y") }
        let heights = fatTree.compactMap { $0.number("height") }
        // The axis runs 0...200 ms (ticks of 50) over the plotting area; compute's 120 ms is 3/5 of it.
        let ticks = svg.all("text", class: "tick")
        #expect(ticks.compactMap { $0.number("data-value") } == [0, 50, 100, 150, 200])
        let zero = try #require(ticks.first?.number("y")), top = try #require(ticks.last?.number("y"))
        let pixelsPerMs = (zero - top) / 200
        for (height, value) in zip(heights, [120, 8, 2.5, 15, 30]) {
            #expect(abs(height - value * pixelsPerMs) < 0.02)
        }
        for index in 1..<ys.count {
            #expect(abs(ys[index - 1] - (ys[index] + heights[index])) < 0.02, "segment \(index) sits on the one below")
        }
        #expect(abs(ys[0] + heights[0] - zero) < 0.02, "the first segment starts at zero")
    }

    @Test("the value axis names its unit, the bar axis its candidates, and the legend every category")
    func labels() throws {
        let svg = try #require(SvgElements(try Self.chart().svg()))
        #expect(svg.all("text", class: "axis-title").map(\.text) == ["iteration time (ms)", "topology"])
        #expect(svg.all("text", class: "bar-label").map(\.text) == ["fat tree", "torus", "dragonfly"])
        #expect(svg.all("g", class: "legend-entry").map { $0["data-series"] } == Self.categories.reversed())
    }

    @Test("the same chart gives the same bytes")
    func deterministic() throws {
        #expect(try Self.chart().svg() == (try Self.chart().svg()))
    }

    @Test("long bar labels are turned so they do not overlap")
    func rotatedLabels() throws {
        let bars = (1...12).map { StackedBarChart.Bar(label: "candidate number \($0)", values: [1, 2]) }
        let chart = StackedBarChart(title: "many", categories: ["a", "b"], bars: bars,
                                    value: PlotAxis(title: "time", unit: "s"), barAxisTitle: "candidate")
        let svg = try #require(SvgElements(try chart.svg()))
        #expect(svg.all("text", class: "bar-label").allSatisfy { $0["transform"]?.hasPrefix("rotate(-35 ") == true })
    }

    @Test("negative segments and empty charts are refused")
    func errors() {
        var chart = Self.chart()
        chart.bars[1].values[2] = -1
        #expect(throws: PlotError.negativeSegment(bar: "torus", category: "exposed PP", value: -1)) { try chart.svg() }
        chart.bars = []
        #expect(throws: PlotError.noData(plot: "Iteration time by topology")) { try chart.svg() }
    }
}
