/// Binomial-tree broadcast and reduce, and all-reduce as a reduce to rank 0 followed by a broadcast
/// from it (Thakur, Rabenseifner & Gropp, IJHPCA 2005).
///
/// With ranks numbered relative to the root (v = r - root mod p), broadcast step k lets every
/// v < 2^k send to v + 2^k; reduce step k lets every v with v mod 2^(k+1) = 2^k add its partial sum
/// into v - 2^k. Both take ceil(lg p) steps.
///
/// Costs, n bytes per rank: broadcast `ceil(lg p)(alpha + n beta)`, reduce
/// `ceil(lg p)(alpha + n beta + n gamma)`, all-reduce `2 lg p alpha + 2 n lg p beta + n lg p gamma`.
///
/// Chunks: the buffer is cut into `chunks` pieces and chunk j starts j steps after chunk 0
/// (`Pipeline.staggered`), so the tree's levels carry different chunks at once:
/// `(ceil(lg p) + chunks - 1)(alpha + (n/chunks) beta)` for broadcast when links do not contend.
enum BinomialTree {
    static func schedule(_ op: CollectiveOp, ranks: Int, count: Int, elementSize: Int, chunks: Int) -> Schedule {
        let name = CollectiveAlgorithm.binomialTree.rawValue
        let steps: [[Transfer]] = switch op {
        case let .broadcast(root):
            Pipeline.staggered(chunks: chunks) { broadcast(ranks: ranks, root: root, blocks: $0..<($0 + 1)) }
        case let .reduce(root):
            Pipeline.staggered(chunks: chunks) { reduce(ranks: ranks, root: root, blocks: $0..<($0 + 1)) }
        case .allReduce:
            Pipeline.staggered(chunks: chunks) {
                reduce(ranks: ranks, root: 0, blocks: $0..<($0 + 1)) + broadcast(ranks: ranks, root: 0, blocks: $0..<($0 + 1))
            }
        default:
            preconditionFailure("\(name) does not implement \(op)")
        }
        return Schedule(op: op, ranks: ranks, count: count, elementSize: elementSize,
                        layout: BlockLayout(count: count, blockCount: chunks), algorithm: name, explicitSteps: steps)
    }

    /// ceil(lg p).
    static func levels(_ ranks: Int) -> Int {
        var levels = 0
        while 1 << levels < ranks { levels += 1 }
        return levels
    }

    static func broadcast(ranks: Int, root: Int, blocks: Range<Int>) -> [[Transfer]] {
        (0..<levels(ranks)).map { level in
            let distance = 1 << level
            return (0..<min(distance, ranks - distance)).map { v in
                Transfer(from: (v + root) % ranks, to: (v + distance + root) % ranks, blocks: blocks, reduces: false)
            }
        }
    }

    static func reduce(ranks: Int, root: Int, blocks: Range<Int>) -> [[Transfer]] {
        (0..<levels(ranks)).map { level in
            let distance = 1 << level
            return stride(from: distance, to: ranks, by: 2 * distance).map { v in
                Transfer(from: (v + root) % ranks, to: (v - distance + root) % ranks, blocks: blocks, reduces: true)
            }
        }
    }
}
