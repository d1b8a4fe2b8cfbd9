import Testing
@testable import Reports

@Suite("Plot axes and number formats")
struct PlotAxisTests {
    @Test("linear ticks are 1, 2 or 5 times a power of ten and exact decimals (Heckbert)")
    func linearTicks() {
        let a = PlotAxis.linearLayout(low: 0, high: 97)
        #expect(a.ticks == [0, 20, 40, 60, 80, 100] && a.domain == 0...100)
        // 0.2 x 3 would be 0.6000000000000001; the ticks must be the decimals themselves.
        #expect(PlotAxis.linearLayout(low: 0.13, high: 0.87).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(PlotAxis.linearLayout(low: 2024, high: 2044).ticks == [2020, 2025, 2030, 2035, 2040, 2045])
        #expect(PlotAxis.linearLayout(low: -3, high: 7).ticks == [-4, -2, 0, 2, 4, 6, 8])
        #expect(PlotAxis.linearLayout(low: 5, high: 5).ticks == [4.4, 4.6, 4.8, 5, 5.2, 5.4, 5.6])
    }

    @Test("a linear axis that includes zero starts there")
    func includesZero() {
        let axis = PlotAxis(title: "t", unit: "ms", includesZero: true)
        #expect(axis.layout(low: 40, high: 90).ticks == [0, 20, 40, 60, 80, 100])
    }

    @Test("log ticks are powers of ten, with 2x and 5x over two decades or less, and thinned past ten decades")
    func logTicks() {
        #expect(PlotAxis.logLayout(low: 3, high: 4500).ticks == [1, 10, 100, 1000, 10000])
        #expect(PlotAxis.logLayout(low: 2, high: 30).ticks == [1, 2, 5, 10, 20, 50, 100])
        #expect(PlotAxis.logLayout(low: 0.002, high: 0.002).ticks == [0.001, 0.002, 0.005, 0.01])
        let wide = PlotAxis.logLayout(low: 1, high: 1e15)
        #expect(wide.ticks == [1, 1e2, 1e4, 1e6, 1e8, 1e10, 1e12, 1e14, 1e16] && wide.domain == 1...1e16)
    }

    @Test("labels are short and locale-free; an axis reaching a million writes thousands as 1e3")
    func labels() {
        #expect(SvgNumber.label(0.1 + 0.2) == "0.3")
        #expect(SvgNumber.label(16384) == "16384")
        #expect(SvgNumber.label(0.001) == "0.001")
        #expect(SvgNumber.label(2.5e-5) == "2.5e-5")
        #expect(SvgNumber.label(-3e9) == "-3e9")
        #expect(SvgNumber.label(1e6) == "1e6")
        #expect(PlotAxis.labels([0.1, 1, 10, 100, 1000, 1e4, 1e6]) == ["0.1", "1", "10", "100", "1e3", "1e4", "1e6"])
        #expect(PlotAxis.labels([0, 5000, 10000]) == ["0", "5000", "10000"])
    }

    @Test("data attributes read back as the same Double; coordinates keep two decimals")
    func numbers() {
        for value in [0.1 + 0.2, 1e-5, 123456789.125, -7, 2e300, 5e-324] {
            #expect(Double(SvgNumber.data(value)) == value)
        }
        #expect(SvgNumber.data(512) == "512")
        #expect(SvgNumber.coordinate(12.5) == "12.5" && SvgNumber.coordinate(3.14159) == "3.14")
        #expect(SvgNumber.coordinate(-0.001) == "0" && SvgNumber.coordinate(80) == "80")
    }

    @Test("axis labels carry their unit")
    func axisLabel() {
        #expect(PlotAxis(title: "iteration time", unit: "ms").label == "iteration time (ms)")
        #expect(PlotAxis(title: "share", unit: "").label == "share")
    }
}
