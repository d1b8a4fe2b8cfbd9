/// How a name on the command line picks a built-in file: `dgx-a100-cluster`, `dgx-a100-cluster.yaml`
/// or `Topologies/dgx-a100-cluster.yaml` (the shipped path, so README commands work from anywhere).
enum BuiltinName {
    /// The built-in file `nameOrPath` names among `files`, if any; `folder` is where the files ship.
    static func lookup(_ nameOrPath: String, folder: String, in files: [(name: String, yaml: String)]) -> (name: String, yaml: String)? {
        var name = nameOrPath.hasSuffix(".yaml") ? String(nameOrPath.dropLast(5)) : nameOrPath
        if name.hasPrefix(folder + "/") { name.removeFirst(folder.count + 1) }
        guard !name.contains("/") else { return nil }
        return files.first { $0.name == name }
    }

    /// The error for a name that is neither an existing file nor a built-in one, listing the
    /// built-ins and suggesting the nearest.
    static func unknown(_ nameOrPath: String, kind: String, among files: [(name: String, yaml: String)]) -> Diagnostic {
        let names = files.map(\.name)
        let stem = nameOrPath.split(separator: "/").last.map(String.init) ?? nameOrPath
        return Diagnostic(location: SourceLocation(path: nameOrPath, line: 0, column: 0),
                          message: "no such \(kind) file, and no built-in \(kind) of that name",
                          expected: "a YAML file path or one of: \(names.joined(separator: ", "))",
                          suggestion: Spelling.closest(to: stem.hasSuffix(".yaml") ? String(stem.dropLast(5)) : stem, among: names))
    }
}
