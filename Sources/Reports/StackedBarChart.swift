import Foundation

/// A stacked bar chart: one bar per candidate, split into segments by category, rendered as a
/// self-contained SVG file.
///
/// Each segment is a `<rect class="segment">` carrying `data-bar`, `data-category`, `data-value` and
/// `data-base` (the sum of the segments below it), so the file can be read back as data. Categories
/// stack bottom to top in the order given, and the legend lists them top to bottom in the same order.
///
///     let chart = StackedBarChart(
///         title: "Iteration time by topology",
///         categories: ["compute", "exposed TP", "exposed DP", "bubble"],
///         bars: [.init(label: "fat tree", values: [120, 8, 15, 30]), .init(label: "torus", values: [120, 12, 22, 30])],
///         value: PlotAxis(title: "iteration time", unit: "ms"), barAxisTitle: "topology")
///     try chart.write(to: "compare.svg")
public struct StackedBarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        /// One value per category, in the chart's category order, in the value axis's unit.
        public var values: [Double]
        public init(label: String, values: [Double]) {
            self.label = label
            self.values = values
        }

        public var total: Double { values.reduce(0, +) }
    }

    public var title: String
    public var categories: [String]
    public var bars: [Bar]
    /// The vertical axis; it always starts at zero, and a log scale is drawn linear (stacks need a
    /// linear scale to add up).
    public var value: PlotAxis
    public var barAxisTitle: String
    /// A bar to point out (e.g. the fastest candidate), marked with `highlightLabel` above it.
    public var highlighted: Int?
    public var highlightLabel = "best"
    public var width = 800
    public var height = 480

    public init(title: String, categories: [String], bars: [Bar], value: PlotAxis, barAxisTitle: String,
                highlighted: Int? = nil) {
        self.title = title
        self.categories = categories
        self.bars = bars
        self.value = value
        self.barAxisTitle = barAxisTitle
        self.highlighted = highlighted
    }

    /// Writes the SVG to `path` atomically (see `AtomicFile`).
    public func write(to path: String) throws {
        try AtomicFile.write(try svg(), to: path)
    }

    /// The chart as SVG text; the same chart always gives the same bytes.
    /// - Complexity: O(bars x categories).
    public func svg() throws(PlotError) -> String {
        try validate()
        var axis = value
        axis.scale = .linear
        axis.includesZero = true
        let (domain, ticks) = axis.layout(low: 0, high: bars.map(\.total).max() ?? 0)
        // Labels wider than their slot are turned, and the bottom margin grows to hold them.
        let longest = Double(bars.map(\.label.count).max() ?? 0)
        let upright = PlotFrame(width: width, height: height, legendEntries: categories)
        let slot = (upright.right - upright.left) / Double(bars.count)
        let rotate = longest * 6.6 > slot * 0.95
        // A label turned by 35 degrees reaches about 5.4 px per character left of its bar's centre.
        let frame = rotate ? PlotFrame(width: width, height: height, legendEntries: categories,
                                       leftMargin: max(upright.left, longest * 5.4 - slot / 2 + 8),
                                       bottomMargin: min(Double(height) / 3, 48 + longest * 4.7)) : upright

        var svg = SvgDocument(width: width, height: height, title: title)
        frame.drawTitle(title, in: &svg)
        frame.drawYAxis(axis, domain: domain, ticks: ticks, in: &svg)
        svg.open("g", ["class": "axis", "data-axis": "x", "data-label": barAxisTitle])
        svg.element("line", ["x1": SvgNumber.coordinate(frame.left), "y1": SvgNumber.coordinate(frame.bottom),
                             "x2": SvgNumber.coordinate(frame.right), "y2": SvgNumber.coordinate(frame.bottom), "stroke": "black"])
        frame.drawXTitle(barAxisTitle, in: &svg)
        svg.close("g")

        for (index, bar) in bars.enumerated() {
            let centre = frame.left + (Double(index) + 0.5) * slot
            let barWidth = min(slot * 0.6, 80)
            let isHighlighted = highlighted == index
            svg.open("g", ["class": "bar", "data-bar": bar.label, "data-total": SvgNumber.data(bar.total),
                           "data-highlighted": isHighlighted ? "true" : "false"])
            var base = 0.0
            for (position, (category, amount)) in zip(categories, bar.values).enumerated() {
                let lower = frame.yPixel(axis.fraction(of: base, in: domain))
                let upper = frame.yPixel(axis.fraction(of: base + amount, in: domain))
                svg.element("rect", ["class": "segment", "data-bar": bar.label, "data-category": category,
                                     "data-value": SvgNumber.data(amount), "data-base": SvgNumber.data(base),
                                     "x": SvgNumber.coordinate(centre - barWidth / 2), "y": SvgNumber.coordinate(upper),
                                     "width": SvgNumber.coordinate(barWidth), "height": SvgNumber.coordinate(lower - upper),
                                     "fill": PlotPalette.color(position)])
                base += amount
            }
            let top = frame.yPixel(axis.fraction(of: bar.total, in: domain))
            svg.element("text", ["class": "total", "x": SvgNumber.coordinate(centre), "y": SvgNumber.coordinate(top - 5),
                                 "text-anchor": "middle"], text: SvgNumber.label(bar.total))
            if isHighlighted {
                svg.element("text", ["class": "highlight", "x": SvgNumber.coordinate(centre),
                                     "y": SvgNumber.coordinate(top - 20), "text-anchor": "middle", "font-weight": "bold",
                                     "fill": "#b00020"], text: highlightLabel)
            }
            let labelY = SvgNumber.coordinate(frame.bottom + 16)
            if rotate {
                let x = SvgNumber.coordinate(centre + 4)
                svg.element("text", ["class": "bar-label", "x": x, "y": labelY, "text-anchor": "end",
                                     "transform": "rotate(-35 \(x) \(labelY))"], text: bar.label)
            } else {
                svg.element("text", ["class": "bar-label", "x": SvgNumber.coordinate(centre), "y": labelY,
                                     "text-anchor": "middle"], text: bar.label)
            }
            svg.close("g")
        }
        // The legend reads top to bottom like the stack, so its first entry is the top segment.
        let legend = Array(categories.reversed())
        frame.drawLegend(legend, in: &svg) { index, left, middle, svg in
            let color = PlotPalette.color(categories.count - 1 - index)
            svg.element("rect", ["x": SvgNumber.coordinate(left + 4), "y": SvgNumber.coordinate(middle - 6),
                                 "width": "14", "height": "12", "fill": color])
        }
        return svg.rendered()
    }

    /// Rejects charts without bars and segments that are negative or not finite; a bar with the wrong
    /// number of values is a programming error.
    func validate() throws(PlotError) {
        guard !bars.isEmpty, !categories.isEmpty else { throw .noData(plot: title) }
        for bar in bars {
            precondition(bar.values.count == categories.count,
                         "bar '\(bar.label)' has \(bar.values.count) values for \(categories.count) categories")
            for (category, amount) in zip(categories, bar.values) {
                if !amount.isFinite { throw .notFinite(series: bar.label, value: amount) }
                if amount < 0 { throw .negativeSegment(bar: bar.label, category: category, value: amount) }
            }
        }
        if let highlighted {
            precondition(bars.indices.contains(highlighted), "highlighted bar \(highlighted) is not one of \(bars.count) bars")
        }
    }
}
