import Foundation

extension TopologyFile {
    /// Reads the topology a user named: a YAML file when `nameOrPath` is an existing path, else the
    /// built-in topology of that name (see `BuiltinTopologies`).
    ///
    /// A name that is neither gets a `Diagnostic` listing the built-ins and the nearest one.
    public static func resolve(_ nameOrPath: String) throws -> TopologyFile {
        if FileManager.default.fileExists(atPath: nameOrPath) {
            return try read(path: nameOrPath)
        }
        let stem = nameOrPath.hasSuffix(".yaml") ? String(nameOrPath.dropLast(5)) : nameOrPath
        let bareName = stem.split(separator: "/").last.map(String.init) ?? stem
        if !nameOrPath.contains("/"), let yaml = BuiltinTopologies.yaml(named: bareName) {
            return try read(text: yaml + "\n", path: "builtin:\(bareName)")
        }
        let names = BuiltinTopologies.files.map(\.name)
        throw Diagnostic(location: SourceLocation(path: nameOrPath, line: 0, column: 0),
                         message: "no such topology file, and no built-in topology of that name",
                         expected: "a YAML file path or one of: \(names.joined(separator: ", "))",
                         suggestion: Spelling.closest(to: bareName, among: names))
    }
}
