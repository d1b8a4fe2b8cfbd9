/// A binary min-heap in one contiguous array, with a peek at the smallest element.
///
/// The flow model's `TimeBuckets` keep their instants here and its solver its link shares; both need
/// to look at the top before deciding to pop it, which `EventQueue` does not offer. Elements must order
/// totally (ties broken inside `<`), so the pop order never depends on insertion history.
///
/// - Complexity: `push` and `pop` O(log n), `min` O(1) (Williams, "Algorithm 232: Heapsort", CACM 1964).
struct MinHeap<Element: Comparable> {
    private(set) var elements: ContiguousArray<Element> = []

    var isEmpty: Bool { elements.isEmpty }
    var count: Int { elements.count }
    var min: Element? { elements.first }

    mutating func removeAll() { elements.removeAll(keepingCapacity: true) }

    mutating func push(_ element: Element) {
        elements.append(element)
        elements.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            while child > 0 {
                let parent = (child &- 1) >> 1
                guard element < heap[parent] else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = element
        }
    }

    mutating func pop() -> Element? {
        guard let last = elements.popLast() else { return nil }
        guard let first = elements.first else { return last }
        elements.withUnsafeMutableBufferPointer { Self.refill(with: last, in: $0) }
        return first
    }

    /// Fills the hole at the root with `element`, bottom-up (Wegener, "Bottom-up heapsort", TCS 118,
    /// 1993): the hole sinks to a leaf along the smaller children, then `element`, the former last
    /// leaf and so usually among the largest, rises from there. That saves a comparison per level
    /// over sinking `element` itself; indices are in range by construction, hence the raw buffer.
    private static func refill(with element: Element, in heap: UnsafeMutableBufferPointer<Element>) {
        let count = heap.count
        var hole = 0
        while true {
            var child = 2 &* hole &+ 1
            if child >= count { break }
            if child &+ 1 < count && heap[child &+ 1] < heap[child] { child &+= 1 }
            heap[hole] = heap[child]
            hole = child
        }
        while hole > 0 {
            let parent = (hole &- 1) >> 1
            guard element < heap[parent] else { break }
            heap[hole] = heap[parent]
            hole = parent
        }
        heap[hole] = element
    }
}
