import Reports

extension SweepCommand {
    /// A self-contained HTML page of one table and its plot, for `--report`: no scripts, no external
    /// files, so it opens anywhere and can be mailed as is.
    enum HTMLPage {
        static func render(title: String, heading: String, table: Table, svg: String) -> String {
            let header = table.columns.map { "<th>\(escape($0.title))</th>" }.joined()
            let rows = table.rows.map { row in
                "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>"
            }
            let notes = (heading.split(separator: "\n").map(String.init) + table.footer).map { "<p>\(escape($0))</p>" }
            // The SVG goes in as an element; an XML declaration is not allowed there.
            let figure = svg.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("<?xml") }.joined(separator: "\n")
            return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>\(escape(title))</title>
                <style>
                body { font-family: sans-serif; margin: 2em; }
                table { border-collapse: collapse; font-size: 0.9em; }
                th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: right; }
                th { background: #f0f0f0; }
                </style>
                </head>
                <body>
                <h1>\(escape(title))</h1>
                \(notes.joined(separator: "\n"))
                <table>
                <tr>\(header)</tr>
                \(rows.joined(separator: "\n"))
                </table>
                <figure>
                \(figure)</figure>
                </body>
                </html>

                """
        }

        static func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
    }
}
