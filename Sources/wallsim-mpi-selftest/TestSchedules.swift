import Collectives

/// Small hand-written schedules for the self-test, independent of the real algorithm library so that
/// the executor is checked against plans whose correctness is obvious.
enum TestSchedules {
    /// Ring all-reduce: p - 1 reduce-scatter steps then p - 1 all-gather steps; in step s rank r sends
    /// block (r - s) mod p to rank r + 1 (Patarasuk & Yuan, JPDC 2009). With `split` > 1 each block is
    /// sent as `split` separate transfers, so that several messages share a (source, destination, tag).
    static func ringAllReduce(ranks p: Int, count: Int, elementSize: Int, split: Int = 1) -> Schedule {
        let layout = BlockLayout(count: count, blockCount: p * split)
        func send(_ r: Int, block: Int, reduces: Bool) -> [Transfer] {
            (0..<split).map { part in
                let b = block * split + part
                return Transfer(from: r, to: (r + 1) % p, blocks: b..<b + 1, reduces: reduces)
            }
        }
        let reduceScatter = (0..<max(p - 1, 0)).map { s in
            (0..<p).flatMap { r in send(r, block: ((r - s) % p + p) % p, reduces: true) }
        }
        let allGather = (0..<max(p - 1, 0)).map { s in
            (0..<p).flatMap { r in send(r, block: ((r + 1 - s) % p + p) % p, reduces: false) }
        }
        return Schedule(op: .allReduce, ranks: p, count: count, elementSize: elementSize, layout: layout,
                        algorithm: split == 1 ? "test-ring" : "test-ring-split\(split)", explicitSteps: reduceScatter + allGather)
    }

    /// Ring reduce-scatter that leaves segment r on rank r: in step s rank r sends block (r - s - 1) mod p.
    static func ringReduceScatter(ranks p: Int, count: Int, elementSize: Int) -> Schedule {
        let steps = (0..<max(p - 1, 0)).map { s in
            (0..<p).map { r in
                let b = ((r - s - 1) % p + p) % p
                return Transfer(from: r, to: (r + 1) % p, blocks: b..<b + 1, reduces: true)
            }
        }
        return Schedule(op: .reduceScatter, ranks: p, count: count, elementSize: elementSize,
                        layout: BlockLayout(count: count, blockCount: p), algorithm: "test-ring", explicitSteps: steps)
    }

    /// Ring all-gather: in step s rank r forwards block (r - s) mod p to rank r + 1.
    static func ringAllGather(ranks p: Int, count: Int, elementSize: Int) -> Schedule {
        let steps = (0..<max(p - 1, 0)).map { s in
            (0..<p).map { r in
                let b = ((r - s) % p + p) % p
                return Transfer(from: r, to: (r + 1) % p, blocks: b..<b + 1, reduces: false)
            }
        }
        return Schedule(op: .allGather, ranks: p, count: count, elementSize: elementSize,
                        layout: BlockLayout(count: count, blockCount: p), algorithm: "test-ring", explicitSteps: steps)
    }

    /// Broadcast from the last rank straight to every other rank in one step, in two blocks each.
    static func linearBroadcast(ranks p: Int, count: Int, elementSize: Int) -> Schedule {
        let root = p - 1
        let step = (0..<p).filter { $0 != root }.flatMap { d in
            [Transfer(from: root, to: d, blocks: 0..<1, reduces: false), Transfer(from: root, to: d, blocks: 1..<2, reduces: false)]
        }
        return Schedule(op: .broadcast(root: root), ranks: p, count: count, elementSize: elementSize,
                        layout: BlockLayout(count: count, blockCount: 2), algorithm: "test-linear", explicitSteps: [step])
    }

    /// Pairwise all-to-all reading the input buffer: step 0 copies each rank's own segment locally (a
    /// transfer to itself), step s sends input segment (r + s) mod p to that rank's output segment r.
    /// Needs `count` divisible by the ranks so that all segments have the same size.
    static func pairwiseAllToAll(ranks p: Int, count: Int, elementSize: Int) -> Schedule {
        let steps = (0..<p).map { s in
            (0..<p).map { r in
                let d = (r + s) % p
                return Transfer(from: r, to: d, sourceBlocks: d..<d + 1, destinationBlocks: r..<r + 1,
                                reduces: false, reading: .input)
            }
        }
        return Schedule(op: .allToAll, ranks: p, count: count, elementSize: elementSize,
                        layout: BlockLayout(count: count, blockCount: p), algorithm: "test-pairwise", explicitSteps: steps)
    }
}
