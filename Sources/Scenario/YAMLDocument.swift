import Foundation
import Yams

/// Reads YAML text into a `YAMLValue` tree whose every node knows its file, line and column.
///
/// Syntax errors from libyaml (through Yams) come out as `Diagnostic`s in the same
/// `path:line:col: error:` form as schema errors, so a user sees one kind of message whatever went wrong.
public enum YAMLDocument {
    /// Parses `text` as if read from `path` (used only in messages). An empty document is an empty
    /// root value, which schema code reports as "the document is empty".
    public static func parse(text: String, path: String) throws -> YAMLValue {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw diagnostic(for: error, text: text, path: path)
        }
        // An empty document has no node and no mark; an empty scalar stands in, located at 1:1.
        return YAMLValue(node: root ?? Yams.Node("", Tag(.null), .plain), path: path, keyPath: "")
    }

    /// Reads and parses the file at `path`; an unreadable file is a diagnostic naming the path.
    public static func load(path: String) throws -> YAMLValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(location: SourceLocation(path: path, line: 0, column: 0),
                             message: "cannot read the file", expected: "a readable YAML file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(location: SourceLocation(path: path, line: 0, column: 0),
                             message: "the file is not UTF-8 text", expected: "a YAML file in UTF-8")
        }
        return try parse(text: text, path: path)
    }

    /// Translates a Yams error into a diagnostic at the position libyaml reported.
    static func diagnostic(for error: YamlError, text: String, path: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(path: path, line: mark.line, column: mark.column) }
        let expected = "well-formed YAML"
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            // libyaml's context is where the construct being read began, e.g. "while scanning a
            // quoted scalar" at the opening quote; it helps when the problem is far from the start.
            let while_ = context.map { ", \($0.text) at line \($0.mark.line), column \($0.mark.column)" } ?? ""
            return Diagnostic(location: at(mark), message: "invalid YAML: \(problem)\(while_)", expected: expected)
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams marks the first occurrence; the second is the one a user has just added or
            // pasted, so point there when it can be found.
            let key = duplicates.first ?? ""
            let first = at(context.mark)
            guard let second = repetition(of: key, after: first, in: text) else {
                return Diagnostic(location: first, message: "key '\(key)' appears more than once in this mapping",
                                  expected: "each key once per mapping")
            }
            return Diagnostic(location: second, message: "duplicate key '\(key)', first written at line \(first.line)",
                              expected: "each key once per mapping")
        case let .reader(problem, offset, _, _):
            return Diagnostic(location: location(ofByte: offset ?? 0, in: text, path: path),
                              message: "invalid YAML text: \(problem)", expected: expected)
        default:
            return Diagnostic(location: SourceLocation(path: path, line: 0, column: 0),
                              message: "invalid YAML: \(error)", expected: expected)
        }
    }

    /// The next block-mapping line after `first` that writes `key` at the same column, stopping
    /// where the mapping ends (a line indented less). Nil for flow mappings and other layouts.
    static func repetition(of key: String, after first: SourceLocation, in text: String) -> SourceLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = first.column - 1
        guard first.line >= 1, first.line < lines.count else { return nil }
        for number in (first.line + 1)...lines.count {
            let line = lines[number - 1]
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let column = line.count - content.count
            if column < indent { return nil }
            guard column == indent, content.hasPrefix(key) else { continue }
            if content.dropFirst(key.count).drop(while: { $0 == " " }).hasPrefix(":") {
                return SourceLocation(path: first.path, line: number, column: first.column)
            }
        }
        return nil
    }

    /// The line and column (in Unicode scalars, as libyaml counts) of a UTF-8 byte offset.
    static func location(ofByte offset: Int, in text: String, path: String) -> SourceLocation {
        var line = 1, column = 1, bytes = 0
        for scalar in text.unicodeScalars {
            if bytes >= offset { break }
            bytes += UTF8.width(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(path: path, line: line, column: column)
    }
}
