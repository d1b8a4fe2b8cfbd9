import ArgumentParser
import Collectives
import Fabric
import Foundation
import Reports
import Scenario
import SimKernel
import Topology

/// `wallsim collective OP`: how long a collective takes on a topology, per algorithm and size, in
/// nccl-tests' columns.
struct CollectiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collective",
        abstract: "Predict a collective's time and bus bandwidth on a topology.",
        discussion: """
            Example: wallsim collective allreduce --topology dgx-a100-cluster --ranks 64 --size 1GiB --algorithm all
            Columns follow nccl-tests: size(B) count type redop | time(us) algbw(GB/s) busbw(GB/s).
            """
    )

    @Argument(help: "The operation: \(OperationName.allValueStrings.joined(separator: ", ")).")
    var operation: OperationName

    @Option(help: "A topology YAML file or the name of a built-in topology.")
    var topology: String = "dgx-a100-cluster"

    @Option(help: "Number of ranks (default: every NPU of the topology).")
    var ranks: Int?

    @Option(help: "Buffer size per rank, with a unit (e.g. 1GiB, 64MiB, 8B).")
    var size: String = "1GiB"

    @Option(help: "A size sweep FROM:TO (e.g. 8B:4GiB), multiplying by --factor; overrides --size.")
    var sweep: String?

    @Option(help: "Multiplier between sweep sizes.")
    var factor: Int = 2

    @Option(help: "Algorithm: \(CollectiveAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")), or all.")
    var algorithm: String = "ring"

    @Option(help: "Network model: analytical (no contention) or flow (max-min fair sharing).")
    var model: ModelName = .flow

    @Option(help: "Pieces each message is split into so they pipeline.")
    var chunks: Int = 1

    @Option(name: .customLong("type"), help: "Element type: float32, float64, int32, bf16.")
    var dataType: DataTypeName = .float32

    @Option(help: "Root rank for broadcast and reduce; source for sendrecv.")
    var root: Int = 0

    @Option(help: "Local reduction throughput per rank, with a unit (e.g. 200GB/s); default: the topology file's reduction-rate, else free.")
    var reductionRate: String?

    @Option(help: "Rank placement onto NPUs: fill (rank r on NPU r) or a comma-separated NPU list.")
    var placement: String = "fill"

    @Option(name: .customLong("straggler"), help: "RANK=FACTOR: that rank's local work is FACTOR times slower (repeatable).")
    var stragglers: [String] = []

    @Option(name: .customLong("degrade"), help: "NODE=FACTOR: every link of that node runs FACTOR times slower (repeatable).")
    var degraded: [String] = []

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "Also write the table to this file (atomically), in --format.")
    var output: String?

    func validate() throws {
        guard chunks >= 1 else { throw ValidationError("--chunks must be at least 1, got \(chunks)") }
        guard factor >= 2 else { throw ValidationError("--factor must be at least 2, got \(factor)") }
        if algorithm != "all" && CollectiveAlgorithm(rawValue: algorithm) == nil {
            throw ValidationError("unknown --algorithm '\(algorithm)'; expected one of: "
                + CollectiveAlgorithm.allCases.map(\.rawValue).joined(separator: ", ") + ", all")
        }
    }

    func run() throws {
        let (file, rankCount, results) = try simulateAll()
        try report(results, file: file, ranks: rankCount)
    }

    /// Loads the topology, checks the flags against it and simulates every size and algorithm asked
    /// for; `wallsim compare --collective` calls it once per topology.
    func simulateAll() throws -> (file: TopologyFile, ranks: Int, results: [CollectiveResult]) {
        let file = try loadTopology(topology)
        let fabric = try degrade(try file.build())
        let rankCount = ranks ?? fabric.npuCount
        guard rankCount >= 1 else { throw ValidationError("--ranks must be at least 1, got \(rankCount)") }
        guard rankCount <= fabric.npuCount else {
            throw ValidationError("--ranks \(rankCount) is more than the \(fabric.npuCount) NPUs of topology '\(fabric.name)'")
        }
        let op = try operation.op(root: root, ranks: rankCount)
        let algorithms = algorithm == "all"
            ? CollectiveAlgorithm.allCases.filter { $0.supports(op) }
            : [CollectiveAlgorithm(rawValue: algorithm)!]
        if let unsupported = algorithms.first(where: { !$0.supports(op) }) {
            throw ValidationError("algorithm '\(unsupported.rawValue)' does not implement \(op.name); try --algorithm all")
        }
        guard !algorithms.isEmpty else { throw ValidationError("no algorithm implements \(op.name)") }
        return (file, rankCount, try simulate(op: op, algorithms: algorithms, ranks: rankCount, on: fabric,
                                              reductionRate: try reductionBandwidth() ?? file.reductionRate,
                                              messageRegimes: try messageRegimes(of: file)))
    }

    /// The file's calibrated `message-regimes`, reducing at `--reduction-rate` when that is given.
    func messageRegimes(of file: TopologyFile) throws -> MessageRegimes? {
        guard let regimes = file.messageRegimes else { return nil }
        guard let rate = try reductionBandwidth() else { return regimes }
        return regimes.reducing(at: rate)
    }

    func simulate(op: CollectiveOp, algorithms: [CollectiveAlgorithm], ranks: Int, on fabric: Topology,
                  reductionRate: Bandwidth?, messageRegimes: MessageRegimes? = nil) throws -> [CollectiveResult] {
        let options = ScheduleExecutor.Options(reductionRate: reductionRate,
                                               rankSlowdown: try parseStragglers(ranks: ranks),
                                               placement: try parsePlacement(ranks: ranks, npus: fabric.npuCount),
                                               messageRegimes: messageRegimes)
        let executor = ScheduleExecutor(topology: fabric, options: options)
        var results: [CollectiveResult] = []
        for bytes in try sizes() {
            let count = Int(bytes) / dataType.size
            for algorithm in algorithms {
                let schedule = try algorithm.schedule(op, ranks: ranks, count: count, elementSize: dataType.size, chunks: chunks)
                let record = switch model {
                case .analytical: try executor.run(schedule, on: AnalyticalNetwork(topology: fabric))
                case .flow: try executor.run(schedule, on: FlowNetwork(topology: fabric))
                }
                results.append(CollectiveResult(algorithm: algorithm.rawValue, op: op, ranks: ranks,
                                                bytes: schedule.bytes, count: count, dataType: dataType.rawValue,
                                                reduction: op.reduces ? "sum" : "none", time: record.duration))
            }
        }
        return results
    }

    func report(_ results: [CollectiveResult], file: TopologyFile, ranks: Int) throws {
        let table = CollectiveReport.table(results)
        var text = table.render(format.tableFormat)
        if format == .table {
            let header = "# wallsim collective \(operation.rawValue): topology \(file.spec.name) (\(file.path)), "
                + "\(ranks) ranks, \(model.rawValue) model, \(chunks) chunk(s)\n"
            text = header + text
        }
        print(text, terminator: "")
        if let output { try AtomicFile.write(text, to: output) }
    }

    func sizes() throws -> [Int64] {
        guard let sweep else {
            let bytes = try parseSize(size, option: "--size")
            return [bytes]
        }
        let parts = sweep.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { throw ValidationError("--sweep expects FROM:TO, like 8B:4GiB; got '\(sweep)'") }
        let (from, to) = (try parseSize(parts[0], option: "--sweep"), try parseSize(parts[1], option: "--sweep"))
        guard from <= to else { throw ValidationError("--sweep goes from \(from) B down to \(to) B; give FROM <= TO") }
        var out: [Int64] = []
        var bytes = from
        while bytes <= to {
            out.append(bytes)
            bytes *= Int64(factor)
        }
        return out
    }

    func parseSize(_ text: String, option: String) throws -> Int64 {
        guard let count = ByteCount(parsing: text) else {
            throw ValidationError("\(option) '\(text)' is not a size with a unit, like 8B, 64KiB, 1GiB")
        }
        guard count.bytes >= Int64(dataType.size), count.bytes % Int64(dataType.size) == 0 else {
            throw ValidationError("\(option) '\(text)' is not a whole number of \(dataType.rawValue) elements (\(dataType.size) B each)")
        }
        return count.bytes
    }

    func reductionBandwidth() throws -> Bandwidth? {
        guard let reductionRate else { return nil }
        guard let rate = Bandwidth(parsing: reductionRate), rate.bitsPerSecond > 0 else {
            throw ValidationError("--reduction-rate '\(reductionRate)' is not a positive rate with a unit, like 200GB/s")
        }
        return rate
    }

    func parseStragglers(ranks: Int) throws -> [Int: Double] {
        var slowdown: [Int: Double] = [:]
        for entry in stragglers {
            let parts = entry.split(separator: "=").map(String.init)
            guard parts.count == 2, let rank = Int(parts[0]), let factor = Double(parts[1]), factor >= 1,
                  (0..<ranks).contains(rank) else {
                throw ValidationError("--straggler expects RANK=FACTOR with 0 <= RANK < \(ranks) and FACTOR >= 1; got '\(entry)'")
            }
            slowdown[rank] = factor
        }
        return slowdown
    }

    func parsePlacement(ranks: Int, npus: Int) throws -> [Int]? {
        if placement == "fill" { return nil }
        let list = placement.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard list.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--placement expects 'fill' or a comma-separated list of NPU indices; got '\(placement)'")
        }
        let indices = list.compactMap { $0 }
        guard indices.count == ranks else {
            throw ValidationError("--placement lists \(indices.count) NPUs for \(ranks) ranks")
        }
        return indices
    }

    /// The topology with the links of each `--degrade NODE=FACTOR` node slowed down.
    func degrade(_ fabric: Topology) throws -> Topology {
        guard !degraded.isEmpty else { return fabric }
        var links = fabric.links
        for entry in degraded {
            let parts = entry.split(separator: "=").map(String.init)
            guard parts.count == 2, let factor = Double(parts[1]), factor >= 1 else {
                throw ValidationError("--degrade expects NODE=FACTOR with FACTOR >= 1; got '\(entry)'")
            }
            guard let node = fabric.nodes.firstIndex(where: { $0.name == parts[0] }) else {
                throw ValidationError("--degrade: topology '\(fabric.name)' has no node '\(parts[0])'")
            }
            for i in links.indices where Int(links[i].source.index) == node || Int(links[i].destination.index) == node {
                links[i].bandwidth = Bandwidth(bitsPerSecond: Int64((Double(links[i].bandwidth.bitsPerSecond) / factor).rounded()))
            }
        }
        return Topology(name: fabric.name, nodes: fabric.nodes, links: links, npus: fabric.npus, router: fabric.router)
    }
}

