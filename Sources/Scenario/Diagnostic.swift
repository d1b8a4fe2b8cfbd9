import Foundation

/// A position in an input file: 1-based line and column as libyaml counts them (columns in Unicode
/// scalars), or line 0 for a problem with the file as a whole.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:col`, the form compilers use so that editors and terminals can jump to the spot.
    public var description: String { line > 0 ? "\(path):\(line):\(column)" : path }
}

/// A problem in an input file, rendered like a compiler error:
///
///     switch.yaml:4:14: error: 'topology.bandwidth' has no unit: '400' (expected a bandwidth with a unit, like '400 Gbps' or '300 GB/s')
///     switch.yaml:5:3: error: unknown key 'bandwith' in 'topology' (expected one of: kind, hosts, bandwidth, latency); did you mean 'bandwidth'?
///
/// Every error the Scenario module throws is a `Diagnostic`, so a caller prints `description` and
/// is done. The message says what is wrong, `expected` says what would be right, and `suggestion` is a
/// near spelling of the valid word when the input looks like a typo.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    /// What is wrong, naming the key it concerns.
    public var message: String
    /// What would be accepted there.
    public var expected: String?
    /// The valid word nearest to a misspelt one (a key, a unit or a choice).
    public var suggestion: String?

    public init(location: SourceLocation, message: String, expected: String? = nil, suggestion: String? = nil) {
        self.location = location
        self.message = message
        self.expected = expected
        self.suggestion = suggestion
    }

    /// `path:line:col: error: <message> (expected <expected>); did you mean '<suggestion>'?`
    public var description: String {
        var text = "\(location): error: \(message)"
        if let expected { text += " (expected \(expected))" }
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        return text
    }
}

extension Diagnostic: LocalizedError {
    public var errorDescription: String? { description }
}
