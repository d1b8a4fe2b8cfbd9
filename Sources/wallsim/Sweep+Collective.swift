import ArgumentParser
import Collectives
import Reports
import SimKernel
import Topology

/// `wallsim sweep --collective OP --sizes FROM:TO`: one collective over a range of message sizes,
/// simulated by `wallsim collective`'s own code, with the share of each time that is latency.
extension SweepCommand {
    /// One size of a collective sweep: for each algorithm, its time and its time with every link's
    /// latency set to zero (the bandwidth part, in the alpha-beta model's terms).
    struct CollectivePoint: Codable, Sendable {
        struct Run: Codable, Sendable {
            let algorithm: String
            let bytes: Int64
            let count: Int
            let picoseconds: Int64
            let bandwidthPicoseconds: Int64
        }

        let ranks: Int
        let runs: [Run]
    }

    /// Refuses flags that belong to the other kind of sweep.
    func validateCollective() throws {
        guard collective != nil else {
            let stray = [("--sizes", sizes != nil), ("--factor", factor != nil), ("--ranks", ranks != nil),
                         ("--algorithm", algorithm != nil)].first { $0.1 }
            if let stray { throw ValidationError("\(stray.0) applies to --collective sweeps only") }
            return
        }
        if config != nil || gpus != nil || vary != nil || keep != nil {
            throw ValidationError("--collective sweeps message sizes on a topology: drop the config, --gpus, --vary and --keep")
        }
        if sizes == nil { throw ValidationError("--collective needs --sizes FROM:TO, like 1KiB:1GiB") }
    }

    /// `wallsim collective` as this sweep's flags spell it: at one size, or over the whole sweep.
    func collectiveCommand(size: Int64?) throws -> CollectiveCommand {
        guard let collective, let sizes else { throw ValidationError("--collective needs --sizes FROM:TO, like 1KiB:1GiB") }
        var arguments = [collective.rawValue, "--model", model.rawValue]
        if let topology { arguments += ["--topology", topology] }
        if let ranks { arguments += ["--ranks", String(ranks)] }
        if let algorithm { arguments += ["--algorithm", algorithm] }
        if let size {
            arguments += ["--size", "\(size)B"]
        } else {
            arguments += ["--sweep", sizes] + (factor.map { ["--factor", String($0)] } ?? [])
        }
        do { return try CollectiveCommand.parse(arguments) } catch let error as ValidationError {
            throw ValidationError(Self.renamed(error.message))
        }
    }

    /// The sizes of the sweep, each simulated on the topology and on the same topology without latency,
    /// and the table and plot made of them.
    func collectiveWork() throws -> Work<CollectivePoint> {
        let sweep = try collectiveCommand(size: nil)
        let byteCounts: [Int64]
        do { byteCounts = try sweep.sizes() } catch let error as ValidationError { throw ValidationError(Self.renamed(error.message)) }
        let commands = try byteCounts.map { try collectiveCommand(size: $0) }
        return Work(count: byteCounts.count, point: { index in
            let command = commands[index]
            let (file, ranks, results) = try command.simulateAll()
            let free = Self.withoutLatency(try command.degrade(try file.build()))
            let algorithms = results.compactMap { CollectiveAlgorithm(rawValue: $0.algorithm) }
            guard let op = results.first?.op else { return CollectivePoint(ranks: ranks, runs: []) }
            let bandwidthOnly = try command.simulate(op: op, algorithms: algorithms, ranks: ranks, on: free,
                                                     reductionRate: try command.reductionBandwidth() ?? file.reductionRate,
                                                     messageRegimes: try command.messageRegimes(of: file)?.withoutLatency)
            return CollectivePoint(ranks: ranks, runs: zip(results, bandwidthOnly).map {
                .init(algorithm: $0.algorithm, bytes: $0.bytes, count: $0.count, picoseconds: $0.time.picoseconds,
                      bandwidthPicoseconds: $1.time.picoseconds)
            })
        }, finish: { points in
            let topologyName = try loadTopology(sweep.topology).spec.name
            let ranks = points.first?.ranks ?? 0
            let op = try sweep.operation.op(root: sweep.root, ranks: ranks)
            let header = "# wallsim sweep \(sweep.operation.rawValue) on \(topologyName): message size, \(ranks) ranks, "
                + "\(model.rawValue) model\n"
            let report = CollectiveSweepReport(op: op, ranks: ranks, runs: points.flatMap(\.runs))
            try write(report.table(), header: header,
                      plot: report.plot(title: "\(sweep.operation.rawValue) on \(topologyName), \(ranks) ranks"),
                      reportTitle: "wallsim sweep \(sweep.operation.rawValue)")
        })
    }

    /// `fabric` with every link's latency zero and its routes unchanged: what is left of a collective's
    /// time there is the bandwidth part.
    static func withoutLatency(_ fabric: Topology) -> Topology {
        let links = fabric.links.map { link in
            var link = link
            link.latency = .zero
            return link
        }
        return Topology(name: fabric.name, nodes: fabric.nodes, links: links, npus: fabric.npus, router: fabric.router)
    }

    /// `wallsim collective`'s message with its flag names as this command spells them.
    static func renamed(_ message: String) -> String {
        message.replacingOccurrences(of: "--sweep", with: "--sizes")
    }
}
