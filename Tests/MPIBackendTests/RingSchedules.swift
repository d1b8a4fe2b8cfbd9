import Collectives

/// A ring all-reduce and a ring all-gather written out step by step in test code (Patarasuk & Yuan,
/// JPDC 2009), standing in for the algorithm library while it is written on another branch.
enum RingSchedules {
    /// Reduce-scatter steps then all-gather steps; in step s rank r sends block (r - s) mod p onward.
    static func allReduce(ranks p: Int, count: Int, elementSize: Int) -> Schedule {
        func step(_ s: Int, shift: Int, reduces: Bool) -> [Transfer] {
            (0..<p).map { r in
                let b = ((r + shift - s) % p + p) % p
                return Transfer(from: r, to: (r + 1) % p, blocks: b..<b + 1, reduces: reduces)
            }
        }
        let steps = (0..<p - 1).map { step($0, shift: 0, reduces: true) } + (0..<p - 1).map { step($0, shift: 1, reduces: false) }
        return Schedule(op: .allReduce, ranks: p, count: count, elementSize: elementSize,
                        layout: BlockLayout(count: count, blockCount: p), algorithm: "ring", explicitSteps: steps)
    }

    /// In step s rank r forwards block (r - s) mod p to rank r + 1; `droppingLastStep` leaves it out.
    static func allGather(ranks p: Int, count: Int, elementSize: Int, droppingLastStep: Bool = false) -> Schedule {
        let steps = (0..<p - 1 - (droppingLastStep ? 1 : 0)).map { s in
            (0..<p).map { r in
                let b = ((r - s) % p + p) % p
                return Transfer(from: r, to: (r + 1) % p, blocks: b..<b + 1, reduces: false)
            }
        }
        return Schedule(op: .allGather, ranks: p, count: count, elementSize: elementSize,
                        layout: BlockLayout(count: count, blockCount: p), algorithm: "ring", explicitSteps: steps)
    }
}
