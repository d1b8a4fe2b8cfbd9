import Foundation

/// The parts every plot shares: the plotting area inside the margins, the title, the value axes with
/// their ticks and grid, and the legend to the right of the area.
///
/// Pixel y grows downwards; `yPixel` turns a fraction of the axis (0 at the bottom) into a pixel row.
struct PlotFrame {
    let width: Double
    let height: Double
    let left: Double
    let right: Double
    let top: Double
    let bottom: Double

    /// Margins for tick labels and axis titles; the right margin holds the legend, sized to the longest
    /// entry at about 7.2 px per character of 12 px Helvetica (wide enough for capitals).
    init(width: Int, height: Int, legendEntries: [String], leftMargin: Double = 80, bottomMargin: Double = 56) {
        let longest = Double(legendEntries.map(\.count).max() ?? 0)
        let legendWidth = legendEntries.isEmpty ? 24 : min(Double(width) / 2, 56 + longest * 7.2)
        self.width = Double(width)
        self.height = Double(height)
        self.left = leftMargin
        self.right = Double(width) - legendWidth
        self.top = 44
        self.bottom = Double(height) - bottomMargin
    }

    func xPixel(_ fraction: Double) -> Double { left + fraction * (right - left) }
    func yPixel(_ fraction: Double) -> Double { bottom - fraction * (bottom - top) }

    func drawTitle(_ title: String, in svg: inout SvgDocument) {
        svg.element("text", ["class": "title", "x": SvgNumber.coordinate(width / 2), "y": "24",
                             "text-anchor": "middle", "font-size": "16", "font-weight": "bold"], text: title)
    }

    /// The horizontal axis: grid lines, ticks with their labels, and the axis title below.
    func drawXAxis(_ axis: PlotAxis, domain: ClosedRange<Double>, ticks: [Double], in svg: inout SvgDocument) {
        svg.open("g", ["class": "axis", "data-axis": "x", "data-label": axis.label, "data-scale": axis.scale.rawValue])
        for (tick, label) in zip(ticks, PlotAxis.labels(ticks)) {
            let x = SvgNumber.coordinate(xPixel(axis.fraction(of: tick, in: domain)))
            svg.element("line", ["class": "grid", "x1": x, "y1": SvgNumber.coordinate(top), "x2": x,
                                 "y2": SvgNumber.coordinate(bottom), "stroke": "#e6e6e6"])
            svg.element("line", ["x1": x, "y1": SvgNumber.coordinate(bottom), "x2": x,
                                 "y2": SvgNumber.coordinate(bottom + 5), "stroke": "black"])
            svg.element("text", ["class": "tick", "data-value": SvgNumber.data(tick), "x": x,
                                 "y": SvgNumber.coordinate(bottom + 18), "text-anchor": "middle"],
                        text: label)
        }
        svg.element("line", ["x1": SvgNumber.coordinate(left), "y1": SvgNumber.coordinate(bottom),
                             "x2": SvgNumber.coordinate(right), "y2": SvgNumber.coordinate(bottom), "stroke": "black"])
        drawXTitle(axis.label, in: &svg)
        svg.close("g")
    }

    func drawXTitle(_ label: String, in svg: inout SvgDocument) {
        svg.element("text", ["class": "axis-title", "x": SvgNumber.coordinate((left + right) / 2),
                             "y": SvgNumber.coordinate(height - 12), "text-anchor": "middle"], text: label)
    }

    /// The vertical axis: grid lines, ticks with their labels, and the axis title turned upright.
    func drawYAxis(_ axis: PlotAxis, domain: ClosedRange<Double>, ticks: [Double], in svg: inout SvgDocument) {
        svg.open("g", ["class": "axis", "data-axis": "y", "data-label": axis.label, "data-scale": axis.scale.rawValue])
        for (tick, label) in zip(ticks, PlotAxis.labels(ticks)) {
            let y = SvgNumber.coordinate(yPixel(axis.fraction(of: tick, in: domain)))
            svg.element("line", ["class": "grid", "x1": SvgNumber.coordinate(left), "y1": y,
                                 "x2": SvgNumber.coordinate(right), "y2": y, "stroke": "#e6e6e6"])
            svg.element("line", ["x1": SvgNumber.coordinate(left - 5), "y1": y, "x2": SvgNumber.coordinate(left),
                                 "y2": y, "stroke": "black"])
            svg.element("text", ["class": "tick", "data-value": SvgNumber.data(tick), "x": SvgNumber.coordinate(left - 8),
                                 "y": y, "text-anchor": "end", "dominant-baseline": "middle"],
                        text: label)
        }
        svg.element("line", ["x1": SvgNumber.coordinate(left), "y1": SvgNumber.coordinate(top),
                             "x2": SvgNumber.coordinate(left), "y2": SvgNumber.coordinate(bottom), "stroke": "black"])
        let middle = SvgNumber.coordinate((top + bottom) / 2)
        svg.element("text", ["class": "axis-title", "x": "18", "y": middle, "text-anchor": "middle",
                             "transform": "rotate(-90 18 \(middle))"], text: axis.label)
        svg.close("g")
    }

    /// One legend entry per name, top to bottom, each with its swatch drawn by `swatch` at the given
    /// pixel position (left edge, vertical centre).
    func drawLegend(_ names: [String], in svg: inout SvgDocument,
                    swatch: (Int, Double, Double, inout SvgDocument) -> Void) {
        guard !names.isEmpty else { return }
        svg.open("g", ["class": "legend"])
        for (index, name) in names.enumerated() {
            let y = top + 8 + Double(index) * 20
            svg.open("g", ["class": "legend-entry", "data-series": name])
            swatch(index, right + 16, y, &svg)
            svg.element("text", ["x": SvgNumber.coordinate(right + 44), "y": SvgNumber.coordinate(y),
                                 "dominant-baseline": "middle"], text: name)
            svg.close("g")
        }
        svg.close("g")
    }
}

/// Colours told apart by readers with any common colour-vision deficiency (Okabe & Ito, "Color
/// Universal Design", 2008), in the order series and categories take them.
enum PlotPalette {
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    static func color(_ index: Int) -> String { colors[index % colors.count] }
}
