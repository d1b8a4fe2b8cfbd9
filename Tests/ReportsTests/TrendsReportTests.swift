import Foundation
import SimKernel
import Testing
import Trends
@testable import Reports

@Suite("wallsim trends tables and plots")
struct TrendsReportTests {
    @Test("the fit table puts the stated rate beside the authors' line and our fit, with R^2 and points")
    func fitTable() throws {
        let table = TrendsReport.fitTable(try HardwareTrend.all(edition: .paper2024))
        let csv = table.render(.csv).split(separator: "\n").map(String.init)
        #expect(csv[0] == "edition,quantity,points,from(year),to(year),stated(x/2yr),stated(x/20yr),authors_line(x/2yr),"
            + "fit(x/2yr),fit(x/20yr),r2")
        #expect(csv[1].hasPrefix("2023,peak hardware FLOPS,37,1997.08,2022.72,3.0,60000,3.026,3.026,643"))
        #expect(csv[2].hasPrefix("2023,DRAM bandwidth,12,2003.75,2022.22,1.6,100,1.592,1.592,104.3,"))
        #expect(csv[3].hasPrefix("2023,interconnect bandwidth,10,2003.00,2022.72,1.4,30,1.415,1.415,32.2,"))
        #expect(csv.count == 4)
    }

    @Test("table, CSV and JSON carry the same columns and figures")
    func sameColumns() throws {
        let table = TrendsReport.fitTable(try HardwareTrend.all(edition: .blog2021))
        let json = try JSONSerialization.jsonObject(with: Data(table.render(.json).utf8)) as? [[String: Any]]
        let rows = try #require(json)
        #expect(rows.count == 3)
        #expect(Set(rows[0].keys) == Set(table.columns.map(\.title)))
        #expect(rows[0]["fit(x/2yr)"] as? Double == 3.133)
        #expect(rows[2]["points"] as? Int == 8)
        let text = table.render(.text)
        #expect(text.contains("3.133") && text.contains("interconnect bandwidth"))
    }

    @Test("the fit plot draws every data point and a dashed line per fit, on a log axis with units")
    func fitPlot() throws {
        let trends = try HardwareTrend.all(edition: .paper2024)
        let svg = try #require(SvgElements(try TrendsReport.fitPlot(trends).svg()))
        let points = svg.all("circle", class: "point")
        let flops = points.filter { $0["data-series"] == "peak hardware FLOPS" }
        #expect(flops.compactMap { $0.number("data-y") } == trends[0].points.map(\.value))
        #expect(flops.compactMap { $0.number("data-x") } == trends[0].points.map(\.year))
        let fit = points.filter { $0["data-series"] == "peak hardware FLOPS fit: 3.03x / 2 yr" }
        #expect(fit.compactMap { $0.number("data-x") } == [trends[0].fit.firstYear, trends[0].fit.lastYear])
        #expect(svg.all("g", class: "axis").map { $0["data-label"] } == ["release date (year)", "relative to first point (x)"])
        #expect(svg.all("g", class: "axis").map { $0["data-scale"] } == ["linear", "log"])
    }

    @Test("the projection table has one row per year with times in the base's unit and the crossovers in its footer")
    func projectionTable() throws {
        let base = WallProjection.Breakdown(compute: .milliseconds(100), communication: .milliseconds(20), memory: .milliseconds(10))
        let projection = WallProjection(base: base, baseYear: 2024, rates: .stated2024, years: 20)
        let table = TrendsReport.projectionTable(projection)
        let csv = table.render(.csv).split(separator: "\n").map(String.init)
        #expect(csv.count == 22)
        #expect(csv[0] == "year,compute(ms),communication(ms),memory(ms),communication/compute(x),memory/compute(x),bottleneck")
        // 2026: 100/3, 20/1.4, 10/1.6 ms; the smallest time (2044 compute, 0.0016935 ms) sets six decimals.
        #expect(csv[3] == "2026,33.333333,14.285714,6.250000,0.429,0.188,compute")
        #expect(csv[5] == "2028,11.111111,10.204082,3.906250,0.918,0.352,compute")
        #expect(csv[6].hasPrefix("2029,") && csv[6].hasSuffix(",communication"))
        #expect(table.footer.contains("# communication exceeds compute from 2029 (crossover at 2028.22)"))
        #expect(table.footer.contains("# memory exceeds compute from 2032 (crossover at 2031.33)"))
    }

    @Test("the projection plot marks the first communication-bound and memory-bound years")
    func projectionPlot() throws {
        let base = WallProjection.Breakdown(compute: .milliseconds(100), communication: .milliseconds(20), memory: .zero)
        let projection = WallProjection(base: base, baseYear: 2024, rates: .stated2024, years: 10)
        let svg = try #require(SvgElements(try TrendsReport.projectionPlot(projection).svg()))
        let markers = svg.all("g", class: "marker")
        #expect(markers.map { $0["data-label"] } == ["communication-bound from 2029"])
        #expect(markers.compactMap { $0.number("data-x") } == [2029])
        // Memory is zero, which a log axis cannot show: only compute and communication are drawn.
        #expect(svg.all("g", class: "series").map { $0["data-series"] }
            == ["compute (scales with FLOPS)", "communication (with interconnect)"])
        let compute = svg.all("circle", class: "point").filter { $0["data-series"] == "compute (scales with FLOPS)" }
        #expect(compute.count == 11)
        #expect(compute[2].number("data-y") == 33.333333333)
        #expect(svg.all("g", class: "axis").map { $0["data-label"] } == ["date (year)", "time per iteration (ms)"])
    }
}
