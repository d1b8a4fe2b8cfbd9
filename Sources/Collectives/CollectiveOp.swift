/// A collective communication operation, as MPI and NCCL define it.
///
/// Every operation works on a buffer of `count` elements per rank, split into blocks by a
/// `BlockLayout`. For the rank-segmented operations (reduce-scatter, all-gather, all-to-all) the
/// buffer holds one segment per rank: `count` is the gathered (total) size, as in nccl-tests.
public enum CollectiveOp: Hashable, Sendable, CustomStringConvertible {
    /// Every rank ends with the element-wise reduction of all ranks' buffers.
    case allReduce
    /// Rank r ends with segment r of the reduction of all ranks' buffers.
    case reduceScatter
    /// Rank r starts with segment r; every rank ends with all segments.
    case allGather
    /// The root's buffer ends on every rank.
    case broadcast(root: Int)
    /// The root ends with the reduction of all ranks' buffers.
    case reduce(root: Int)
    /// Rank r's input segment d ends as rank d's output segment r.
    case allToAll
    /// One rank's buffer goes to another.
    case sendReceive(source: Int, destination: Int)

    /// The name used on the command line and in reports (`allreduce`, `reducescatter`, ...).
    public var name: String {
        switch self {
        case .allReduce: "allreduce"
        case .reduceScatter: "reducescatter"
        case .allGather: "allgather"
        case .broadcast: "broadcast"
        case .reduce: "reduce"
        case .allToAll: "alltoall"
        case .sendReceive: "sendrecv"
        }
    }

    /// Whether receivers combine data with a reduction operator (sum, max, ...).
    public var reduces: Bool {
        switch self {
        case .allReduce, .reduceScatter, .reduce: true
        case .allGather, .broadcast, .allToAll, .sendReceive: false
        }
    }

    /// Whether the buffer is made of one segment per rank (so block counts are multiples of the ranks).
    public var isSegmentedByRank: Bool {
        switch self {
        case .reduceScatter, .allGather, .allToAll: true
        default: false
        }
    }

    /// nccl-tests' bus-bandwidth factor for `ranks` ranks (doc/PERFORMANCE.md): busbw = algbw x factor.
    public func busBandwidthFactor(ranks: Int) -> Double {
        let n = Double(ranks)
        switch self {
        case .allReduce: return ranks > 1 ? 2 * (n - 1) / n : 0
        case .reduceScatter, .allGather, .allToAll: return ranks > 1 ? (n - 1) / n : 0
        case .broadcast, .reduce, .sendReceive: return 1
        }
    }

    public var description: String { name }
}

/// The element-wise operator that combines reduced data.
public enum ReductionOperator: String, Hashable, Sendable, CaseIterable {
    case sum, max, min
}
