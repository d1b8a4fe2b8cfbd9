import ArgumentParser
import Foundation
import Scenario

/// The `wallsim` command: subcommands are listed here, each in its own file.
@main
struct Wallsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallsim",
        abstract: "See, predict and measure the communication wall of distributed training.",
        discussion: """
            Run with no arguments for the built-in default scenario. Topologies are YAML files \
            (see Topologies/) or the name of a built-in one (`wallsim topology list`).
            """,
        version: "0.1.0",
        subcommands: [DefaultScenario.self, RunCommand.self, CompareCommand.self, SweepCommand.self,
                      TopologyCommand.self, CollectiveCommand.self, TrendsCommand.self,
                      BenchCommand.self, CalibrateCommand.self, ValidateCommand.self],
        defaultSubcommand: DefaultScenario.self
    )

    /// Parses and runs a subcommand. Problems in input files print as `path:line:col: error: ...`
    /// (compiler style, so editors can jump to them); a flag that turns out wrong once the files are
    /// read prints `Error: ...` and exits 64 like a parse error, without the usage text, which would
    /// bury the message.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let diagnostic as Diagnostic {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
            Foundation.exit(1)
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
