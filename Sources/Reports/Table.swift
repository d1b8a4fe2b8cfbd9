import Foundation

/// A table of results that renders the same columns as aligned text, CSV or JSON.
///
/// Column headers carry their units (`time(us)`, `busbw(GB/s)`), so a CSV or JSON file read without the
/// terminal still says what its numbers mean. Cells are kept as text, already formatted, so that all
/// three renderings show exactly the same figures.
///
///     var table = Table(columns: [.init("size(B)"), .init("time(us)")])
///     table.append(["1024", "3.52"])
///     print(table.render(.text))
public struct Table: Sendable {
    public struct Column: Sendable {
        public var title: String
        public var alignment: Alignment
        public init(_ title: String, alignment: Alignment = .right) {
            self.title = title
            self.alignment = alignment
        }
    }

    public enum Alignment: Sendable { case left, right }

    public var columns: [Column]
    public private(set) var rows: [[String]] = []
    /// Lines printed after the text table only (e.g. nccl-tests' `# Avg bus bandwidth`); CSV and JSON
    /// carry the same facts in their own fields.
    public var footer: [String] = []
    /// Columns after which the text rendering draws a `|` separator.
    public var separatorsAfter: Set<Int> = []

    public init(columns: [Column]) { self.columns = columns }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "row has \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    public enum Format: String, Sendable, CaseIterable {
        case text = "table", csv, json
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .text: renderText()
        case .csv: renderCSV()
        case .json: renderJSON()
        }
    }

    func renderText() -> String {
        let widths = columns.indices.map { c in
            max(columns[c].title.count, rows.map { $0[c].count }.max() ?? 0)
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (c, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                out += c == 0 ? "" : " "
                out += columns[c].alignment == .right ? pad + cell : cell + pad
                if separatorsAfter.contains(c) && c < cells.count - 1 { out += " |" }
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out
        }
        var lines = [line(columns.map(\.title))]
        lines += rows.map(line)
        lines += footer
        return lines.joined(separator: "\n") + "\n"
    }

    func renderCSV() -> String {
        func escape(_ cell: String) -> String {
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        let lines = [columns.map { escape($0.title) }] + rows.map { $0.map(escape) }
        return lines.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// A JSON array of objects keyed by column title; numeric cells become JSON numbers.
    func renderJSON() -> String {
        let objects = rows.map { row in
            "  {" + zip(columns, row).map { column, cell in
                "\(jsonString(column.title)): \(Double(cell) != nil && cell.allSatisfy({ !$0.isLetter }) ? cell : jsonString(cell))"
            }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + (objects.isEmpty ? "]\n" : "\n]\n")
    }
}

/// A JSON string literal for `text`, escaping quotes, backslashes and control characters.
public func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 {
                out += String(format: "\\u%04x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