/// Collective operations as spelled on the command line (nccl-tests' binary names, without `_perf`).
enum OperationName: String, ExpressibleByArgument, CaseIterable {
    case allreduce, reducescatter, allgather, broadcast, reduce, alltoall, sendrecv

    func op(root: Int, ranks: Int) throws -> CollectiveOp {
        guard (0..<ranks).contains(root) else { throw ValidationError("--root \(root) is not a rank of 0..<\(ranks)") }
        switch self {
        case .allreduce: return .allReduce
        case .reducescatter: return .reduceScatter
        case .allgather: return .allGather
        case .broadcast: return .broadcast(root: root)
        case .reduce: return .reduce(root: root)
        case .alltoall: return .allToAll
        case .sendrecv:
            guard ranks >= 2 else { throw ValidationError("sendrecv needs at least 2 ranks") }
            return .sendReceive(source: root, destination: (root + 1) % ranks)
        }
    }
}

enum ModelName: String, ExpressibleByArgument, CaseIterable {
    case analytical, flow
}

/// Element types, with nccl-tests' names.
enum DataTypeName: String, ExpressibleByArgument, CaseIterable {
    case float32, float64, int32, bf16

    var size: Int {
        switch self {
        case .float32, .int32: 4
        case .float64: 8
        case .bf16: 2
        }
    }
}
