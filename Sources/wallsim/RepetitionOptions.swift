import ArgumentParser

/// How `calibrate` and `validate` repeat their measurements: runs within a launch (`-w`, `-n`, as
/// `wallsim bench` takes them) and whole launches (`--rounds`, whose median each size keeps).
struct RepetitionOptions: ParsableArguments {
    @Option(name: .customShort("w"), help: "Untimed warm-up runs per size.")
    var warmup: Int = 5

    @Option(name: .customShort("n"), help: "Timed runs per size.")
    var iterations: Int = 20

    @Option(help: "Whole sweeps to run; each size's time is the median of its rounds.")
    var rounds: Int = 5

    func validate() throws {
        if rounds < 1 { throw ValidationError("--rounds must be at least 1, got \(rounds)") }
    }

    /// `wallsim bench`'s flags for a sweep of these sizes repeated this way.
    func benchFlags(minimum: String, maximum: String, factor: Int) -> [String] {
        ["-b", minimum, "-e", maximum, "-f", String(factor), "-w", String(warmup), "-n", String(iterations)]
    }
}
