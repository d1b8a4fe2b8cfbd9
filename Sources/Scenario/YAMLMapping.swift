import Yams

/// Typed, checked access to the keys of a YAML mapping.
///
/// Schema code asks for each key it understands and finishes with `rejectUnknownKeys()`, which
/// reports the first key nobody asked for, with a "did you mean" drawn from the keys that were asked
/// for. So the set of valid keys is exactly what the schema reads, and cannot drift from it:
///
///     let link = try value.mapping()
///     let bandwidth: Bandwidth = try link.required("bandwidth")
///     let latency = try link.optional("latency", default: SimDuration.zero)
///     try link.rejectUnknownKeys()
///
/// A class because it records which keys were asked for while schema code holds it in a `let`.
public final class YAMLMapping {
    /// The mapping itself.
    public let value: YAMLValue
    private let entries: [(key: String, keyNode: Yams.Node, value: YAMLValue)]
    /// Keys the schema has asked about, present or not, in the order it asked.
    private var known: [String] = []

    /// Wraps a mapping value; a list, scalar or empty value is an error.
    public init(_ value: YAMLValue) throws {
        guard case .mapping(let mapping) = value.node else { throw value.typeMismatch(expected: "a mapping") }
        var entries: [(String, Yams.Node, YAMLValue)] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                let keyValue = YAMLValue(node: keyNode, path: value.path, keyPath: value.keyPath)
                throw keyValue.diagnostic("a key in \(value.name) is \(keyValue.found)", expected: "a plain word as a key")
            }
            entries.append((scalar.string, keyNode, value.child(scalar.string, node: valueNode)))
        }
        self.value = value
        self.entries = entries
    }

    /// The keys as written, in file order.
    public var keys: [String] { entries.map(\.key) }

    /// The value under `key`, if present; the key counts as known either way.
    public func value(_ key: String) -> YAMLValue? {
        if !known.contains(key) { known.append(key) }
        return entries.first { $0.key == key }?.value
    }

    /// Whether `key` is present; the key counts as known either way.
    public func contains(_ key: String) -> Bool { value(key) != nil }

    /// Where `key` itself is written, for errors about the entry as a whole.
    public func location(ofKey key: String) -> SourceLocation? {
        guard let keyNode = entries.first(where: { $0.key == key })?.keyNode else { return nil }
        return location(of: keyNode)
    }

    /// The value under `key`, which must be present; a missing key is reported at the mapping.
    public func required(_ key: String, expected: String) throws -> YAMLValue {
        guard let found = value(key) else {
            // A misspelt required key shows up first as a missing one; pointing at the misspelling
            // is the more useful report. Keys not yet asked about may still be valid, so only a key
            // one edit away is taken for a typo; a schema with valid keys that close (`node` and
            // `nodes`) asks about both with `contains` first, and known keys are never typos.
            if let typo = entries.first(where: { !known.contains($0.key) && Spelling.distance($0.key, key) <= 1 }) {
                throw Diagnostic(location: location(of: typo.keyNode), message: "unknown key '\(typo.key)' in \(value.name)",
                                 expected: "the required key '\(key)'", suggestion: key)
            }
            throw value.diagnostic("missing key '\(key)' in \(value.name)", expected: "a key '\(key)': \(expected)")
        }
        return found
    }

    /// The value under `key` read as `T`; missing, empty or malformed values are errors.
    public func required<T: YAMLDecodable>(_ key: String, as type: T.Type = T.self) throws -> T {
        try required(key, expected: T.expectation).decode(T.self)
    }

    /// The value under `key` read as `T`, which must be at least `minimum` (counts, sizes).
    public func required<T: YAMLDecodable & Comparable & CustomStringConvertible>(_ key: String, atLeast minimum: T) throws -> T {
        try required(key, expected: T.expectation).decode(atLeast: minimum)
    }

    /// The value under `key` read as `T`, or nil when the key is absent or empty.
    public func optional<T: YAMLDecodable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        guard let found = value(key), !found.isNull else { return nil }
        return try found.decode(T.self)
    }

    /// The value under `key` read as `T`, or `defaultValue` when the key is absent or empty.
    public func optional<T: YAMLDecodable>(_ key: String, default defaultValue: T) throws -> T {
        try optional(key, as: T.self) ?? defaultValue
    }

    /// The value under `key` read as `T` and at least `minimum`, or `defaultValue` when absent.
    public func optional<T: YAMLDecodable & Comparable & CustomStringConvertible>(
        _ key: String, default defaultValue: T, atLeast minimum: T
    ) throws -> T {
        guard let found = value(key), !found.isNull else { return defaultValue }
        return try found.decode(atLeast: minimum)
    }

    /// The mapping under `key`, which must be present.
    public func mapping(_ key: String) throws -> YAMLMapping {
        try required(key, expected: "a mapping").mapping()
    }

    /// The mapping under `key`, or nil when the key is absent.
    public func optionalMapping(_ key: String) throws -> YAMLMapping? {
        try value(key).map { try $0.mapping() }
    }

    /// The list under `key`, which must be present.
    public func sequence(_ key: String) throws -> [YAMLValue] {
        try required(key, expected: "a list").sequence()
    }

    /// Throws for the first key, in file order, that the schema never asked about, suggesting the
    /// nearest known key when the unknown one looks like a misspelling of it.
    public func rejectUnknownKeys() throws {
        guard let unknown = entries.first(where: { !known.contains($0.key) }) else { return }
        throw Diagnostic(
            location: location(of: unknown.keyNode),
            message: "unknown key '\(unknown.key)' in \(value.name)",
            expected: "one of: \(known.joined(separator: ", "))",
            suggestion: Spelling.closest(to: unknown.key, among: known))
    }

    private func location(of keyNode: Yams.Node) -> SourceLocation {
        YAMLValue(node: keyNode, path: value.path, keyPath: "").location
    }
}
