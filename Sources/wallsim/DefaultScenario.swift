import ArgumentParser

/// What `wallsim` with no arguments does: a ready-made question with a real answer, so a new user
/// sees the tool work before writing any file.
struct DefaultScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The built-in default scenario (what `wallsim` runs with no arguments).",
        discussion: """
            All-reduce of 1 MiB to 1 GiB across 64 A100 GPUs (8 DGX A100 nodes) of the built-in \
            dgx-a100-cluster topology, every algorithm, flow model: where the fabric, not the GPUs, \
            sets the pace. Equivalent to:
              wallsim collective allreduce --topology dgx-a100-cluster --ranks 64 --sweep 1MiB:1GiB \
            --factor 4 --algorithm all --model flow
            """
    )

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        var command = try CollectiveCommand.parse([
            "allreduce", "--topology", "dgx-a100-cluster", "--ranks", "64", "--sweep", "1MiB:1GiB",
            "--factor", "4", "--algorithm", "all", "--model", "flow", "--format", format.rawValue,
        ])
        try command.run()
    }
}
