import Testing
import SimKernel
@testable import Scenario

private func parseError(_ text: String) -> String? {
    diagnostic { _ = try YAMLDocument.parse(text: text, path: "t.yaml") }
}

@Suite("YAML syntax errors and low-level parsers")
struct YAMLSyntaxTests {
    @Test("an unclosed flow mapping is reported where libyaml gave up, with where it began")
    func unclosedFlowMapping() {
        #expect(parseError("link: { bandwidth: 400 Gbps\n") == """
            t.yaml:2:1: error: invalid YAML: did not find expected ',' or '}', while parsing a flow mapping at line 1, column 7 (expected well-formed YAML)
            """)
    }

    @Test("a badly indented key is a syntax error at that key")
    func badIndentation() {
        #expect(parseError("link:\n  bandwidth: 1 Gbps\n latency: 1 us\n") == """
            t.yaml:3:2: error: invalid YAML: did not find expected key, while parsing a block mapping at line 1, column 1 (expected well-formed YAML)
            """)
    }

    @Test("a second colon on a line is a syntax error at the colon")
    func nestedColon() {
        #expect(parseError("a: b: c\n") == """
            t.yaml:1:5: error: invalid YAML: mapping values are not allowed in this context (expected well-formed YAML)
            """)
    }

    @Test("a duplicate key is reported at its second occurrence")
    func duplicateKey() {
        #expect(parseError("link:\n  bandwidth: 1 Gbps\n  # again\n\n  bandwidth: 2 Gbps\n") == """
            t.yaml:5:3: error: duplicate key 'bandwidth', first written at line 2 (expected each key once per mapping)
            """)
    }

    @Test("a duplicate key in a flow mapping is reported at its first occurrence")
    func duplicateKeyInFlowMapping() {
        #expect(parseError("link: { a: 1, a: 2 }\n") == """
            t.yaml:1:9: error: key 'a' appears more than once in this mapping (expected each key once per mapping)
            """)
    }

    @Test("an unreadable file is reported by path alone")
    func unreadableFile() {
        #expect(diagnostic { _ = try YAMLDocument.load(path: "/nonexistent/x.yaml") } == """
            /nonexistent/x.yaml: error: cannot read the file (expected a readable YAML file)
            """)
    }

    @Test("durations parse to exact picoseconds in every unit", arguments: [
        ("1.5 us", 1_500_000), ("700 ns", 700_000), ("2 ms", 2_000_000_000), ("0 s", 0),
        ("0.7us", 700_000), ("1e3 ns", 1_000_000), ("3 ps", 3), ("1 s", 1_000_000_000_000), ("-2 ns", -2_000),
    ] as [(String, Int64)])
    func durations(text: String, picoseconds: Int64) {
        #expect(SimDuration(parsing: text) == SimDuration(picoseconds: picoseconds))
    }

    @Test("durations without a known unit do not parse", arguments: ["1.5", "1.5 sec", "us", "", "1.5 Us"])
    func badDurations(text: String) {
        #expect(SimDuration(parsing: text) == nil)
    }

    @Test("edit distance counts insertions, deletions, substitutions and adjacent swaps", arguments: [
        ("bandwith", "bandwidth", 1), ("ltaency", "latency", 1), ("kitten", "sitting", 3),
        ("", "abc", 3), ("nodes", "nodes", 0), ("CA", "ABC", 3), ("Gbps", "gbps", 0),
    ] as [(String, String, Int)])
    func editDistance(a: String, b: String, expected: Int) {
        #expect(Spelling.distance(a, b) == expected)
        #expect(Spelling.distance(b, a) == expected)
    }

    @Test("suggestions are only offered for plausible typos, first candidate winning ties")
    func suggestions() {
        #expect(Spelling.closest(to: "lantency", among: ["bandwidth", "latency"]) == "latency")
        #expect(Spelling.closest(to: "colour", among: ["bandwidth", "latency"]) == nil)
        #expect(Spelling.closest(to: "ab", among: ["aa", "bb"]) == "aa")
    }
}
