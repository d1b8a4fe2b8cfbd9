import ArgumentParser
import Foundation
import Reports
import Scenario
import Topology

/// `wallsim topology show|list`: what a cluster's fabric looks like and how fast data can move across it.
struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Inspect cluster topologies.",
        subcommands: [Show.self, List.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a topology's nodes, NPUs, links, diameter, bisection and injection bandwidth.")

        @Argument(help: "A topology YAML file, or the name of a built-in topology.")
        var topology: String

        @Option(help: "Output format: table or json.")
        var format: OutputFormat = .table

        func run() throws {
            let file = try loadTopology(topology)
            let built = try file.build()
            let summary = TopologySummary(built, spec: file.spec)
            switch format {
            case .table, .csv:
                print(summary.description)
                if let source = file.source { print("  source      \(source)") }
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(summary), as: UTF8.self))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in topologies.")

        func run() throws {
            var table = Table(columns: [.init("name", alignment: .left), .init("NPUs"), .init("description", alignment: .left)])
            for (name, _) in BuiltinTopologies.files {
                let file = try loadTopology(name)
                let npus = try file.build().npuCount
                table.append([name, "\(npus)", file.summary ?? ""])
            }
            print(table.render(.text), terminator: "")
        }
    }
}

/// The formats every table-producing command accepts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json

    var tableFormat: Table.Format {
        switch self {
        case .table: .text
        case .csv: .csv
        case .json: .json
        }
    }
}

/// Resolves a topology argument, turning a file problem into a clean command-line error.
func loadTopology(_ nameOrPath: String) throws -> TopologyFile {
    try TopologyFile.resolve(nameOrPath)
}
