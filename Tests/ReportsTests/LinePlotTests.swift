import Foundation
import Testing
@testable import Reports

@Suite("SVG line plots")
struct LinePlotTests {
    static func scaling() -> LinePlot {
        var plot = LinePlot(title: "Scaling <weak> & strong",
                            x: PlotAxis(title: "cluster size", unit: "GPUs", scale: .log),
                            y: PlotAxis(title: "throughput", unit: "tokens/s"))
        plot.series.append(.init(name: "ring", x: [64, 128, 256, 512], y: [1.0e5, 1.9e5, 3.4e5, 0.1 + 0.2]))
        plot.series.append(.init(name: "tree \"2D\"", x: [64, 1024], y: [1.5e5, 1e-5], style: .line, dashed: true))
        plot.markers.append(.init(x: 512, label: "the wall: 512 GPUs"))
        return plot
    }

    @Test("every plotted point carries its series and exact x and y in data attributes")
    func pointsCarryData() throws {
        let svg = try #require(SvgElements(try Self.scaling().svg()), "the SVG is well-formed XML")
        let points = svg.all("circle", class: "point")
        #expect(points.map { $0["data-series"] } == ["ring", "ring", "ring", "ring", "tree \"2D\"", "tree \"2D\""])
        #expect(points.compactMap { $0.number("data-x") } == [64, 128, 256, 512, 64, 1024])
        // 0.1 + 0.2 and 1e-5 come back bit for bit.
        #expect(points.compactMap { $0.number("data-y") } == [1.0e5, 1.9e5, 3.4e5, 0.1 + 0.2, 1.5e5, 1e-5])
        #expect(points.suffix(2).allSatisfy { $0["r"] == "0" }, "a line-only series draws its points with radius 0")
        #expect(svg.all("polyline").count == 2)
    }

    @Test("both axes are labelled with their unit, and the title and legend are in the file")
    func labels() throws {
        let svg = try #require(SvgElements(try Self.scaling().svg()))
        let titles = svg.all("text", class: "axis-title").map(\.text)
        #expect(titles == ["cluster size (GPUs)", "throughput (tokens/s)"])
        let axes = svg.all("g", class: "axis")
        #expect(axes.map { $0["data-axis"] } == ["x", "y"])
        #expect(axes.map { $0["data-scale"] } == ["log", "linear"])
        #expect(svg.all("text", class: "title").map(\.text) == ["Scaling <weak> & strong"])
        #expect(svg.all("title").map(\.text) == ["Scaling <weak> & strong"])
        #expect(svg.all("g", class: "legend-entry").map { $0["data-series"] } == ["ring", "tree \"2D\""])
    }

    @Test("ticks fall on nice values: powers of ten on the log axis, multiples of 100,000 on the linear one")
    func ticks() throws {
        let svg = try #require(SvgElements(try Self.scaling().svg()))
        let ticks = svg.all("text", class: "tick")
        // x: 64...1024 widens to 10...10^4; y: 1e-5...3.4e5 takes Heckbert's step 10^5.
        #expect(ticks.compactMap { $0.number("data-value") } == [10, 100, 1000, 10000, 0, 100000, 200000, 300000, 400000])
        #expect(ticks.map(\.text) == ["10", "100", "1000", "10000", "0", "100000", "200000", "300000", "400000"])
    }

    @Test("a point sits exactly on the tick of its value, on linear and log axes")
    func pixelPositions() throws {
        var plot = LinePlot(title: "t", x: PlotAxis(title: "n", unit: "GPUs", scale: .log), y: PlotAxis(title: "t", unit: "ms"))
        plot.series.append(.init(name: "s", x: [10, 100, 1000], y: [0, 20, 40]))
        let svg = try #require(SvgElements(try plot.svg()))
        let points = svg.all("circle", class: "point")
        let ticks = svg.all("text", class: "tick")
        func tickX(_ value: Double) -> String? { ticks.first { $0.number("data-value") == value && $0["text-anchor"] == "middle" }?["x"] }
        func tickY(_ value: Double) -> String? { ticks.first { $0.number("data-value") == value && $0["text-anchor"] == "end" }?["y"] }
        #expect(points.map { $0["cx"] } == [tickX(10), tickX(100), tickX(1000)])
        #expect(points.map { $0["cy"] } == [tickY(0), tickY(20), tickY(40)])
        // Evenly spaced on the log axis: 10 -> 100 is as far as 100 -> 1000.
        let xs = points.compactMap { $0.number("cx") }
        #expect(abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 0.011)
    }

    @Test("a vertical marker carries its position and label")
    func marker() throws {
        let svg = try #require(SvgElements(try Self.scaling().svg()))
        let markers = svg.all("g", class: "marker")
        #expect(markers.count == 1)
        #expect(markers.first?.number("data-x") == 512)
        #expect(markers.first?["data-label"] == "the wall: 512 GPUs")
        #expect(svg.elements.contains { $0.name == "text" && $0.text == "the wall: 512 GPUs" })
        let point512 = svg.all("circle", class: "point").first { $0.number("data-x") == 512 }
        let line = svg.elements.first { $0.name == "line" && $0.ancestors.last == "g" && $0["stroke"] == "#b00020" }
        #expect(line?["x1"] == point512?["cx"], "the marker line passes through the points at x = 512")
    }

    @Test("the same plot gives the same bytes; a changed value changes them")
    func deterministic() throws {
        let first = try Self.scaling().svg()
        #expect(try Self.scaling().svg() == first)
        var changed = Self.scaling()
        changed.series[0].points[1].y = 1.9e5 + 1
        #expect(try changed.svg() != first)
        #expect(first.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test("plots refuse data their axes cannot show")
    func errors() {
        var empty = LinePlot(title: "empty", x: PlotAxis(title: "x", unit: "s"), y: PlotAxis(title: "y", unit: "s"))
        #expect(throws: PlotError.noData(plot: "empty")) { try empty.svg() }
        empty.series = [.init(name: "zero", x: [1, 2], y: [1, 0])]
        empty.y.scale = .log
        #expect(throws: PlotError.notPositiveOnLogAxis(axis: "y (s)", series: "zero", value: 0)) { try empty.svg() }
        empty.series = [.init(name: "nan", x: [1, .infinity], y: [1, 2])]
        #expect(throws: PlotError.notFinite(series: "nan", value: .infinity)) { try empty.svg() }
    }

    @Test("write puts the SVG in a file atomically")
    func write() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lineplot-\(getpid()).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.scaling().write(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == (try Self.scaling().svg()))
    }
}
