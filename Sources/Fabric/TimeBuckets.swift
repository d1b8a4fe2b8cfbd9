/// A priority queue of timed entries ordered by (time, insertion order), like `EventQueue`, in which
/// consecutive pushes at one instant share a single heap entry.
///
/// Collectives move in waves: a ring step starts thousands of identical flows at once, and they finish
/// and arrive together. Here such a wave costs one heap push and one heap pop, and each of its entries
/// O(1), instead of O(log n) each. A bucket takes pushes only while no push at another time has come
/// between, so every bucket is a contiguous run of insertions, and ordering buckets by (time, when the
/// bucket was opened) orders all entries by (time, insertion order).
///
/// - Complexity: `push` O(1) when it joins the open bucket, else O(log b) for b buckets; `popFirst`
///   O(1), plus O(log b) when it empties a bucket; `removeAll(where:)` O(n log n).
struct TimeBuckets<Payload> {
    private struct Key: Comparable {
        var time: Int64
        var opened: Int
        var bucket: Int32

        static func < (a: Key, b: Key) -> Bool { a.time != b.time ? a.time < b.time : a.opened < b.opened }
    }

    private var heap = MinHeap<Key>()
    /// Bucket contents, reused once drained; `heads[b]` is the next unread entry of bucket b.
    private var buckets: [[Payload]] = []
    private var heads: [Int] = []
    private var freeBuckets: [Int32] = []
    /// The bucket that pushes at `openTime` join, or -1 after a bucket was drained.
    private var open: Int32 = -1
    private var openTime: Int64 = 0
    /// The open bucket's entries, held here rather than in `buckets` (whose slot stays empty) so
    /// that a push appends to a plain array: one uniqueness check instead of two.
    private var openEntries: [Payload] = []
    private var opened = 0
    /// Entries pushed and not yet popped.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The earliest entry's time.
    var firstTime: Int64? { heap.min?.time }

    /// The earliest entry, without removing it.
    var first: (time: Int64, payload: Payload)? {
        guard let top = heap.min else { return nil }
        let b = Int(top.bucket)
        return (top.time, top.bucket == open ? openEntries[heads[b]] : buckets[b][heads[b]])
    }

    // `push` and `popFirst` run once per flow and per delivery: inlined, a wave's calls share their checks.
    @inline(__always)
    mutating func push(_ payload: Payload, at time: Int64) {
        if open < 0 || openTime != time { openBucket(at: time) }
        openEntries.append(payload)
        count += 1
    }

    /// Closes the open bucket, if any, and opens a new one at `time`.
    private mutating func openBucket(at time: Int64) {
        if open >= 0 { swap(&openEntries, &buckets[Int(open)]) }
        open = freeBuckets.popLast() ?? newBucket()
        openTime = time
        heap.push(Key(time: time, opened: opened, bucket: open))
        opened += 1
    }

    /// Removes and returns the earliest entry.
    @inline(__always)
    mutating func popFirst() -> (time: Int64, payload: Payload)? {
        guard let top = heap.min else { return nil }
        let b = Int(top.bucket)
        let isOpen = top.bucket == open
        let payload = isOpen ? openEntries[heads[b]] : buckets[b][heads[b]]
        heads[b] += 1
        count -= 1
        if heads[b] == (isOpen ? openEntries.count : buckets[b].count) {
            _ = heap.pop()
            if isOpen {
                openEntries.removeAll(keepingCapacity: true)
                open = -1
            } else {
                buckets[b].removeAll(keepingCapacity: true)
            }
            heads[b] = 0
            freeBuckets.append(top.bucket)
        }
        return (top.time, payload)
    }

    /// Removes the earliest bucket's entries (all at one instant), appending them to `buffer` in
    /// order. An empty `buffer` trades storage with the bucket instead of copying it.
    ///
    /// - Complexity: O(1) for an empty `buffer` and an unread bucket, else O(k) for its k entries;
    ///   plus O(log b).
    mutating func popFirstBucket(into buffer: inout [Payload]) {
        guard let top = heap.pop() else { return }
        let b = Int(top.bucket)
        if top.bucket == open {
            // The open bucket's entries go back to its slot first, so one path serves both.
            swap(&openEntries, &buckets[b])
            open = -1
        }
        count -= buckets[b].count - heads[b]
        if buffer.isEmpty && heads[b] == 0 {
            swap(&buffer, &buckets[b])
        } else {
            buffer.append(contentsOf: buckets[b][heads[b]...])
            buckets[b].removeAll(keepingCapacity: true)
        }
        heads[b] = 0
        freeBuckets.append(top.bucket)
    }

    /// Drops the entries matching `shouldRemove`, keeping the others in order.
    mutating func removeAll(where shouldRemove: (Payload) -> Bool) {
        var kept: [(time: Int64, payload: Payload)] = []
        kept.reserveCapacity(count)
        while let entry = popFirst() {
            if !shouldRemove(entry.payload) { kept.append(entry) }
        }
        for entry in kept { push(entry.payload, at: entry.time) }
    }

    private mutating func newBucket() -> Int32 {
        buckets.append([])
        heads.append(0)
        return Int32(buckets.count - 1)
    }
}
