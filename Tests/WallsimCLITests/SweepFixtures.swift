import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Small inputs for the compare and sweep tests, and readers for what those commands write.
enum SweepFixtures {
    /// A 4-layer BERT-shaped model, data parallel on 4 A100s of `slow-switch`: it simulates in
    /// milliseconds, and on 25 Gbps ports its gradient all-reduce outgrows compute at 4 GPUs.
    static func config() throws -> String {
        // The config names its topology relative to itself, so both go in the same directory.
        _ = try WallsimCLITests.temporaryFile("""
            name: slow-switch
            topology:
              kind: switch
              npus: 16
              bandwidth: 25 Gbps
              latency: 1 us
            """, name: "slow-switch.yaml")
        return try WallsimCLITests.temporaryFile("""
            name: tiny-bert
            description: a 4-layer BERT-shaped model, data parallel on 4 A100s
            topology: slow-switch.yaml
            accelerator: a100
            model:
              kind: transformer
              layers: 4
              hidden: 1024
              heads: 16
              sequence-length: 512
              vocabulary: 30522
            parallel:
              ranks: 4
              microbatch-size: 4
              global-batch: 64
            """, name: "tiny-bert.yaml")
    }

    /// The path of the slow switch the config runs on (written by `config()`).
    static func slowSwitch() throws -> String {
        URL(fileURLWithPath: try config()).deletingLastPathComponent().appendingPathComponent("slow-switch.yaml").path
    }

    /// A temporary path for an output file.
    static func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wallsim-\(getpid())-\(name)").path
    }

    /// CSV text (no quoted cells) as one dictionary per row, keyed by header.
    static func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// The attributes of every element named `name` with `class` `className` in an SVG file, in order.
    static func elements(_ name: String, class className: String, inSVG path: String) throws -> [[String: String]] {
        let collector = Collector(name: name, className: className)
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: path)))
        parser.delegate = collector
        guard parser.parse() else { throw CocoaError(.fileReadCorruptFile) }
        return collector.found
    }

    private final class Collector: NSObject, XMLParserDelegate {
        let name: String
        let className: String
        var found: [[String: String]] = []

        init(name: String, className: String) {
            self.name = name
            self.className = className
        }

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            if element == name && attributes["class"] == className { found.append(attributes) }
        }
    }
}

extension Dictionary where Key == String, Value == String {
    /// The cell of `column` as a number; NaN when missing, so comparisons with it fail.
    func number(_ column: String) -> Double { self[column].flatMap(Double.init) ?? .nan }
}
