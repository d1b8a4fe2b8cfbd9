import Fabric

/// Plays a task graph with every task taking no time, following `TaskGraph`'s rules (streams in list
/// order, `after`, collectives matched by their ordinal per group, eager sends), to check that it can
/// run to the end: no deadlock, every receive matched. Returns the tasks that never ran.
func unfinishedTasks(_ graph: TaskGraph) -> Int {
    var done = graph.tasks.map { [Bool](repeating: false, count: $0.count) }
    var arrived = Set<[Int]>()
    // The ordinal of each collective task among its rank's tasks on the same group, and the reverse map.
    var ordinal = graph.tasks.map { [Int](repeating: -1, count: $0.count) }
    var member: [[Int]: Int] = [:]   // [group, rank, ordinal] -> task index
    for (rank, tasks) in graph.tasks.enumerated() {
        var seen: [Int: Int] = [:]
        for (index, task) in tasks.enumerated() {
            guard case .collective(_, let group) = task.work else { continue }
            ordinal[rank][index] = seen[group, default: 0]
            member[[group, rank, ordinal[rank][index]]] = index
            seen[group, default: 0] += 1
        }
    }
    func startable(_ rank: Int, _ index: Int) -> Bool {
        let task = graph.tasks[rank][index]
        guard !done[rank][index], task.after.allSatisfy({ done[rank][$0] }) else { return false }
        // Earlier tasks on the same stream must be done.
        for earlier in 0..<index where graph.tasks[rank][earlier].stream == task.stream && !done[rank][earlier] {
            return false
        }
        return true
    }
    var progress = true
    while progress {
        progress = false
        for (rank, tasks) in graph.tasks.enumerated() {
            for (index, task) in tasks.enumerated() where startable(rank, index) {
                switch task.work {
                case .compute:
                    done[rank][index] = true
                case .send(let to, _, let tag):
                    arrived.insert([rank, to, tag])
                    done[rank][index] = true
                case .receive(let from, _, let tag):
                    guard arrived.contains([from, rank, tag]) else { continue }
                    done[rank][index] = true
                case .collective(_, let group):
                    let peers = graph.groups[group].map { member[[group, $0, ordinal[rank][index]]] }
                    guard zip(graph.groups[group], peers).allSatisfy({ peer, task in
                        task.map { startable(peer, $0) || done[peer][$0] } ?? false
                    }) else { continue }
                    for (peer, task) in zip(graph.groups[group], peers) { if let task { done[peer][task] = true } }
                }
                progress = true
            }
        }
    }
    return done.reduce(0) { $0 + $1.filter { !$0 }.count }
}
