import Collectives
import Topology
import Workload

/// Reads the config schema into a `ConfigFile`. Top level: `name`, optional `description` and
/// `source`, `topology` (a built-in name or a path), `accelerator`, `model` and `parallel`:
///
/// - `accelerator`: a catalogue key (`v100`, `a100`, `h100`, `h200`, `b200`, `mi300x`, `tpu-v4`) or a
///   mapping `{ name, peak-bf16, peak-vector?, hbm, hbm-bandwidth, matmul-efficiency?, memory-efficiency?, source? }`.
/// - `model`, by `kind`:
///   - `transformer`: `layers`, `hidden`, `heads`, `kv-heads` (heads), `ffn-hidden` (4 x hidden),
///     `feed-forward` (gelu | swiglu), `sequence-length`, `vocabulary`, `dtype` (bf16),
///     `positions` (learned | rotary), `tied-embeddings` (true).
///   - `recommender`: `tables`, `rows-per-table`, `embedding-dimension`, `lookups-per-table` (1),
///     `dense-features`, `bottom-mlp` and `top-mlp` (lists of widths), `dtype` (bf16), `embedding-dtype` (fp32).
///   - `cnn`: `layers`, a list of `{ name, flops, parameters, activations }` per sample, `dtype` (bf16).
/// - `parallel`: `ranks` (tensor x pipeline x data), `tensor` (1), `pipeline` (1), `data` (ranks / (tensor
///   x pipeline)), `microbatch-size` (1), `global-batch`, `schedule` (1f1b | gpipe | interleaved), `chunks`
///   (interleaved only, 2), `sequence-parallel` (false), `zero-stage` (0), `recompute` (none | selective |
///   full), `gradient-bucket` (25 MiB), `overlap-gradient-reduction` (true), `placement` (tp-dp-pp | tp-pp-dp),
///   `algorithm` (ring), `tensor-collectives` (per-layer | per-pass), `pipeline-scatter-gather` (true).
final class ConfigReader {
    enum ModelKind: String, CaseIterable, YAMLDecodable { case transformer, recommender, cnn }
    enum ScheduleKind: String, CaseIterable, YAMLDecodable { case gpipe, oneF1B = "1f1b", interleaved }
    enum Positions: String, CaseIterable, YAMLDecodable { case learned, rotary }

    private let root: YAMLValue
    /// Where each value read was written, by key path (`parallel.tensor`), for the plan's issues.
    private var locations: [String: SourceLocation] = [:]

    init(_ root: YAMLValue) { self.root = root }

    func read() throws -> ConfigFile {
        let file = try root.mapping()
        let name: String = try file.required("name")
        let summary: String? = try file.optional("description")
        let source: String? = try file.optional("source")
        let (topologyName, topology) = try readTopology(file)
        let accelerator = try readAccelerator(file)
        let model = try readModel(try file.mapping("model"))
        let (plan, requestedRanks) = try readPlan(try file.mapping("parallel"))
        try file.rejectUnknownKeys()
        let workload = Workload(model: model, accelerator: accelerator, plan: plan)
        let issues = workload.validate(requestedRanks: requestedRanks, topologyNPUs: topology.spec.npuCount,
                                       topologyName: "topology '\(topologyName)'")
        if let issue = issues.first {
            throw Diagnostic(location: location(of: issue.key), message: "'\(issue.key)': \(issue.message)",
                             expected: issue.expected)
        }
        return ConfigFile(path: root.path, name: name, summary: summary, source: source, topologyName: topologyName,
                          topologyFile: topology, workload: workload)
    }

    // MARK: Topology and accelerator

    private func readTopology(_ file: YAMLMapping) throws -> (String, TopologyFile) {
        let value = try file.required("topology", expected: "a built-in topology name or a path to a topology file")
        let name: String = try record(value).decode()
        guard let (text, path) = ConfigFile.topologyText(named: name, relativeTo: root.path) else {
            let builtins = BuiltinTopologies.files.map(\.name)
            throw value.diagnostic("'topology' names no built-in topology and no readable file: '\(name)'",
                                   expected: "one of: \(builtins.joined(separator: ", ")), or a path to a topology file",
                                   suggestion: Spelling.closest(to: name, among: builtins))
        }
        return (name, try TopologyFile.read(text: text, path: path))
    }

    private func readAccelerator(_ file: YAMLMapping) throws -> Accelerator {
        let value = try record(file.required("accelerator", expected: "a catalogue name like 'a100', or a mapping"))
        if case .scalar = value.node {
            let name: String = try value.decode()
            guard let accelerator = Accelerator.named(name) else {
                let names = Accelerator.catalogue.map(\.name)
                throw value.diagnostic("'accelerator' has an unknown value '\(name)'",
                                       expected: "one of: \(names.joined(separator: ", ")), or a mapping",
                                       suggestion: Spelling.closest(to: name.lowercased(), among: names))
            }
            return accelerator
        }
        let map = try value.mapping()
        let name: String = try map.required("name")
        let peak: FlopRate = try map.required("peak-bf16")
        let vector: FlopRate? = try map.optional("peak-vector")
        let capacity: ByteCount = try map.required("hbm")
        let bandwidth: Bandwidth = try map.required("hbm-bandwidth")
        let matmul = try fraction(map, "matmul-efficiency", default: Accelerator.defaultMatmulEfficiency)
        let memory = try fraction(map, "memory-efficiency", default: Accelerator.defaultMemoryEfficiency)
        let source = try map.optional("source", default: "given inline in \(root.path)")
        try map.rejectUnknownKeys()
        return Accelerator(name: name, peakBF16: peak, peakVector: vector, hbmCapacity: capacity, hbmBandwidth: bandwidth,
                           matmulEfficiency: matmul, memoryEfficiency: memory, source: source)
    }

    private func fraction(_ map: YAMLMapping, _ key: String, default defaultValue: Double) throws -> Double {
        guard let value = map.value(key), !value.isNull else { return defaultValue }
        let number: Double = try value.decode()
        guard number > 0 && number <= 1 else {
            throw value.diagnostic("\(value.name) is \(number), outside (0, 1]", expected: "a fraction of the peak, like '0.8'")
        }
        return number
    }

    // MARK: Helpers shared by the model and plan readers

    /// Records where `value` was written and returns it.
    @discardableResult
    func record(_ value: YAMLValue) -> YAMLValue {
        locations[value.keyPath] = value.location
        return value
    }

    /// A required count of at least `minimum`, recorded.
    func count(_ map: YAMLMapping, _ key: String, atLeast minimum: Int = 1) throws -> Int {
        try record(map.required(key, expected: Int.expectation)).decode(atLeast: minimum)
    }

    /// An optional count of at least `minimum`, recorded when present.
    func count(_ map: YAMLMapping, _ key: String, default defaultValue: Int?, atLeast minimum: Int = 1) throws -> Int? {
        guard let value = map.value(key), !value.isNull else { return defaultValue }
        return try record(value).decode(atLeast: minimum)
    }

    /// The location of a key path, or of its nearest recorded parent, or of the document.
    private func location(of keyPath: String) -> SourceLocation {
        var path = keyPath
        while !path.isEmpty {
            if let found = locations[path] { return found }
            path = path.contains(".") ? String(path[..<(path.lastIndex(of: ".") ?? path.startIndex)]) : ""
        }
        return root.location
    }
}
