/// The transfers of a hierarchical schedule, computed by running each dimension's own schedule
/// within every group of ranks that differ only in that dimension.
///
/// Blocks: the layout has `(d0 x ... x d(m-2)) x innerBlocks` blocks. The reduce-scatter along
/// dimension k cuts its group's region into d_k equal shards of whole blocks, and a group of dimension
/// k works on the shard that its coordinates i0...i(k-1) selected; the last dimension's all-reduce maps
/// its own blocks one to one onto its region. A local transfer of blocks a..<b thus becomes the global
/// run `start + a x scale ..< start + b x scale`.
///
/// - Complexity: `transfers(inStep:involving:)` costs what the dimension's own generator costs, plus
///   O(dimensions); `transfers(inStep:)` is O(p) plus that of the dimension's step.
struct HierarchicalSteps: StepGenerator {
    struct Phase: Sendable {
        let dimension: Int
        let local: Schedule
    }

    let dimensions: [Int]
    let phases: [Phase]
    /// Global rank stride of each dimension.
    let strides: [Int]
    /// Blocks of the region that a group of dimension k works on (k = 0 is the whole buffer).
    let regionLengths: [Int]
    /// The first global step of each phase, plus the step count at the end.
    let phaseStarts: [Int]

    init(dimensions: [Int], innerBlocks: Int, phases: [Phase]) {
        self.dimensions = dimensions
        self.phases = phases
        var strides = [1]
        for size in dimensions.dropLast() { strides.append(strides[strides.count - 1] * size) }
        self.strides = strides
        let total = strides[strides.count - 1] * innerBlocks
        self.regionLengths = strides.map { total / $0 }
        var starts = [0]
        for phase in phases { starts.append(starts[starts.count - 1] + phase.local.stepCount) }
        self.phaseStarts = starts
    }

    var blockCount: Int { regionLengths[0] }
    var stepCount: Int { phaseStarts[phaseStarts.count - 1] }
    private var ranks: Int { strides[strides.count - 1] * dimensions[dimensions.count - 1] }

    func transfers(inStep step: Int) -> [Transfer] {
        let (phase, localStep) = locate(step)
        let local = phase.local.transfers(inStep: localStep)
        let stride = strides[phase.dimension], size = dimensions[phase.dimension]
        return (0..<ranks).filter { ($0 / stride) % size == 0 }.flatMap { base in
            local.map { globalize($0, base: base, phase: phase) }
        }
    }

    func transfers(inStep step: Int, involving rank: Int) -> [Transfer] {
        let (phase, localStep) = locate(step)
        let stride = strides[phase.dimension]
        let coordinate = (rank / stride) % dimensions[phase.dimension]
        let base = rank - coordinate * stride
        return phase.local.transfers(inStep: localStep, involving: coordinate).map { globalize($0, base: base, phase: phase) }
    }

    /// The phase that holds global `step` (phases without steps hold none), and the step within it.
    private func locate(_ step: Int) -> (Phase, Int) {
        precondition(step >= 0 && step < stepCount, "step \(step) out of 0..<\(stepCount)")
        var phase = 0
        while step >= phaseStarts[phase + 1] { phase += 1 }
        return (phases[phase], step - phaseStarts[phase])
    }

    /// A local transfer of the group whose member with coordinate 0 is `base`, in global ranks and blocks.
    private func globalize(_ transfer: Transfer, base: Int, phase: Phase) -> Transfer {
        let k = phase.dimension
        var start = 0
        for level in 0..<k { start += ((base / strides[level]) % dimensions[level]) * regionLengths[level + 1] }
        let scale = k == dimensions.count - 1 ? 1 : regionLengths[k + 1]
        func run(_ blocks: Range<Int32>) -> Range<Int> {
            (start + Int(blocks.lowerBound) * scale)..<(start + Int(blocks.upperBound) * scale)
        }
        return Transfer(from: base + Int(transfer.source) * strides[k], to: base + Int(transfer.destination) * strides[k],
                        sourceBlocks: run(transfer.sourceBlocks), destinationBlocks: run(transfer.destinationBlocks),
                        reduces: transfer.reduces, reading: transfer.sourceBuffer)
    }
}
