/// Ring schedules: reduce-scatter, all-gather and all-reduce around a ring, and broadcast and reduce
/// as a pipelined chain; optionally as two rings in opposite directions, each on half the data.
///
/// Costs (Thakur, Rabenseifner & Gropp, IJHPCA 2005; Patarasuk & Yuan, JPDC 2009), n bytes per rank:
/// - all-reduce: `2(p-1) alpha + 2((p-1)/p) n beta + ((p-1)/p) n gamma`, which meets the bandwidth
///   lower bound for any all-reduce;
/// - reduce-scatter and all-gather: `(p-1) alpha + ((p-1)/p) n beta` (n the gathered size);
/// - broadcast and reduce as a chain of k chunks: `(p-2+k)(alpha + (n/k) beta)`.
///
/// Chunks: for the ring operations each of the 2(p-1) (or p-1) ring steps is cut into `chunks`
/// consecutive steps, one per chunk: the same bytes in `chunks` times the messages, which models
/// NCCL's slicing. For the chain, chunk j leaves the root at step j, so the chain's links work in
/// parallel. The bidirectional ring runs both rings in the same steps; each carries half the chunks.
enum RingAlgorithm {
    static func schedule(_ op: CollectiveOp, ranks: Int, count: Int, elementSize: Int,
                         chunks: Int, bidirectional: Bool) -> Schedule {
        let lanes = bidirectional ? 2 : 1
        let name = bidirectional ? CollectiveAlgorithm.bidirectionalRing.rawValue : CollectiveAlgorithm.ring.rawValue
        let layout: BlockLayout
        let steps: any StepGenerator
        switch op {
        case .allReduce, .reduceScatter, .allGather:
            layout = .segmented(count: count, ranks: ranks, chunks: chunks * lanes)
            let phases: [RingSteps.Phase] = switch op {
            case .reduceScatter: [.reduceScatter]
            case .allGather: [.allGather]
            default: [.reduceScatter, .allGather]
            }
            steps = RingSteps(ranks: ranks, chunks: chunks, lanes: lanes, phases: phases)
        case let .broadcast(root):
            layout = BlockLayout(count: count, blockCount: chunks * lanes)
            steps = ChainSteps(ranks: ranks, chunks: chunks, lanes: lanes, root: root, reduces: false)
        case let .reduce(root):
            layout = BlockLayout(count: count, blockCount: chunks * lanes)
            steps = ChainSteps(ranks: ranks, chunks: chunks, lanes: lanes, root: root, reduces: true)
        case .allToAll, .sendReceive:
            preconditionFailure("\(name) does not implement \(op)")
        }
        return Schedule(op: op, ranks: ranks, count: count, elementSize: elementSize, layout: layout,
                        algorithm: name, steps: steps)
    }
}
