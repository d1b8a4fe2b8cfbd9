/// Direct algorithms: every rank exchanges with every other rank itself, with no forwarding.
///
/// - all-reduce (one-shot, as NCCL and TensorRT-LLM do for small messages): in one step every rank
///   sends its whole buffer to every other and reduces what it receives:
///   `alpha + (p-1) n beta + (p-1) n gamma` if the p-1 messages share one link.
/// - reduce-scatter: in one step rank r sends segment d to rank d: `alpha + ((p-1)/p) n beta`.
/// - all-gather: in one step rank r sends its segment to everyone: `alpha + ((p-1)/p) n beta`.
/// - broadcast and reduce (flat tree): the root sends to, or receives from, all in one step.
/// - all-to-all (pairwise exchange, MPICH's choice for long messages; Thakur et al., IJHPCA 2005,
///   sec. 5): p-1 steps; in step k rank r sends segment r+k to rank r+k and receives from r-k:
///   `(p-1)(alpha + (n/p) beta)`.
/// - send/receive: one step, one transfer: `alpha + n beta`.
///
/// Chunks do not apply: there is no pipeline to fill, so the layout has one block (or one per rank
/// for the segmented operations) whatever `chunks` is. All-to-all and the one-shot operations are
/// computed from formulas (`PairwiseSteps`, `AllPairsSteps`), as their transfers grow with p^2.
enum DirectExchange {
    static func schedule(_ op: CollectiveOp, ranks: Int, count: Int, elementSize: Int) -> Schedule {
        let whole = 0..<1
        let steps: any StepGenerator
        let blocks: Int
        switch op {
        case .allReduce:
            (blocks, steps) = (1, AllPairsSteps(ranks: ranks, payload: .whole, reduces: true))
        case .reduceScatter:
            (blocks, steps) = (ranks, AllPairsSteps(ranks: ranks, payload: .destinationSegment, reduces: true))
        case .allGather:
            (blocks, steps) = (ranks, AllPairsSteps(ranks: ranks, payload: .sourceSegment, reduces: false))
        case .allToAll:
            (blocks, steps) = (ranks, PairwiseSteps(ranks: ranks))
        case let .broadcast(root):
            let fan = (0..<ranks).filter { $0 != root }.map { Transfer(from: root, to: $0, blocks: whole, reduces: false) }
            (blocks, steps) = (1, ExplicitSteps(fan.isEmpty ? [] : [fan]))
        case let .reduce(root):
            let fan = (0..<ranks).filter { $0 != root }.map { Transfer(from: $0, to: root, blocks: whole, reduces: true) }
            (blocks, steps) = (1, ExplicitSteps(fan.isEmpty ? [] : [fan]))
        case let .sendReceive(source, destination):
            (blocks, steps) = (1, ExplicitSteps([[Transfer(from: source, to: destination, blocks: whole, reduces: false)]]))
        }
        return Schedule(op: op, ranks: ranks, count: count, elementSize: elementSize, layout: BlockLayout(count: count, blockCount: blocks),
                        algorithm: CollectiveAlgorithm.direct.rawValue, steps: steps)
    }
}
