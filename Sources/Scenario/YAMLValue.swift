import Yams

/// One node of a parsed YAML document together with where it came from: the file, its line and
/// column, and its key path (`topology.links[2].bandwidth`), so that every error can name both.
///
/// Values are read through `decode(_:)`, `mapping()` and `sequence()`, each of which throws a
/// `Diagnostic` pointing at this node when the text is not of the expected form.
public struct YAMLValue {
    /// The node as Yams composed it.
    public let node: Yams.Node
    /// The file the node was read from, as given to `YAMLDocument.parse(text:path:)`.
    public let path: String
    /// Keys and list indices from the document root to this node, e.g. `topology.links[2].from`;
    /// empty for the root itself.
    public let keyPath: String

    public init(node: Yams.Node, path: String, keyPath: String) {
        self.node = node
        self.path = path
        self.keyPath = keyPath
    }

    /// Where the node starts in its file. Only the stand-in for an empty document has no mark, and
    /// the start of the file is the right place to point at for that.
    public var location: SourceLocation {
        guard let mark = node.mark else { return SourceLocation(path: path, line: 1, column: 1) }
        return SourceLocation(path: path, line: mark.line, column: mark.column)
    }

    /// How messages refer to this value: `'topology.nodes'`, or `the document` for the root.
    public var name: String { keyPath.isEmpty ? "the document" : "'\(keyPath)'" }

    /// True for an empty value (`key:` with nothing after it, `~` or `null`).
    public var isNull: Bool {
        if case .scalar = node { return node.null != nil }
        return false
    }

    /// What the value is, for messages: `a mapping`, `a list`, `empty`, or its text in quotes.
    var found: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar): return isNull ? "empty" : "'\(scalar.string)'"
        }
    }

    /// A diagnostic located at this value.
    public func diagnostic(_ message: String, expected: String? = nil, suggestion: String? = nil) -> Diagnostic {
        Diagnostic(location: location, message: message, expected: expected, suggestion: suggestion)
    }

    /// The error for a value of the wrong shape: `'topology.nodes' is a mapping (expected an integer, like '16')`.
    public func typeMismatch(expected: String) -> Diagnostic {
        diagnostic("\(name) is \(found)", expected: expected)
    }

    /// The text of a non-empty scalar; a mapping, list or empty value is an error saying what was expected.
    public func scalarText(expected: String) throws -> String {
        guard case .scalar(let scalar) = node, !isNull else { throw typeMismatch(expected: expected) }
        return scalar.string
    }

    /// The value read as `T`, or a diagnostic saying what is wrong with it.
    public func decode<T: YAMLDecodable>(_ type: T.Type = T.self) throws -> T {
        try T(yaml: self)
    }

    /// The value read as `T`, which must be at least `minimum` (counts, sizes).
    public func decode<T: YAMLDecodable & Comparable & CustomStringConvertible>(atLeast minimum: T) throws -> T {
        let decoded = try T(yaml: self)
        guard decoded >= minimum else {
            throw diagnostic("\(name) is \(decoded), below the minimum", expected: "at least \(minimum)")
        }
        return decoded
    }

    /// The value as a mapping whose keys can be read and checked.
    public func mapping() throws -> YAMLMapping {
        try YAMLMapping(self)
    }

    /// The elements of a list, each with its index in the key path.
    public func sequence() throws -> [YAMLValue] {
        guard case .sequence(let sequence) = node else { throw typeMismatch(expected: "a list") }
        return sequence.enumerated().map { index, element in
            YAMLValue(node: element, path: path, keyPath: "\(keyPath)[\(index)]")
        }
    }

    /// The value under `key` of this mapping value, with the key path extended.
    func child(_ key: String, node: Yams.Node) -> YAMLValue {
        YAMLValue(node: node, path: path, keyPath: keyPath.isEmpty ? key : "\(keyPath).\(key)")
    }
}
