import ArgumentParser

/// What `wallsim` with no arguments does: a ready-made question with a real answer, so a new user
/// sees the tool work before writing any file.
struct DefaultScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The built-in default scenario (what `wallsim` runs with no arguments).",
        discussion: """
            One training iteration of GPT-3 175B as Megatron-LM trained it: 1,024 A100 GPUs of the \
            built-in dgx-a100-cluster, tensor 8, pipeline 8, data 16, batch 1,536, flow model. \
            Equivalent to:
              wallsim run gpt3-175b-megatron
            """
    )

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        let command = try RunCommand.parse(["gpt3-175b-megatron", "--format", format.rawValue])
        try command.run()
    }
}
