/// A priority queue of timed events, ordered by `(time, insertion sequence)`.
///
/// Events at the same instant come out in the order they were pushed, so identical runs produce
/// identical event orders (a plain heap leaves the order of equal keys unspecified, which is why the
/// sequence number is part of the key, as in swift-nio's `EmbeddedEventLoop` and SimPy's heap of
/// `(time, priority, id, event)`).
///
/// It is an implicit 4-ary min-heap stored in one contiguous array: shallower than a binary heap
/// and friendlier to the cache, which matters when millions of events pass through it per second.
///
///     var queue = EventQueue<String>()
///     queue.push("b", at: SimTime(picosecondsSinceStart: 5))
///     queue.push("a", at: SimTime(picosecondsSinceStart: 5))
///     queue.pop()   // (t=5 ps, "b"): same time, pushed first
///
/// - Complexity: `push` and `pop` are O(log n); `peek` and `count` are O(1).
public struct EventQueue<Payload> {
    @usableFromInline struct Entry {
        @usableFromInline var time: Int64
        @usableFromInline var sequence: UInt64
        @usableFromInline var payload: Payload

        @inlinable init(time: Int64, sequence: UInt64, payload: Payload) {
            self.time = time
            self.sequence = sequence
            self.payload = payload
        }

        @inlinable func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    @usableFromInline var heap: ContiguousArray<Entry> = []
    @usableFromInline var nextSequence: UInt64 = 0

    public init() {}

    /// Reserves room for `capacity` pending events.
    public mutating func reserveCapacity(_ capacity: Int) { heap.reserveCapacity(capacity) }

    /// The number of pending events.
    @inlinable public var count: Int { heap.count }
    @inlinable public var isEmpty: Bool { heap.isEmpty }

    /// The earliest pending event's time, if any.
    @inlinable public var nextTime: SimTime? {
        heap.isEmpty ? nil : SimTime(picosecondsSinceStart: heap[0].time)
    }

    /// Adds an event.
    @inlinable public mutating func push(_ payload: Payload, at time: SimTime) {
        let entry = Entry(time: time.picosecondsSinceStart, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        heap.append(entry)
        siftUp(heap.count - 1)
    }

    /// Removes and returns the earliest event (the first pushed among equal times).
    @inlinable public mutating func pop() -> (time: SimTime, payload: Payload)? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return (SimTime(picosecondsSinceStart: last.time), last.payload) }
        let first = heap[0]
        heap.withUnsafeMutableBufferPointer { Self.refill(from: 0, with: last, in: $0) }
        return (SimTime(picosecondsSinceStart: first.time), first.payload)
    }

    @inlinable mutating func siftUp(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            var child = start
            let entry = heap[child]
            while child > 0 {
                let parent = (child - 1) >> 2
                guard entry.precedes(heap[parent]) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }

    /// Fills the hole at `start` with `entry`, bottom-up (Wegener, "Bottom-up heapsort", TCS 118, 1993):
    /// the hole first sinks to a leaf along the earliest children, then `entry` rises from there.
    ///
    /// `entry` is the heap's former last element, usually among the latest events, so it almost always
    /// belongs near the bottom; sinking without comparing against it saves a comparison per level.
    /// It works on the raw buffer because the indices are in range by construction; with the
    /// bottom-up order this cut a dispatch from 656 to 404 instructions (callgrind, 1M events).
    @inlinable static func refill(from start: Int, with entry: Entry, in heap: UnsafeMutableBufferPointer<Entry>) {
        let count = heap.count
        var hole = start
        while true {
            let first = 4 &* hole &+ 1
            if first >= count { break }
            var best = first
            let end = Swift.min(first &+ 4, count)
            var candidate = first &+ 1
            while candidate < end {
                if heap[candidate].precedes(heap[best]) { best = candidate }
                candidate &+= 1
            }
            heap[hole] = heap[best]
            hole = best
        }
        while hole > start {
            let parent = (hole &- 1) >> 2
            guard entry.precedes(heap[parent]) else { break }
            heap[hole] = heap[parent]
            hole = parent
        }
        heap[hole] = entry
    }
}

extension EventQueue: Sendable where Payload: Sendable {}
extension EventQueue.Entry: Sendable where Payload: Sendable {}
