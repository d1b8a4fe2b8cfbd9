/// The directed links of a topology grouped by source and sorted by destination, so that a router that
/// knows the next node can find the link to it by binary search.
///
/// - Complexity: building is O(L log L) for L links; a lookup is O(log d) for a node of out-degree d.
struct LinkIndex: Sendable {
    /// Offsets of each node's run in `entries` (compressed sparse rows).
    private let start: [Int32]
    /// (destination, link) pairs, sorted by destination then link ID within each source's run.
    private let entries: [(destination: Int32, link: Int32)]

    init(nodeCount: Int, links: [Link]) {
        var counts = [Int32](repeating: 0, count: nodeCount + 1)
        for link in links { counts[Int(link.source.index) + 1] += 1 }
        for i in 0..<nodeCount { counts[i + 1] += counts[i] }
        var fill = counts
        var entries = [(destination: Int32, link: Int32)](repeating: (0, 0), count: links.count)
        for (i, link) in links.enumerated() {
            let source = Int(link.source.index)
            entries[Int(fill[source])] = (link.destination.index, Int32(i))
            fill[source] += 1
        }
        for node in 0..<nodeCount {
            let run = Int(counts[node])..<Int(counts[node + 1])
            // Builders mostly add a node's links in destination order already; only sort when not.
            if !zip(entries[run].dropLast(), entries[run].dropFirst()).allSatisfy({ $0.0.destination <= $0.1.destination }) {
                entries[run].sort { ($0.destination, $0.link) < ($1.destination, $1.link) }
            }
        }
        self.start = counts
        self.entries = entries
    }

    /// The links from `source` to `destination` (several when cables are parallel), lowest ID first.
    func links(from source: NodeID, to destination: NodeID) -> [LinkID] {
        let lower = Int(start[Int(source.index)]), upper = Int(start[Int(source.index) + 1])
        var low = lower, high = upper
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].destination < destination.index { low = mid + 1 } else { high = mid }
        }
        var result: [LinkID] = []
        while low < upper && entries[low].destination == destination.index {
            result.append(LinkID(Int(entries[low].link)))
            low += 1
        }
        return result
    }

    /// One link from `source` to `destination`, chosen among parallel links by `hash` (ECMP).
    func link(from source: NodeID, to destination: NodeID, hash: UInt64) -> LinkID {
        let candidates = links(from: source, to: destination)
        precondition(!candidates.isEmpty, "no link from \(source) to \(destination)")
        return candidates.count == 1 ? candidates[0] : candidates[Int(hash % UInt64(candidates.count))]
    }

    /// The links along a path of adjacent nodes.
    func route(through path: [NodeID], hash: UInt64) -> Route {
        var route: Route = []
        route.reserveCapacity(max(path.count - 1, 0))
        for (from, to) in zip(path, path.dropFirst()) { route.append(link(from: from, to: to, hash: hash)) }
        return route
    }
}

/// A deterministic hash of a (source, destination) pair for equal-cost multi-path choices. Swift's
/// `Hasher` is seeded per process, so it cannot be used where routes must repeat from run to run.
func ecmpHash(_ source: NodeID, _ destination: NodeID) -> UInt64 {
    mix(UInt64(UInt32(bitPattern: source.index)) << 32 | UInt64(UInt32(bitPattern: destination.index)))
}

/// The SplitMix64 finaliser (Steele, Lea & Flood, "Fast Splittable Pseudorandom Number Generators",
/// OOPSLA 2014): a bijection on 64-bit words whose every output bit depends on every input bit.
func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
