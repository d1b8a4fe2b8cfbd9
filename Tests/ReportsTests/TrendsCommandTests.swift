import Foundation
import Testing

/// Runs the real `wallsim trends` binary (built next to this test bundle) and compares whole outputs,
/// the way swift-argument-parser's example tests do.
@Suite("wallsim trends, end to end", .enabled(if: Wallsim.isBuilt, "build the wallsim product first (swift build)"))
struct TrendsCommandTests {
    @Test("--fit prints the stated rates beside the fitted ones, with R^2 and the number of points")
    func fit() throws {
        let run = try Wallsim.run(["trends", "--fit"])
        #expect(run.status == 0)
        #expect(run.output == """
            # wallsim trends --fit: Gholami et al., AI and Memory Wall, hardware-scaling figure (edition 2023; 2023 = IEEE Micro 2024 paper, 2021 = blog)
            edition quantity               points from(year) to(year) | stated(x/2yr) stated(x/20yr) authors_line(x/2yr) | fit(x/2yr) fit(x/20yr)     r2
               2023 peak hardware FLOPS        37    1997.08  2022.72 |           3.0          60000               3.026 |      3.026     64306.3 0.9086
               2023 DRAM bandwidth             12    2003.75  2022.22 |           1.6            100               1.592 |      1.592       104.3 0.9224
               2023 interconnect bandwidth     10    2003.00  2022.72 |           1.4             30               1.415 |      1.415        32.2 0.9650
            # stated: the figure's own words; authors_line: the slope of the line drawn in the figure;
            # fit: least squares of log10(value) on year over the figure's points (Gholami et al., AI and Memory Wall).

            """)
    }

    @Test("--project reports the scaled times per year and the first communication-bound year")
    func project() throws {
        let run = try Wallsim.run(["trends", "--project", "--compute", "100ms", "--communication", "20ms",
                                   "--memory", "10ms", "--year", "2024", "--years", "6"])
        #expect(run.status == 0)
        #expect(run.output == """
            # wallsim trends --project: base 2024: compute 100 ms, communication 20 ms, memory 10 ms; 6 years
            year compute(ms) communication(ms) memory(ms) communication/compute(x) memory/compute(x) bottleneck
            2024     100.000            20.000     10.000                    0.200             0.100 compute
            2025      57.735            16.903      7.906                    0.293             0.137 compute
            2026      33.333            14.286      6.250                    0.429             0.188 compute
            2027      19.245            12.074      4.941                    0.627             0.257 compute
            2028      11.111            10.204      3.906                    0.918             0.352 compute
            2029       6.415             8.624      3.088                    1.344             0.481 communication
            2030       3.704             7.289      2.441                    1.968             0.659 communication
            # rates per 2 years: flops 3x, dram 1.6x, interconnect 1.4x
            # communication exceeds compute from 2029 (crossover at 2028.22)
            # memory does not exceed compute by 2030 (crossover at 2031.33)

            """)
    }

    @Test("--rates overrides a stated rate; CSV has the table's columns and no commentary")
    func ratesAndCSV() throws {
        let run = try Wallsim.run(["trends", "--project", "--years", "2", "--rates", "interconnect=3", "--format", "csv"])
        #expect(run.status == 0)
        // With interconnect growing as fast as FLOPS, the ratio stays at 0.2.
        #expect(run.output == """
            year,compute(ms),communication(ms),memory(ms),communication/compute(x),memory/compute(x),bottleneck
            2024,100.000,20.000,10.000,0.200,0.100,compute
            2025,57.735,11.547,7.906,0.200,0.137,compute
            2026,33.333,6.667,6.250,0.200,0.188,compute

            """)
    }

    @Test("--plot and --output write an SVG with every data point and the same text as printed")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trends-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (plot, output) = (directory.appendingPathComponent("fit.svg").path, directory.appendingPathComponent("fit.json").path)
        let run = try Wallsim.run(["trends", "--fit", "--format", "json", "--plot", plot, "--output", output])
        #expect(run.status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == run.output)
        let svg = try #require(SvgElements(try String(contentsOfFile: plot, encoding: .utf8)))
        // 37 + 12 + 10 data points and the two ends of each of the three fitted lines.
        #expect(svg.all("circle", class: "point").count == 37 + 12 + 10 + 6)
    }

    @Test("bad flags fail with exit status 64 and say what is wrong")
    func errors() throws {
        let cases: [([String], String)] = [
            (["--fit", "--project"], "give --fit or --project, not both"),
            (["--project", "--rates", "flop=2"], "unknown name 'flop'; expected flops, dram, interconnect"),
            (["--project", "--compute", "100"], "--compute '100' is not a duration"),
            (["--edition", "2022"], "--edition must be 2021, 2023 or all; got '2022'"),
        ]
        for (arguments, message) in cases {
            let run = try Wallsim.run(["trends"] + arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.errors.contains(message), "\(arguments): \(run.errors)")
        }
    }
}

/// The `wallsim` executable next to the test bundle, run to completion.
enum Wallsim {
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("wallsim")
    }

    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}
