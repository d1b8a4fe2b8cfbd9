/// Which of a rank's two buffers a transfer reads.
///
/// Every rank has an `input` buffer (its contribution, never written) and an `output` buffer (the
/// working buffer where received data lands and the result is left). Most algorithms read `output`,
/// which starts as a copy of `input` for the reducing operations; all-to-all reads `input`.
public enum BufferKind: UInt8, Hashable, Sendable {
    case input, output
}

/// One message of a schedule: a run of blocks from one rank to another.
///
/// The receiver writes the data into `destinationBlocks` of its output buffer, overwriting it or, when
/// `reduces` is true, combining it element-wise with what is there. Source and destination runs have
/// the same number of elements.
public struct Transfer: Hashable, Sendable {
    public var source: Int32
    public var destination: Int32
    public var sourceBuffer: BufferKind
    public var reduces: Bool
    public var sourceBlocks: Range<Int32>
    public var destinationBlocks: Range<Int32>

    public init(from source: Int, to destination: Int, blocks: Range<Int>, reduces: Bool, reading sourceBuffer: BufferKind = .output) {
        self.init(from: source, to: destination, sourceBlocks: blocks, destinationBlocks: blocks, reduces: reduces, reading: sourceBuffer)
    }

    public init(from source: Int, to destination: Int, sourceBlocks: Range<Int>, destinationBlocks: Range<Int>,
                reduces: Bool, reading sourceBuffer: BufferKind = .output) {
        self.source = Int32(source)
        self.destination = Int32(destination)
        self.sourceBuffer = sourceBuffer
        self.reduces = reduces
        self.sourceBlocks = Int32(sourceBlocks.lowerBound)..<Int32(sourceBlocks.upperBound)
        self.destinationBlocks = Int32(destinationBlocks.lowerBound)..<Int32(destinationBlocks.upperBound)
    }

    /// The memberwise form, for formula generators that already hold checked 32-bit values.
    init(source: Int32, destination: Int32, blocks: Range<Int32>, reduces: Bool) {
        self.source = source
        self.destination = destination
        self.sourceBuffer = .output
        self.reduces = reduces
        self.sourceBlocks = blocks
        self.destinationBlocks = blocks
    }
}

/// Produces a schedule's transfers step by step, so that schedules with millions of transfers
/// (a ring over 16,384 ranks has 2 x 16,383 x 16,384) need not be stored.
///
/// A generator must be a pure function of its stored parameters: the same step always yields the
/// same transfers in the same order.
public protocol StepGenerator: Sendable {
    var stepCount: Int { get }
    /// All transfers of `step`, in a fixed order.
    func transfers(inStep step: Int) -> [Transfer]
    /// The transfers of `step` that `rank` sends or receives, in the same relative order as in
    /// `transfers(inStep:)`. The default filters the whole step; generators with a formula do better.
    func transfers(inStep step: Int, involving rank: Int) -> [Transfer]
    /// Calls `body` with each transfer of `transfers(inStep:involving:)`, in that order, without
    /// building an array: executors ask this once per rank per step, half a billion times for a
    /// ring over 16,384 ranks. The default walks `transfers(inStep:involving:)`.
    func forEachTransfer(inStep step: Int, involving rank: Int, _ body: (Transfer) -> Void)
}

extension StepGenerator {
    public func transfers(inStep step: Int, involving rank: Int) -> [Transfer] {
        transfers(inStep: step).filter { Int($0.source) == rank || Int($0.destination) == rank }
    }

    public func forEachTransfer(inStep step: Int, involving rank: Int, _ body: (Transfer) -> Void) {
        for transfer in transfers(inStep: step, involving: rank) { body(transfer) }
    }
}

/// Transfers stored explicitly, step by step: the form most algorithms use.
public struct ExplicitSteps: StepGenerator {
    public let steps: [[Transfer]]
    public init(_ steps: [[Transfer]]) { self.steps = steps }
    public var stepCount: Int { steps.count }
    public func transfers(inStep step: Int) -> [Transfer] { steps[step] }
}

/// A collective algorithm's plan for one operation: which blocks move between which ranks, in which
/// step, and whether the receiver reduces them. It holds no time, packets or MPI: the simulator and
/// the MPI backend both execute the same value.
///
/// Semantics (shared by every executor and the validator):
/// - A rank performs steps in order. Within a step it starts all its sends and receives, then waits
///   for all of them; only then does it begin the next step. Ranks are not synchronised otherwise.
/// - A send reads the source buffer as it was when the sender began the step; received data is
///   applied (copied or reduced) when the step completes, in the order of the step's transfers.
/// - Before step 0, the output buffer holds the rank's input for reducing operations, broadcast's
///   root and send/receive's source; its own segment for all-gather; for all-to-all, its own input
///   segment r in output segment r (the local copy every MPI all-to-all makes); and nothing else.
/// - The input buffer holds the rank's contribution: all of it for the reducing operations and
///   all-to-all, its own segment for all-gather, the data for broadcast's root and send/receive's
///   source, and nothing for everyone else.
/// - The rank-segmented operations use a chunk-major layout: `layout.blockCount` is `chunks x ranks`
///   and block `j * ranks + s` is chunk j of rank s's segment (see `segmentBlocks(_:)`).
public struct Schedule: Sendable {
    public let op: CollectiveOp
    public let ranks: Int
    /// Elements per rank buffer (see `CollectiveOp` for the segmented operations).
    public let count: Int
    /// Bytes per element.
    public let elementSize: Int
    public let layout: BlockLayout
    /// The algorithm's name, as on the command line (`ring`, `rabenseifner`, ...).
    public let algorithm: String
    let generator: any StepGenerator

    public init(op: CollectiveOp, ranks: Int, count: Int, elementSize: Int, layout: BlockLayout,
                algorithm: String, steps: any StepGenerator) {
        self.op = op
        self.ranks = ranks
        self.count = count
        self.elementSize = elementSize
        self.layout = layout
        self.algorithm = algorithm
        self.generator = steps
    }

    public init(op: CollectiveOp, ranks: Int, count: Int, elementSize: Int, layout: BlockLayout,
                algorithm: String, explicitSteps: [[Transfer]]) {
        self.init(op: op, ranks: ranks, count: count, elementSize: elementSize, layout: layout,
                  algorithm: algorithm, steps: ExplicitSteps(explicitSteps))
    }

    public var stepCount: Int { generator.stepCount }
    public func transfers(inStep step: Int) -> [Transfer] { generator.transfers(inStep: step) }
    public func transfers(inStep step: Int, involving rank: Int) -> [Transfer] {
        generator.transfers(inStep: step, involving: rank)
    }
    /// `transfers(inStep:involving:)` one at a time, without an array (see `StepGenerator`).
    public func forEachTransfer(inStep step: Int, involving rank: Int, _ body: (Transfer) -> Void) {
        generator.forEachTransfer(inStep: step, involving: rank, body)
    }

    /// Total bytes of one rank buffer.
    public var bytes: Int64 { Int64(count) * Int64(elementSize) }

    /// Bytes carried by a transfer.
    public func bytes(of transfer: Transfer) -> Int64 {
        let blocks = Int(transfer.sourceBlocks.lowerBound)..<Int(transfer.sourceBlocks.upperBound)
        return Int64(layout.elements(of: blocks).count) * Int64(elementSize)
    }
}
