import Foundation
import Topology
import Workload

/// A training scenario read from a config file: the workload (model, accelerator, parallel plan) and
/// the topology it runs on, checked against each other.
///
/// The schema (`Configs/*.yaml` are the examples) puts units in the values:
///
///     name: gpt3-175b-megatron
///     description: GPT-3 175B on 1,536 A100s as Megatron-LM trained it
///     source: "Narayanan et al. SC21"
///     topology: dgx-a100-cluster        # a built-in name, or a path relative to this file
///     accelerator: a100                 # a catalogue key, or a mapping (see ConfigReader)
///     model: { kind: transformer, layers: 96, hidden: 12288, heads: 96, sequence-length: 2048, vocabulary: 51200 }
///     parallel: { ranks: 1536, tensor: 8, pipeline: 12, global-batch: 1536, recompute: full }
///
/// Every error is a `Diagnostic` at the offending key: bad values as they are read, then the plan's
/// `WorkloadIssue`s (`tensor x pipeline x data` against `ranks`, layers, heads, batch, NPUs).
public struct ConfigFile: Sendable {
    /// The file the config was read from, as given.
    public let path: String
    public let name: String
    /// The file's `description:`.
    public let summary: String?
    /// The file's `source:`, naming where its numbers come from.
    public let source: String?
    /// The topology as written (`dgx-a100-cluster` or a path).
    public let topologyName: String
    /// The topology file, read but not built; `topologyFile.build()` reports build errors at its lines.
    public let topologyFile: TopologyFile
    public let workload: Workload

    init(path: String, name: String, summary: String?, source: String?, topologyName: String,
         topologyFile: TopologyFile, workload: Workload) {
        self.path = path
        self.name = name
        self.summary = summary
        self.source = source
        self.topologyName = topologyName
        self.topologyFile = topologyFile
        self.workload = workload
    }

    /// The topology's spec.
    public var topology: TopologySpec { topologyFile.spec }

    /// The NPUs the topology has, read from its spec without building it.
    public var topologyNPUs: Int { topologyFile.spec.npuCount }

    /// Reads and checks the config at `path`.
    public static func load(path: String) throws -> ConfigFile {
        try ConfigReader(YAMLDocument.load(path: path)).read()
    }

    /// Reads and checks config YAML given as text, as if from `path` (relative topology paths resolve
    /// against `path`'s directory).
    public static func parse(text: String, path: String) throws -> ConfigFile {
        try ConfigReader(YAMLDocument.parse(text: text, path: path)).read()
    }

    /// The YAML of the topology a config names: a built-in name first, then a path relative to the
    /// config's directory, then the path as given.
    static func topologyText(named name: String, relativeTo configPath: String) -> (text: String, path: String)? {
        if let builtin = BuiltinTopologies.yaml(named: name) { return (builtin, name) }
        let directory = URL(fileURLWithPath: configPath).deletingLastPathComponent()
        let candidates = name.hasPrefix("/") ? [name] : [directory.appendingPathComponent(name).path, name]
        for candidate in candidates {
            if let data = FileManager.default.contents(atPath: candidate), let text = String(data: data, encoding: .utf8) {
                return (text, candidate)
            }
        }
        return nil
    }
}
