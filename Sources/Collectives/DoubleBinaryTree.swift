/// NCCL's double binary tree all-reduce (NCCL 2.4; Sanders, Speck & Traeff, Parallel Computing 2009):
/// two binary trees in which almost every rank is a leaf of one and an inner node of the other, each
/// reducing to its root and broadcasting back half of the data, pipelined over chunks.
///
/// Tree 0 is NCCL's in-order tree (`ncclGetBtree`): rank 0 is the root with one child, and a rank r
/// with lowest set bit b hangs below (r xor b) | 2b, or r xor b when that is out of range. Tree 1 is
/// its mirror (r -> p-1-r) for even p and its shift by one rank for odd p (`ncclGetDtree`).
/// A node of height h sends its partial sum up in reduce step h; a node at depth d sends down in
/// broadcast step d; both trees have height H = ceil(lg p), so each chunk takes 2H steps.
///
/// Cost, n bytes per rank, k chunks: `2 ceil(lg p) + k - 1` steps; in each, a rank sends at most one
/// n/(2k) piece up and two down per tree. The beta term approaches `2 n beta` for large k while the
/// latency stays O(log p) (Sanders, Speck & Traeff 2009; NCCL 2.4).
///
/// Chunks: tree t carries blocks `t*chunks ..< (t+1)*chunks`; chunk j of both trees starts j steps
/// after chunk 0 (`Pipeline.staggered`), so every tree level works on a different chunk.
enum DoubleBinaryTree {
    static func schedule(_ op: CollectiveOp, ranks: Int, count: Int, elementSize: Int, chunks: Int) -> Schedule {
        let name = CollectiveAlgorithm.doubleBinaryTree.rawValue
        precondition(op == .allReduce, "\(name) does not implement \(op)")
        let trees = [BinaryTree(parents: (0..<ranks).map { ncclParent(of: $0, ranks: ranks) }),
                     BinaryTree(parents: complementParents(ranks: ranks))]
        let steps = Pipeline.staggered(chunks: chunks) { chunk in
            Pipeline.parallel(trees.enumerated().map { index, tree in
                let blocks = (index * chunks + chunk)..<(index * chunks + chunk + 1)
                return tree.reduceSteps(blocks: blocks) + tree.broadcastSteps(blocks: blocks)
            })
        }
        return Schedule(op: op, ranks: ranks, count: count, elementSize: elementSize,
                        layout: BlockLayout(count: count, blockCount: 2 * chunks), algorithm: name, explicitSteps: steps)
    }

    /// Tree 0's parent of `rank`, or nil for the root (rank 0).
    static func ncclParent(of rank: Int, ranks: Int) -> Int? {
        guard rank != 0 else { return nil }
        let bit = rank & -rank
        let up = (rank ^ bit) | (bit << 1)
        return up < ranks ? up : rank ^ bit
    }

    /// Tree 1's parents: tree 0 mirrored for even p, shifted by one rank for odd p.
    static func complementParents(ranks: Int) -> [Int?] {
        let (map, unmap): ((Int) -> Int, (Int) -> Int) = ranks % 2 == 0
            ? ({ ranks - 1 - $0 }, { ranks - 1 - $0 })
            : ({ ($0 + 1) % ranks }, { ($0 + ranks - 1) % ranks })
        return (0..<ranks).map { rank in ncclParent(of: unmap(rank), ranks: ranks).map(map) }
    }
}

/// A rooted tree over ranks 0..<p given by each rank's parent, with the heights and depths that order
/// its reduce and broadcast steps.
struct BinaryTree {
    let parents: [Int?]
    let children: [[Int]]
    let heights: [Int]
    let depths: [Int]

    init(parents: [Int?]) {
        self.parents = parents
        var children = Array(repeating: [Int](), count: parents.count)
        for (rank, parent) in parents.enumerated() {
            if let parent { children[parent].append(rank) }
        }
        func depth(_ rank: Int) -> Int { parents[rank].map { depth($0) + 1 } ?? 0 }
        func height(_ rank: Int) -> Int { children[rank].map { height($0) + 1 }.max() ?? 0 }
        self.children = children
        self.depths = parents.indices.map(depth)
        self.heights = parents.indices.map(height)
    }

    /// The root's height: the number of reduce (and of broadcast) steps.
    var height: Int { zip(parents, heights).first { $0.0 == nil }?.1 ?? 0 }

    /// Step h: every node of height h adds its partial sum into its parent's.
    func reduceSteps(blocks: Range<Int>) -> [[Transfer]] {
        (0..<height).map { level in
            parents.indices.compactMap { rank in
                guard heights[rank] == level, let parent = parents[rank] else { return nil }
                return Transfer(from: rank, to: parent, blocks: blocks, reduces: true)
            }
        }
    }

    /// Step d: every node at depth d copies the result to its children.
    func broadcastSteps(blocks: Range<Int>) -> [[Transfer]] {
        (0..<height).map { level in
            parents.indices.filter { depths[$0] == level }.flatMap { rank in
                children[rank].map { Transfer(from: rank, to: $0, blocks: blocks, reduces: false) }
            }
        }
    }
}
