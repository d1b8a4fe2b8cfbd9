/// Maximum flow by Dinic's algorithm (E. A. Dinitz, "Algorithm for Solution of a Problem of Maximum
/// Flow in a Network with Power Estimation", Soviet Math. Doklady 11, 1970), over integer capacities.
///
/// Used for the exact bisection of small explicit graphs.
///
/// - Complexity: O(V^2 E) in general, far less on the unit-like networks of interconnects.
struct MaxFlow {
    private var head: [Int]
    private var next: [Int] = []
    private var to: [Int] = []
    private var capacity: [Int64] = []

    init(nodeCount: Int) { head = [Int](repeating: -1, count: nodeCount) }

    /// Adds a directed edge and its zero-capacity reverse edge.
    mutating func addEdge(_ from: Int, _ target: Int, _ edgeCapacity: Int64) {
        for (a, b, c) in [(from, target, edgeCapacity), (target, from, Int64(0))] {
            to.append(b)
            capacity.append(c)
            next.append(head[a])
            head[a] = to.count - 1
        }
    }

    /// The value of a maximum flow from `source` to `sink`; consumes the capacities.
    mutating func maximumFlow(from source: Int, to sink: Int) -> Int64 {
        var total: Int64 = 0
        while true {
            var level = [Int](repeating: -1, count: head.count)
            level[source] = 0
            var queue = [source]
            var index = 0
            while index < queue.count {
                let node = queue[index]
                index += 1
                var edge = head[node]
                while edge >= 0 {
                    if capacity[edge] > 0 && level[to[edge]] < 0 {
                        level[to[edge]] = level[node] + 1
                        queue.append(to[edge])
                    }
                    edge = next[edge]
                }
            }
            if level[sink] < 0 { return total }
            var cursor = head
            while true {
                let pushed = augment(source, sink, .max, &level, &cursor)
                if pushed == 0 { break }
                total += pushed
            }
        }
    }

    /// Sends flow along level-increasing edges with an explicit stack (graphs can be deep).
    private mutating func augment(_ source: Int, _ sink: Int, _ limit: Int64, _ level: inout [Int], _ cursor: inout [Int]) -> Int64 {
        var path: [Int] = []  // edges from the source
        var node = source
        while true {
            if node == sink {
                let pushed = path.reduce(limit) { min($0, capacity[$1]) }
                for edge in path {
                    capacity[edge] -= pushed
                    capacity[edge ^ 1] += pushed
                }
                return pushed
            }
            var advanced = false
            while cursor[node] >= 0 {
                let edge = cursor[node]
                if capacity[edge] > 0 && level[to[edge]] == level[node] + 1 {
                    path.append(edge)
                    node = to[edge]
                    advanced = true
                    break
                }
                cursor[node] = next[edge]
            }
            if !advanced {
                // Dead end: retire this node for the phase and step back.
                level[node] = -1
                guard let last = path.popLast() else { return 0 }
                node = to[last ^ 1]
                cursor[node] = next[cursor[node]]
            }
        }
    }
}
