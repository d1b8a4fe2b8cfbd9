/// The symbolic state of a reducing operation: for every rank and block of the output buffer, the set
/// of ranks whose contributions the block sums, as a bitset of `words` 64-bit words.
struct ContributionState: SymbolicBuffers {
    let op: CollectiveOp
    let ranks: Int
    let blocks: Int
    let words: Int
    /// Bitsets of the output buffers, rank-major: word w of (rank, block) is at (rank * blocks + block) * words + w.
    private var output: [UInt64]
    /// Scratch space for one step's data in flight, kept to avoid reallocating it every step.
    private var payload: [UInt64] = []

    init(_ schedule: Schedule) {
        op = schedule.op
        ranks = schedule.ranks
        blocks = schedule.layout.blockCount
        words = (ranks + 63) / 64
        output = Array(repeating: 0, count: ranks * blocks * words)
        // Every rank's output starts as a copy of its input.
        for rank in 0..<ranks {
            for block in 0..<blocks { output[index(rank, block) + rank / 64] = 1 << UInt64(rank % 64) }
        }
    }

    private func index(_ rank: Int, _ block: Int) -> Int { (rank * blocks + block) * words }

    mutating func apply(step: Int, transfers: [Transfer]) throws(ScheduleValidationError) {
        // Read every source as it was when the step began.
        payload.removeAll(keepingCapacity: true)
        for transfer in transfers {
            let source = Int(transfer.source)
            for block in Int(transfer.sourceBlocks.lowerBound)..<Int(transfer.sourceBlocks.upperBound) {
                if transfer.sourceBuffer == .input {
                    for word in 0..<words { payload.append(word == source / 64 ? 1 << UInt64(source % 64) : 0) }
                    continue
                }
                let start = index(source, block)
                var held: UInt64 = 0
                for word in 0..<words {
                    held |= output[start + word]
                    payload.append(output[start + word])
                }
                guard held != 0 else {
                    throw .missingData(step: step, source: source, destination: Int(transfer.destination), block: block)
                }
            }
        }
        // Apply in the step's order.
        var offset = 0
        for transfer in transfers {
            let source = Int(transfer.source), destination = Int(transfer.destination)
            for block in Int(transfer.destinationBlocks.lowerBound)..<Int(transfer.destinationBlocks.upperBound) {
                let target = index(destination, block)
                for word in 0..<words {
                    let incoming = payload[offset + word], held = output[target + word]
                    if transfer.reduces, incoming & held != 0 {
                        throw .doubleCounted(step: step, source: source, destination: destination, block: block,
                                             contributions: members(payload[offset..<(offset + words)], and: output[target..<(target + words)]))
                    }
                    if !transfer.reduces, held & ~incoming != 0 {
                        throw .overwrites(step: step, source: source, destination: destination, block: block)
                    }
                }
                for word in 0..<words {
                    output[target + word] = transfer.reduces ? output[target + word] | payload[offset + word] : payload[offset + word]
                }
                offset += words
            }
        }
    }

    func checkResult() throws(ScheduleValidationError) {
        let required: [(rank: Int, blocks: [Int])] = switch op {
        case .allReduce: (0..<ranks).map { ($0, Array(0..<blocks)) }
        case .reduceScatter: (0..<ranks).map { rank in (rank, Array(stride(from: rank, to: blocks, by: ranks))) }
        case let .reduce(root): [(root, Array(0..<blocks))]
        case .allGather, .broadcast, .allToAll, .sendReceive: []
        }
        // The full set: every bit below `ranks`.
        let full = (0..<words).map { word in
            let bits = min(64, ranks - 64 * word)
            return bits == 64 ? UInt64.max : (UInt64(1) << UInt64(bits)) - 1
        }
        for (rank, blocks) in required {
            for block in blocks {
                let start = index(rank, block)
                if (0..<words).contains(where: { output[start + $0] != full[$0] }) {
                    let held = Set(members(output[start..<(start + words)]))
                    throw .incompleteResult(rank: rank, block: block, missing: (0..<ranks).filter { !held.contains($0) })
                }
            }
        }
    }

    /// The ranks in a bitset, or in the intersection of two.
    private func members(_ set: ArraySlice<UInt64>, and other: ArraySlice<UInt64>? = nil) -> [Int] {
        (0..<ranks).filter { rank in
            let bit = UInt64(1) << UInt64(rank % 64)
            let word = rank / 64
            return set[set.startIndex + word] & bit != 0 && (other.map { $0[$0.startIndex + word] & bit != 0 } ?? true)
        }
    }
}
