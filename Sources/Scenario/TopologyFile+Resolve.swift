import Foundation

extension TopologyFile {
    /// Reads the topology a user named: a YAML file when `nameOrPath` is an existing path, else the
    /// built-in topology of that name (see `BuiltinTopologies` and `BuiltinName`).
    ///
    /// A name that is neither gets a `Diagnostic` listing the built-ins and the nearest one.
    public static func resolve(_ nameOrPath: String) throws -> TopologyFile {
        if FileManager.default.fileExists(atPath: nameOrPath) {
            return try read(path: nameOrPath)
        }
        guard let builtin = BuiltinName.lookup(nameOrPath, folder: "Topologies", in: BuiltinTopologies.files) else {
            throw BuiltinName.unknown(nameOrPath, kind: "topology", among: BuiltinTopologies.files)
        }
        return try read(text: builtin.yaml + "\n", path: "builtin:\(builtin.name)")
    }
}
