/// Staggers per-chunk step lists so that chunk j starts j steps after chunk 0.
///
/// When chunk j moves on from a tree level or chain link, chunk j+1 takes its place, so the levels
/// work at the same time. The result is valid whenever every chunk's list is valid on its own and the
/// chunks use disjoint blocks: a rank's steps still see each chunk's transfers in their original order.
enum Pipeline {
    /// The merged steps; within a step, transfers are ordered by chunk, then as in the chunk's list.
    ///
    /// - Complexity: O(total transfers + chunks + longest list).
    static func staggered(chunks: Int, _ stepsOfChunk: (Int) -> [[Transfer]]) -> [[Transfer]] {
        var merged: [[Transfer]] = []
        for chunk in 0..<chunks {
            let steps = stepsOfChunk(chunk)
            guard !steps.isEmpty else { continue }
            if merged.count < chunk + steps.count {
                merged += Array(repeating: [], count: chunk + steps.count - merged.count)
            }
            for (offset, transfers) in steps.enumerated() { merged[chunk + offset] += transfers }
        }
        return merged
    }

    /// Step lists run side by side from step 0 (for example, a double binary tree's two trees).
    static func parallel(_ lists: [[[Transfer]]]) -> [[Transfer]] {
        var merged: [[Transfer]] = Array(repeating: [], count: lists.map(\.count).max() ?? 0)
        for list in lists {
            for (step, transfers) in list.enumerated() { merged[step] += transfers }
        }
        return merged
    }
}
