import Foundation

/// An SVG file built element by element, whose bytes depend only on the calls made.
///
/// Attributes are written in the order given (never from a dictionary) and numbers go through
/// `SvgNumber`, so the same plot always renders to the same file. Text and attribute values are
/// escaped, so any series name or label yields well-formed XML.
struct SvgDocument {
    typealias Attributes = KeyValuePairs<String, String>

    let width: Int
    let height: Int
    private var lines: [String] = []
    private var depth = 1

    /// Starts a document of `width` x `height` user units (pixels) with a `<title>` for viewers and
    /// screen readers, on a white background.
    init(width: Int, height: Int, title: String) {
        self.width = width
        self.height = height
        lines.append(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        lines.append(#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\#(width)" height="\#(height)" "#
            + #"viewBox="0 0 \#(width) \#(height)" font-family="Helvetica, Arial, sans-serif" font-size="12">"#)
        element("title", [:], text: title)
        element("rect", ["width": "\(width)", "height": "\(height)", "fill": "white"])
    }

    /// Appends an element with no children, or with `text` as its only content.
    mutating func element(_ name: String, _ attributes: Attributes, text: String? = nil) {
        let head = "<" + name + Self.render(attributes)
        if let text {
            append(head + ">" + Self.escape(text) + "</" + name + ">")
        } else {
            append(head + "/>")
        }
    }

    /// Opens a group (or any container); every `open` is matched by one `close`.
    mutating func open(_ name: String, _ attributes: Attributes) {
        append("<" + name + Self.render(attributes) + ">")
        depth += 1
    }

    mutating func close(_ name: String) {
        precondition(depth > 1, "close('\(name)') without a matching open")
        depth -= 1
        append("</" + name + ">")
    }

    /// The finished file, ending in a newline.
    func rendered() -> String {
        precondition(depth == 1, "\(depth - 1) element(s) left open")
        return (lines + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    private mutating func append(_ line: String) {
        lines.append(String(repeating: "  ", count: depth) + line)
    }

    private static func render(_ attributes: Attributes) -> String {
        attributes.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
    }

    /// `text` with the five XML special characters replaced by entities, safe in content and in
    /// double-quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// Number formats for SVG files: coordinates, data attributes and tick labels, all independent of
/// the locale and of the platform.
enum SvgNumber {
    /// A coordinate with at most two decimals (a hundredth of a pixel), trailing zeros dropped.
    static func coordinate(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// The exact value, as the shortest text that reads back as the same `Double`, so that a reader
    /// of `data-*` attributes recovers the plotted number bit for bit. Integers print without `.0`.
    static func data(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A tick or value label: plain decimals from 0.001 up to `plainBelow` (a million unless given),
    /// `2e9` style outside, with at most six significant digits and no trailing zeros.
    static func label(_ value: Double, plainBelow: Double = 1e6) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < plainBelow {
            let decimals = max(0, 5 - Int(floor(log10(magnitude))))
            return trimmed(String(format: "%.\(decimals)f", value))
        }
        let exponent = Int(floor(log10(magnitude)))
        var mantissa = value / pow(10, Double(exponent))
        var power = exponent
        if abs(mantissa) >= 9.999995 {
            mantissa /= 10
            power += 1
        }
        return trimmed(String(format: "%.5f", mantissa)) + "e" + String(power)
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var out = text
        while out.hasSuffix("0") { out.removeLast() }
        if out.hasSuffix(".") { out.removeLast() }
        return out
    }
}
