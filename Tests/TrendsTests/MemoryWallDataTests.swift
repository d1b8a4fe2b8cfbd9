import Foundation
import Testing
@testable import Trends

@Suite("The seed paper's data")
struct MemoryWallDataTests {
    /// The repository's `Data/memory-wall/`, found from this file's path.
    static let dataDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Data/memory-wall")

    @Test("the embedded CSV files are those of Data/memory-wall (run Scripts/embed-memory-wall if not)")
    func embeddedFilesMatchData() throws {
        #expect(MemoryWallData.files.count == 3)
        for (name, text) in MemoryWallData.files {
            let onDisk = try String(contentsOf: Self.dataDirectory.appendingPathComponent(name), encoding: .utf8)
            #expect(text + "\n" == onDisk.replacingOccurrences(of: "\r\n", with: "\n"), "\(name) differs")
        }
    }

    @Test("each hardware series has the number of points the authors' regression table counts")
    func pointCounts() throws {
        let expected: [(MemoryWallData.Edition, HardwareQuantity, Int)] = [
            (.blog2021, .peakFlops, 35), (.blog2021, .dramBandwidth, 10), (.blog2021, .interconnectBandwidth, 8),
            (.paper2024, .peakFlops, 37), (.paper2024, .dramBandwidth, 12), (.paper2024, .interconnectBandwidth, 10),
        ]
        for (edition, quantity, count) in expected {
            let points = try MemoryWallData.points(quantity, edition: edition)
            #expect(points.count == count, "\(edition) \(quantity)")
            #expect(points.first?.value == 1.0, "series are normalised to their first point")
        }
    }

    @Test("points carry the figure's year, value and label")
    func pointContent() throws {
        let interconnect = try MemoryWallData.points(.interconnectBandwidth, edition: .blog2021)
        #expect(interconnect[0] == MemoryWallData.Point(year: 2003.0, value: 1.0, label: "PCIe 1.0a"))
        #expect(interconnect[3] == MemoryWallData.Point(year: 2016.2596, value: 10.0, label: "NVLink 1.0"))
        #expect(interconnect[4].label == "")
    }

    @Test("stated rates are read from the figures' own words")
    func statedRates() throws {
        let flops = try MemoryWallData.statedRate(.peakFlops, edition: .paper2024)
        #expect(flops == MemoryWallData.StatedRate(perTwoYears: 3.0, perTwentyYears: 60000, drawnLinePerTwoYears: 3.026,
                                                   text: "60000x / 20 yrs (3.0x/2yrs)"))
        #expect(try MemoryWallData.statedRate(.dramBandwidth, edition: .paper2024).perTwoYears == 1.6)
        #expect(try MemoryWallData.statedRate(.interconnectBandwidth, edition: .paper2024).perTwoYears == 1.4)
        #expect(try MemoryWallData.statedRate(.peakFlops, edition: .blog2021).perTwentyYears == 90000)
        #expect(try MemoryWallData.statedRate(.dramBandwidth, edition: .blog2021).perTwoYears == 1.4)
    }

    @Test("the CSV reader handles quotes, doubled quotes, commas in quotes and CRLF line ends")
    func csvQuoting() throws {
        let records = try CSVRecords("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,,\n", name: "t.csv")
        #expect(records.header == ["a", "b", "c"])
        #expect(records.rows == [["1", "x, y", "say \"hi\""], ["2", "", ""]])
    }

    @Test("a CSV row with the wrong number of fields is reported with its row")
    func csvShape() {
        #expect(throws: TrendError.malformedData(file: "t.csv", row: 3, reason: "2 fields where the header has 3")) {
            try CSVRecords("a,b,c\n1,2,3\n4,5\n", name: "t.csv")
        }
        #expect(throws: TrendError.malformedData(file: "t.csv", row: 2, reason: "a quoted field is not closed")) {
            try CSVRecords("a\n\"open\n", name: "t.csv")
        }
    }
}
