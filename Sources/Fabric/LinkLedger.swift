import Collectives
import SimKernel
import Topology

/// Per-link traffic accounting shared by the network models: bytes carried and busy time.
///
/// A link is busy while at least one transfer is being serialised onto it. The models feed it in
/// one of two ways: as intervals whose starts never go backwards (`occupy`, for the analytical model,
/// which knows each transfer's serialisation interval up front), or as begin/end events (`beginUse`,
/// `endUse`, for the flow model, which learns when a flow ends only as it happens).
struct LinkLedger {
    private var bytes: [Int64]
    private var busy: [Int64]
    /// For `occupy`: the end of the latest busy interval. For `beginUse`: when the link became busy.
    private var mark: [Int64]
    /// Transfers currently using the link (begin/end accounting only).
    private var users: [Int32]

    init(linkCount: Int) {
        bytes = Array(repeating: 0, count: linkCount)
        busy = Array(repeating: 0, count: linkCount)
        mark = Array(repeating: 0, count: linkCount)
        users = Array(repeating: 0, count: linkCount)
    }

    mutating func carry(_ count: Int64, on link: Int) { bytes[link] &+= count }

    /// Adds `[start, end)` to the link's busy time, merging it with the previous interval if they
    /// overlap; `start` must not precede any earlier interval's start.
    ///
    /// - Complexity: O(1).
    mutating func occupy(_ link: Int, from start: Int64, to end: Int64) {
        if start >= mark[link] {
            busy[link] += end - start
        } else if end > mark[link] {
            busy[link] += end - mark[link]
        }
        mark[link] = Swift.max(mark[link], end)
    }

    mutating func beginUse(_ link: Int, at time: Int64) {
        if users[link] == 0 { mark[link] = time }
        users[link] += 1
    }

    mutating func endUse(_ link: Int, at time: Int64) {
        users[link] -= 1
        if users[link] == 0 { busy[link] += time - mark[link] }
    }

    /// Usage of every link that carried a byte, in link order; links still in use count as busy up to `now`.
    func usage(at now: Int64) -> [LinkUsage] {
        bytes.indices.compactMap { link in
            guard bytes[link] > 0 else { return nil }
            let open = users[link] > 0 ? now - mark[link] : 0
            return LinkUsage(link: Int32(link), bytes: bytes[link], busy: .picoseconds(busy[link] + open))
        }
    }
}
