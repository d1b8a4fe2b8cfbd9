import Foundation

extension ConfigFile {
    /// Reads the config a user named: a YAML file when `nameOrPath` is an existing path, else the
    /// built-in config of that name (see `BuiltinConfigs`). A name that is neither gets a
    /// `Diagnostic` listing the built-ins and the nearest one.
    public static func resolve(_ nameOrPath: String) throws -> ConfigFile {
        if FileManager.default.fileExists(atPath: nameOrPath) {
            return try load(path: nameOrPath)
        }
        let stem = nameOrPath.hasSuffix(".yaml") ? String(nameOrPath.dropLast(5)) : nameOrPath
        let bareName = stem.split(separator: "/").last.map(String.init) ?? stem
        if !nameOrPath.contains("/") || nameOrPath.hasPrefix("Configs/"), let yaml = BuiltinConfigs.yaml(named: bareName) {
            return try parse(text: yaml + "\n", path: "builtin:\(bareName)")
        }
        let names = BuiltinConfigs.files.map(\.name)
        throw Diagnostic(location: SourceLocation(path: nameOrPath, line: 0, column: 0),
                         message: "no such config file, and no built-in config of that name",
                         expected: "a YAML file path or one of: \(names.joined(separator: ", "))",
                         suggestion: Spelling.closest(to: bareName, among: names))
    }
}
