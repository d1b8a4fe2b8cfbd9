import Foundation
import Testing

@Suite("wallsim trends --project --config")
struct TrendsProjectConfigTests {
    @Test("a workload's simulated breakdown is the projection's base year, parts adding up to its run")
    func projectFromConfig() throws {
        let run = try WallsimCLITests.wallsim("run", "resnet50-dp", "--format", "csv")
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let row = Dictionary(uniqueKeysWithValues: zip(lines[0], lines[1]))
        let busy = try #require(Double(row["compute(s)"] ?? "")) + (try #require(Double(row["optimizer(s)"] ?? "")))
        let exposed = ["tp(s)", "pp(s)", "dp(s)", "alltoall(s)"].compactMap { row[$0].flatMap(Double.init) }.reduce(0, +)

        let trends = try WallsimCLITests.wallsim("trends", "--project", "--config", "resnet50-dp", "--years", "3",
                                                 "--format", "csv")
        #expect(trends.status == 0)
        let table = trends.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = table[0]
        #expect(header.first == "year")
        let base = Dictionary(uniqueKeysWithValues: zip(header, table[1]))
        func seconds(_ key: String) throws -> Double {
            let column = try #require(header.first { $0.hasPrefix(key + "(") })
            let scale = column.hasSuffix("(ms)") ? 1e-3 : column.hasSuffix("(us)") ? 1e-6 : 1
            return try #require(Double(base[column] ?? "")) * scale
        }
        // A CNN's memory-bound share is not modelled separately, so all of its busy time is compute.
        #expect(abs(try seconds("compute") + seconds("memory") - busy) < 1e-6)
        #expect(abs(try seconds("communication") - exposed) < 1e-6)
        #expect(table.count == 5, "the base year and 3 projected years")
    }
}
