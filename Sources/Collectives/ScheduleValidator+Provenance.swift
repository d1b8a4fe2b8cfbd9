/// The symbolic state of a copying operation: for every rank and block of the output buffer, the
/// origin of its data (encoded as `rank * blocks + block` of some rank's input), or -1 for nothing.
struct ProvenanceState: SymbolicBuffers {
    let op: CollectiveOp
    let ranks: Int
    let blocks: Int
    private var output: [Int]

    init(_ schedule: Schedule) {
        op = schedule.op
        ranks = schedule.ranks
        blocks = schedule.layout.blockCount
        output = Array(repeating: -1, count: ranks * blocks)
        for rank in 0..<ranks {
            for block in 0..<blocks { output[rank * blocks + block] = initialOutput(rank, block) }
        }
    }

    private func origin(_ rank: Int, _ block: Int) -> Int { rank * blocks + block }

    /// The input buffer, as `Schedule` defines it.
    private func input(_ rank: Int, _ block: Int) -> Int {
        switch op {
        case .allGather: block % ranks == rank ? origin(rank, block) : -1
        case .allToAll: origin(rank, block)
        case let .broadcast(root): rank == root ? origin(rank, block) : -1
        case let .sendReceive(source, _): rank == source ? origin(rank, block) : -1
        case .allReduce, .reduceScatter, .reduce: preconditionFailure("\(op) is tracked by contributions")
        }
    }

    /// The output buffer before step 0, as `Schedule` defines it.
    private func initialOutput(_ rank: Int, _ block: Int) -> Int {
        switch op {
        case .allToAll: block % ranks == rank ? origin(rank, block) : -1
        default: input(rank, block)
        }
    }

    /// What the operation leaves in a block, or nil where it leaves anything.
    private func expected(_ rank: Int, _ block: Int) -> BlockOrigin? {
        switch op {
        case .allGather: BlockOrigin(rank: block % ranks, block: block)
        case let .broadcast(root): BlockOrigin(rank: root, block: block)
        // Chunk j of segment s on rank d is chunk j of segment d of rank s's input.
        case .allToAll: BlockOrigin(rank: block % ranks, block: (block / ranks) * ranks + rank)
        case let .sendReceive(source, destination): rank == destination ? BlockOrigin(rank: source, block: block) : nil
        case .allReduce, .reduceScatter, .reduce: nil
        }
    }

    mutating func apply(step: Int, transfers: [Transfer]) throws(ScheduleValidationError) {
        var payload: [Int] = []
        for transfer in transfers {
            let source = Int(transfer.source)
            for block in Int(transfer.sourceBlocks.lowerBound)..<Int(transfer.sourceBlocks.upperBound) {
                let data = transfer.sourceBuffer == .input ? input(source, block) : output[source * blocks + block]
                guard data >= 0 else {
                    throw .missingData(step: step, source: source, destination: Int(transfer.destination), block: block)
                }
                payload.append(data)
            }
        }
        var offset = 0
        for transfer in transfers {
            let destination = Int(transfer.destination)
            for block in Int(transfer.destinationBlocks.lowerBound)..<Int(transfer.destinationBlocks.upperBound) {
                let held = output[destination * blocks + block]
                // Receiving the same data again is wasteful but harmless; replacing other data is not.
                guard held < 0 || held == payload[offset] else {
                    throw .overwrites(step: step, source: Int(transfer.source), destination: destination, block: block)
                }
                output[destination * blocks + block] = payload[offset]
                offset += 1
            }
        }
    }

    func checkResult() throws(ScheduleValidationError) {
        for rank in 0..<ranks {
            for block in 0..<blocks {
                guard let wanted = expected(rank, block) else { continue }
                let held = output[rank * blocks + block]
                if held != origin(wanted.rank, wanted.block) {
                    let found = held < 0 ? nil : BlockOrigin(rank: held / blocks, block: held % blocks)
                    throw .wrongData(rank: rank, block: block, found: found, expected: wanted)
                }
            }
        }
    }
}
