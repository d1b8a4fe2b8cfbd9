/// The rows of a CSV text (RFC 4180: comma-separated, fields optionally double-quoted, `""` for a
/// quote inside quotes, CRLF or LF line ends), addressed by header name.
struct CSVRecords {
    let header: [String]
    /// Data rows, each with one field per header column.
    let rows: [[String]]

    /// Parses `text`, whose first line is the header; blank lines are skipped.
    /// - Complexity: O(length of the text).
    init(_ text: String, name: String) throws(TrendError) {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\r" where pending == "\n": break
            case "\n", "\r":
                record.append(field)
                field = ""
                if record != [""] { records.append(record) }
                record = []
            default: field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw .malformedData(file: name, row: records.count + 1, reason: "a quoted field is not closed") }
        record.append(field)
        if record != [""] { records.append(record) }

        guard let header = records.first else { throw .malformedData(file: name, row: 0, reason: "the file is empty") }
        for (index, row) in records.enumerated() where row.count != header.count {
            throw .malformedData(file: name, row: index + 1,
                                 reason: "\(row.count) fields where the header has \(header.count)")
        }
        self.header = header
        self.rows = Array(records.dropFirst())
    }

    /// The position of the column titled `title`.
    func column(_ title: String, in name: String) throws(TrendError) -> Int {
        guard let index = header.firstIndex(of: title) else {
            throw .malformedData(file: name, row: 1, reason: "no column '\(title)'")
        }
        return index
    }
}
