import Collectives

/// A description of what a rank is about to run, hashed so that all ranks can check with one
/// all-reduce that they agree before anything is timed.
///
/// Swift's `Hasher` is seeded per process, so the hash is FNV-1a (Fowler, Noll & Vo), which every
/// rank computes identically.
public struct RunFingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The canonical text that is hashed, e.g. `allreduce ring ranks=4 count=1000 float32 sum steps=6 blocks=4`.
    public let description: String

    public init(_ description: String) { self.description = description }

    /// The fingerprint of running `schedule` on `elementType` buffers with `reduction`.
    public init(schedule: Schedule, elementType: ElementType, reduction: ReductionOperator) {
        self.init("\(schedule.op.name)\(Self.root(of: schedule.op)) \(schedule.algorithm) ranks=\(schedule.ranks) "
                  + "count=\(schedule.count) \(elementType) \(reduction.rawValue) steps=\(schedule.stepCount) "
                  + "blocks=\(schedule.layout.blockCount) elementSize=\(schedule.elementSize)")
    }

    /// The fingerprint of running the MPI library's own `op` on `count` elements.
    public init(native op: CollectiveOp, count: Int, elementType: ElementType, reduction: ReductionOperator) {
        self.init("\(op.name)\(Self.root(of: op)) native count=\(count) \(elementType) \(reduction.rawValue)")
    }

    /// FNV-1a, 64 bits, over the UTF-8 of `description`.
    /// - Complexity: O(length of the description).
    public var value: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in description.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Roots and endpoints are part of what ranks must agree on.
    private static func root(of op: CollectiveOp) -> String {
        switch op {
        case .broadcast(let root), .reduce(let root): "(root=\(root))"
        case .sendReceive(let source, let destination): "(\(source)->\(destination))"
        default: ""
        }
    }
}
