import Topology
@testable import Workload

/// GPT-3 175B as Narayanan et al. (SC21) give it: l = 96, h = 12288, a = 96, s = 2048, V = 51200.
let gpt3 = TransformerModel(layers: 96, hidden: 12288, heads: 96, sequenceLength: 2048, vocabulary: 51200)

/// A model small enough to read its task graph by eye: 4 layers, h = 64, 4 heads, s = 32, V = 128.
let tiny = TransformerModel(layers: 4, hidden: 64, heads: 4, sequenceLength: 32, vocabulary: 128)

func a100() -> Accelerator {
    guard let accelerator = Accelerator.named("a100") else { preconditionFailure("a100 is in the catalogue") }
    return accelerator
}

/// `a` and `b` agree to a relative error of 1e-12 (sums of large integers in Double).
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance * max(abs(a), abs(b))
}
