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
    /// Everything about one link in one place: a model touches all of it at once, and one array
    /// means one uniqueness check per update instead of one per field.
    private struct Entry {
        var bytes: Int64 = 0
        var busy: Int64 = 0
        /// For `occupy`: the end of the latest busy interval. For `beginUse`: when the link became busy.
        var mark: Int64 = 0
        /// Transfers currently using the link (begin/end accounting only).
        var users: Int32 = 0
    }

    private var links: [Entry]

    init(linkCount: Int) {
        links = Array(repeating: Entry(), count: linkCount)
    }

    mutating func carry(_ count: Int64, on link: Int) { links[link].bytes &+= count }

    /// Adds `[start, end)` to the link's busy time, merging it with the previous interval if they
    /// overlap; `start` must not precede any earlier interval's start.
    ///
    /// - Complexity: O(1).
    mutating func occupy(_ link: Int, from start: Int64, to end: Int64) {
        if start >= links[link].mark {
            links[link].busy += end - start
        } else if end > links[link].mark {
            links[link].busy += end - links[link].mark
        }
        links[link].mark = Swift.max(links[link].mark, end)
    }

    /// Starts a transfer of `count` bytes on the link at `time`: `carry` and the begin of its use in one update.
    mutating func beginUse(_ link: Int, carrying count: Int64, at time: Int64) {
        links[link].bytes &+= count
        if links[link].users == 0 { links[link].mark = time }
        links[link].users += 1
    }

    mutating func endUse(_ link: Int, at time: Int64) {
        links[link].users -= 1
        if links[link].users == 0 { links[link].busy += time - links[link].mark }
    }

    /// A whole use of an otherwise idle link by one transfer of `count` bytes over `[start, end)`:
    /// what `beginUse` at `start` and `endUse` at `end` add, in one update (the flow model records
    /// flows alone on their links this way, when they finish).
    mutating func record(_ link: Int, carrying count: Int64, from start: Int64, to end: Int64) {
        links[link].bytes &+= count
        links[link].busy += end - start
    }

    /// Usage of every link that carried a byte, in link order; links still in use count as busy up to `now`.
    func usage(at now: Int64) -> [LinkUsage] {
        links.indices.compactMap { link in
            let entry = links[link]
            guard entry.bytes > 0 else { return nil }
            let open = entry.users > 0 ? now - entry.mark : 0
            return LinkUsage(link: Int32(link), bytes: entry.bytes, busy: .picoseconds(entry.busy + open))
        }
    }
}
