import Topology

/// A topology file read into a `TopologySpec`, with its prose fields and the file positions of
/// everything in it, so that errors found later by `TopologySpec.build()` point at the right line.
///
/// The schema (`Topologies/*.yaml` are the examples) puts units in the values and one shape under
/// `topology:`, chosen by `kind`:
///
///     name: switch-16
///     description: 16 hosts on one non-blocking switch
///     source: "a 100 GbE top-of-rack switch"
///     topology:
///       kind: switch
///       npus: 16
///       bandwidth: 100 Gbps
///       latency: 1 us
///
/// Kinds: `ring`, `fully-connected`, `switch`, `torus`, `mesh`, `fat-tree`, `dragonfly`,
/// `hierarchical`, `graph`; see `TopologyFile+Schema.swift` for the keys of each.
public struct TopologyFile: Sendable {
    /// The file the topology was read from, as given.
    public let path: String
    public let spec: TopologySpec
    /// The file's `description:`, a sentence or two for listings.
    public let summary: String?
    /// The file's `source:`, naming where its numbers come from.
    public let source: String?
    /// The file's optional `reduction-rate:`, each rank's local reduction throughput (1/gamma), for
    /// `ScheduleExecutor.Options.reductionRate`; nil when reductions are free.
    public let reductionRate: Bandwidth?
    /// The file's optional `message-regimes:`, calibrated costs by message size, for
    /// `ScheduleExecutor.Options.messageRegimes`.
    public let messageRegimes: MessageRegimes?
    let locations: TopologyLocations

    init(path: String, spec: TopologySpec, summary: String?, source: String?, reductionRate: Bandwidth? = nil,
         messageRegimes: MessageRegimes? = nil, locations: TopologyLocations) {
        self.messageRegimes = messageRegimes
        self.path = path
        self.spec = spec
        self.summary = summary
        self.source = source
        self.reductionRate = reductionRate
        self.locations = locations
    }

    /// Reads a topology file and checks that it builds; every error is a `Diagnostic`.
    public static func load(path: String) throws -> TopologySpec {
        let file = try read(path: path)
        _ = try file.build()
        return file.spec
    }

    /// Reads topology YAML given as text, as if from `path`, and checks that it builds.
    public static func parse(text: String, path: String) throws -> TopologySpec {
        let file = try read(text: text, path: path)
        _ = try file.build()
        return file.spec
    }

    /// Reads a topology file without building it.
    public static func read(path: String) throws -> TopologyFile {
        try TopologyReader(YAMLDocument.load(path: path)).read()
    }

    /// Reads topology YAML given as text without building it.
    public static func read(text: String, path: String) throws -> TopologyFile {
        try TopologyReader(YAMLDocument.parse(text: text, path: path)).read()
    }

    /// Builds the topology, reporting a `TopologyError` as a `Diagnostic` at the part of the file
    /// that caused it (a duplicate node at its second definition, an unknown node in its link, a
    /// disconnected graph at `links:`).
    public func build() throws -> Topology {
        do {
            return try spec.build()
        } catch {
            throw locations.diagnostic(for: error)
        }
    }
}
