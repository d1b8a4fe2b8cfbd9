import Foundation

/// A number followed by a unit word, as written in a file: `400 Gbps`, `1.5us`, `-2 ms`, `1e3 MB/s`.
///
/// Splitting is kept apart from unit lookup so that errors can tell a missing unit (`400`) from an
/// unknown one (`400 Gbit`) from no number at all (`fast`).
struct Quantity {
    var number: Double
    /// The text after the number, trimmed; empty when no unit was written.
    var unit: String

    /// The longest leading run that reads as a finite decimal number, then the rest as the unit;
    /// nil when the text does not start with a number.
    ///
    /// - Complexity: O(n^2) in the length of the text, which is a few characters.
    init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let numeric = trimmed.prefix { "0123456789.+-eE".contains($0) }
        var end = numeric.endIndex
        while end > numeric.startIndex {
            if let number = Double(trimmed[..<end]), number.isFinite {
                self.number = number
                self.unit = trimmed[end...].trimmingCharacters(in: .whitespaces)
                return
            }
            end = trimmed.index(before: end)
        }
        return nil
    }

    /// Reads a scalar value against a unit table, throwing the diagnostic for each way it can go
    /// wrong; returns the number, its (known) unit and the text as written, for later messages.
    /// - Parameters:
    ///   - what: the kind of quantity, for messages (`bandwidth`).
    ///   - expected: the whole expected form, like "a bandwidth with a unit, like '400 Gbps'".
    static func read(_ value: YAMLValue, what: String, expected: String,
                     units: [String]) throws -> (number: Double, unit: String, text: String) {
        let text = try value.scalarText(expected: expected)
        guard let quantity = Quantity(text) else {
            throw value.diagnostic("\(value.name) is not a \(what): '\(text)'", expected: expected)
        }
        if quantity.unit.isEmpty {
            throw value.diagnostic("\(value.name) has no unit: '\(text)'", expected: expected)
        }
        guard units.contains(quantity.unit) else {
            throw value.diagnostic("\(value.name) has an unknown unit '\(quantity.unit)'",
                                   expected: "a \(what) unit: " + units.joined(separator: ", "),
                                   suggestion: Spelling.closest(to: quantity.unit, among: units))
        }
        return (quantity.number, quantity.unit, text)
    }
}
