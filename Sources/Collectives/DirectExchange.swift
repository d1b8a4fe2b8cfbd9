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
/// for the segmented operations) whatever `chunks` is.
enum DirectExchange {
    static func schedule(_ op: CollectiveOp, ranks: Int, count: Int, elementSize: Int) -> Schedule {
        let everyone = 0..<ranks
        let whole = 0..<1
        func segment(_ s: Int) -> Range<Int> { s..<(s + 1) }
        let steps: [[Transfer]]
        let blocks: Int
        switch op {
        case .allReduce:
            blocks = 1
            steps = [everyone.flatMap { r in everyone.filter { $0 != r }.map { Transfer(from: r, to: $0, blocks: whole, reduces: true) } }]
        case .reduceScatter:
            blocks = ranks
            steps = [everyone.flatMap { r in everyone.filter { $0 != r }.map { Transfer(from: r, to: $0, blocks: segment($0), reduces: true) } }]
        case .allGather:
            blocks = ranks
            steps = [everyone.flatMap { r in everyone.filter { $0 != r }.map { Transfer(from: r, to: $0, blocks: segment(r), reduces: false) } }]
        case let .broadcast(root):
            blocks = 1
            steps = [everyone.filter { $0 != root }.map { Transfer(from: root, to: $0, blocks: whole, reduces: false) }]
        case let .reduce(root):
            blocks = 1
            steps = [everyone.filter { $0 != root }.map { Transfer(from: $0, to: root, blocks: whole, reduces: true) }]
        case .allToAll:
            blocks = ranks
            steps = (1..<max(ranks, 1)).map { k in
                everyone.map { r in
                    let d = (r + k) % ranks
                    return Transfer(from: r, to: d, sourceBlocks: segment(d), destinationBlocks: segment(r),
                                    reduces: false, reading: .input)
                }
            }
        case let .sendReceive(source, destination):
            blocks = 1
            steps = [[Transfer(from: source, to: destination, blocks: whole, reduces: false)]]
        }
        // One rank has nothing to exchange: drop the empty step rather than schedule a no-op.
        return Schedule(op: op, ranks: ranks, count: count, elementSize: elementSize,
                        layout: BlockLayout(count: count, blockCount: blocks),
                        algorithm: CollectiveAlgorithm.direct.rawValue, explicitSteps: steps.filter { !$0.isEmpty })
    }
}
