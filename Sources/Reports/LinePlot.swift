import Foundation

/// A line plot of one or more series against shared axes, rendered as a self-contained SVG file.
///
/// Every point is drawn as a `<circle class="point">` carrying its exact values in `data-series`,
/// `data-x` and `data-y`, so a reader (or a test) can recover the plotted data from the file. Vertical
/// markers label a position on the x axis, such as the point where communication overtakes compute.
///
///     var plot = LinePlot(title: "Scaling", x: PlotAxis(title: "cluster size", unit: "GPUs", scale: .log),
///                         y: PlotAxis(title: "throughput", unit: "tokens/s"))
///     plot.series.append(.init(name: "ring", x: [64, 128, 256], y: [1.0e5, 1.9e5, 3.4e5]))
///     plot.markers.append(.init(x: 512, label: "the wall: 512 GPUs"))
///     try plot.write(to: "scaling.svg")
public struct LinePlot: Sendable {
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    public struct Series: Sendable {
        /// How a series is drawn; the points are in the file whatever the style (drawn with radius 0
        /// for `.line`).
        public enum Style: String, Sendable { case linesAndPoints, points, line }

        public var name: String
        public var points: [Point]
        public var style: Style
        /// Dashed lines, e.g. for fitted or projected curves next to measured data.
        public var dashed: Bool
        /// A CSS colour; nil takes the next palette colour by series position.
        public var color: String?

        public init(name: String, points: [Point], style: Style = .linesAndPoints, dashed: Bool = false, color: String? = nil) {
            self.name = name
            self.points = points
            self.style = style
            self.dashed = dashed
            self.color = color
        }

        /// A series from matching lists of x and y values.
        public init(name: String, x: [Double], y: [Double], style: Style = .linesAndPoints, dashed: Bool = false,
                    color: String? = nil) {
            precondition(x.count == y.count, "series '\(name)' has \(x.count) x values and \(y.count) y values")
            self.init(name: name, points: zip(x, y).map { Point(x: $0, y: $1) }, style: style, dashed: dashed, color: color)
        }
    }

    /// A labelled vertical line at a position on the x axis.
    public struct Marker: Sendable {
        public var x: Double
        public var label: String
        public init(x: Double, label: String) {
            self.x = x
            self.label = label
        }
    }

    public var title: String
    public var x: PlotAxis
    public var y: PlotAxis
    public var series: [Series] = []
    public var markers: [Marker] = []
    public var width = 800
    public var height = 480

    public init(title: String, x: PlotAxis, y: PlotAxis, series: [Series] = [], markers: [Marker] = []) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.markers = markers
    }

    /// Writes the SVG to `path` atomically (see `AtomicFile`).
    public func write(to path: String) throws {
        try AtomicFile.write(try svg(), to: path)
    }

    /// The plot as SVG text; the same plot always gives the same bytes.
    /// - Complexity: O(total number of points).
    public func svg() throws(PlotError) -> String {
        try validate()
        let xs = series.flatMap { $0.points.map(\.x) } + markers.map(\.x)
        let ys = series.flatMap { $0.points.map(\.y) }
        let (xDomain, xTicks) = x.layout(low: xs.min() ?? 0, high: xs.max() ?? 0)
        let (yDomain, yTicks) = y.layout(low: ys.min() ?? 0, high: ys.max() ?? 0)
        let frame = PlotFrame(width: width, height: height, legendEntries: series.map(\.name))
        func pixel(_ point: Point) -> (x: String, y: String) {
            (SvgNumber.coordinate(frame.xPixel(x.fraction(of: point.x, in: xDomain))),
             SvgNumber.coordinate(frame.yPixel(y.fraction(of: point.y, in: yDomain))))
        }

        var svg = SvgDocument(width: width, height: height, title: title)
        frame.drawTitle(title, in: &svg)
        frame.drawXAxis(x, domain: xDomain, ticks: xTicks, in: &svg)
        frame.drawYAxis(y, domain: yDomain, ticks: yTicks, in: &svg)
        for (index, one) in series.enumerated() {
            let color = one.color ?? PlotPalette.color(index)
            svg.open("g", ["class": "series", "data-series": one.name, "data-points": "\(one.points.count)"])
            if one.style != .points && one.points.count > 1 {
                let path = one.points.map { let p = pixel($0); return "\(p.x),\(p.y)" }.joined(separator: " ")
                svg.element("polyline", ["points": path, "fill": "none", "stroke": color, "stroke-width": "2",
                                         "stroke-dasharray": one.dashed ? "6 4" : "none"])
            }
            for point in one.points {
                let p = pixel(point)
                svg.element("circle", ["class": "point", "data-series": one.name, "data-x": SvgNumber.data(point.x),
                                       "data-y": SvgNumber.data(point.y), "cx": p.x, "cy": p.y,
                                       "r": one.style == .line ? "0" : "3.5", "fill": color])
            }
            svg.close("g")
        }
        for (index, marker) in markers.enumerated() {
            let px = SvgNumber.coordinate(frame.xPixel(x.fraction(of: marker.x, in: xDomain)))
            svg.open("g", ["class": "marker", "data-x": SvgNumber.data(marker.x), "data-label": marker.label])
            svg.element("line", ["x1": px, "y1": SvgNumber.coordinate(frame.top), "x2": px,
                                 "y2": SvgNumber.coordinate(frame.bottom), "stroke": "#b00020", "stroke-width": "1.5",
                                 "stroke-dasharray": "4 3"])
            svg.element("text", ["x": SvgNumber.coordinate(frame.xPixel(x.fraction(of: marker.x, in: xDomain)) + 5),
                                 "y": SvgNumber.coordinate(frame.top + 14 + Double(index) * 16), "fill": "#b00020"],
                        text: marker.label)
            svg.close("g")
        }
        frame.drawLegend(series.map(\.name), in: &svg) { index, left, middle, svg in
            let one = series[index]
            let color = one.color ?? PlotPalette.color(index)
            if one.style != .points {
                svg.element("line", ["x1": SvgNumber.coordinate(left), "y1": SvgNumber.coordinate(middle),
                                     "x2": SvgNumber.coordinate(left + 22), "y2": SvgNumber.coordinate(middle),
                                     "stroke": color, "stroke-width": "2", "stroke-dasharray": one.dashed ? "6 4" : "none"])
            }
            if one.style != .line {
                svg.element("circle", ["cx": SvgNumber.coordinate(left + 11), "cy": SvgNumber.coordinate(middle),
                                       "r": "3.5", "fill": color])
            }
        }
        return svg.rendered()
    }

    /// Rejects data the axes cannot show: nothing at all, non-finite values, or values of zero or less
    /// on a logarithmic axis.
    func validate() throws(PlotError) {
        guard series.contains(where: { !$0.points.isEmpty }) else { throw .noData(plot: title) }
        for one in series {
            for point in one.points {
                for value in [point.x, point.y] where !value.isFinite {
                    throw .notFinite(series: one.name, value: value)
                }
                if x.scale == .log && point.x <= 0 { throw .notPositiveOnLogAxis(axis: x.label, series: one.name, value: point.x) }
                if y.scale == .log && point.y <= 0 { throw .notPositiveOnLogAxis(axis: y.label, series: one.name, value: point.y) }
            }
        }
        for marker in markers {
            if !marker.x.isFinite { throw .notFinite(series: marker.label, value: marker.x) }
            if x.scale == .log && marker.x <= 0 {
                throw .notPositiveOnLogAxis(axis: x.label, series: marker.label, value: marker.x)
            }
        }
    }
}
