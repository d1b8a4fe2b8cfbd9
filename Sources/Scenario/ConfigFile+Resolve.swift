import Foundation

extension ConfigFile {
    /// Reads the config a user named: a YAML file when `nameOrPath` is an existing path, else the
    /// built-in config of that name (see `BuiltinConfigs` and `BuiltinName`).
    ///
    /// A name that is neither gets a `Diagnostic` listing the built-ins and the nearest one.
    public static func resolve(_ nameOrPath: String) throws -> ConfigFile {
        if FileManager.default.fileExists(atPath: nameOrPath) {
            return try load(path: nameOrPath)
        }
        guard let builtin = BuiltinName.lookup(nameOrPath, folder: "Configs", in: BuiltinConfigs.files) else {
            throw BuiltinName.unknown(nameOrPath, kind: "config", among: BuiltinConfigs.files)
        }
        return try parse(text: builtin.yaml + "\n", path: "builtin:\(builtin.name)")
    }
}
