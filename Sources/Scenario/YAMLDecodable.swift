/// A type that can be read from one YAML value, with a description of its valid form for errors.
///
/// Conformances throw a `Diagnostic` located at the value (`value.diagnostic(...)`), naming the key
/// through `value.name` and ending with `expectation` or a more precise expected form.
public protocol YAMLDecodable {
    /// What a valid value looks like, completing "expected ...": `an integer, like '16'`.
    static var expectation: String { get }
    init(yaml value: YAMLValue) throws
}

extension String: YAMLDecodable {
    public static var expectation: String { "text" }
    public init(yaml value: YAMLValue) throws {
        self = try value.scalarText(expected: Self.expectation)
    }
}

extension Int: YAMLDecodable {
    public static var expectation: String { "an integer, like '16'" }

    /// Accepts decimal integers, with `_` as an optional digit separator (`16_384`); a fraction or a
    /// unit is an error of its own, so `2.5` and `8 GPUs` are told apart from words.
    public init(yaml value: YAMLValue) throws {
        let text = try value.scalarText(expected: Self.expectation)
        let digits = text.replacingOccurrences(of: "_", with: "")
        if let integer = Int(digits) {
            self = integer
        } else if let number = Double(digits), number.isFinite {
            throw value.diagnostic("\(value.name) is not a whole number: '\(text)'", expected: Self.expectation)
        } else {
            throw value.diagnostic("\(value.name) is not a number: '\(text)'", expected: Self.expectation)
        }
    }
}

extension Double: YAMLDecodable {
    public static var expectation: String { "a number, like '1.5'" }
    public init(yaml value: YAMLValue) throws {
        let text = try value.scalarText(expected: Self.expectation)
        guard let number = Double(text.replacingOccurrences(of: "_", with: "")), number.isFinite else {
            throw value.diagnostic("\(value.name) is not a number: '\(text)'", expected: Self.expectation)
        }
        self = number
    }
}

extension Bool: YAMLDecodable {
    public static var expectation: String { "true or false" }
    public init(yaml value: YAMLValue) throws {
        let text = try value.scalarText(expected: Self.expectation)
        switch text {
        case "true": self = true
        case "false": self = false
        default: throw value.diagnostic("\(value.name) is not true or false: '\(text)'", expected: Self.expectation)
        }
    }
}

extension Array: YAMLDecodable where Element: YAMLDecodable {
    public static var expectation: String { "a list of \(Element.expectation)" }
    public init(yaml value: YAMLValue) throws {
        self = try value.sequence().map { try $0.decode(Element.self) }
    }
}

/// A closed set of words, such as a topology kind; declare `extension Kind: YAMLDecodable {}`.
/// An unknown word is reported with the valid ones and the nearest of them.
extension YAMLDecodable where Self: RawRepresentable & CaseIterable, RawValue == String {
    public static var expectation: String { "one of: " + allCases.map(\.rawValue).joined(separator: ", ") }

    public init(yaml value: YAMLValue) throws {
        let text = try value.scalarText(expected: Self.expectation)
        guard let choice = Self(rawValue: text) else {
            let words = Self.allCases.map(\.rawValue)
            throw value.diagnostic("\(value.name) has an unknown value '\(text)'", expected: Self.expectation,
                                   suggestion: Spelling.closest(to: text, among: words))
        }
        self = choice
    }
}
