import Collectives
import Fabric

/// Gradients that are final once a task has finished: `elements` of them, ready after task `after`.
struct ReadyGradients: Hashable {
    var elements: Int
    var after: Int
}

/// The end of every iteration: data-parallel gradient reduction in buckets, the optimizer step, and
/// under ZeRO-1/2 the all-gather of the updated weights.
struct GradientReduction {
    var group: Int?
    var groupSize: Int
    var zeroStage: Int
    var bucketBytes: Int64
    var elementSize: Int
    var overlap: Bool
    /// Megatron-LM's all-reduce of the tied word-embedding gradients between the first and last
    /// pipeline stages (which both hold a copy), after the data-parallel reduction: its group and size.
    var embedding: (group: Int, elements: Int)? = nil

    /// Groups gradients into buckets in the order they become ready, closing a bucket once it holds
    /// at least `bucketBytes`, as PyTorch DDP and Megatron-LM do; a bucket waits for its last
    /// contributor. Parameters are never split across buckets.
    static func buckets(_ ready: [ReadyGradients], bucketElements: Int) -> [ReadyGradients] {
        var buckets: [ReadyGradients] = []
        var open: ReadyGradients?
        for item in ready {
            var bucket = open ?? ReadyGradients(elements: 0, after: item.after)
            bucket.elements += item.elements
            bucket.after = item.after
            if bucket.elements >= bucketElements {
                buckets.append(bucket)
                open = nil
            } else {
                open = bucket
            }
        }
        if let open, open.elements > 0 { buckets.append(open) }
        return buckets
    }

    /// Writes the reduction and the optimizer step on `rank`, after the backward tasks in `ready`
    /// (when overlapping) or after the last compute task (when not). Under ZeRO the optimizer updates
    /// only this rank's 1/d share, and ZeRO-1/2 then all-gather the new weights.
    func write(ready: [ReadyGradients], optimizerSeconds: Double, on rank: inout RankWriter,
               graph writer: inout GraphWriter) throws {
        let bucketElements = max(1, Int(bucketBytes / Int64(elementSize)))
        let total = ready.reduce(0) { $0 + $1.elements }
        let last = rank.flush() ?? 0
        var reductions: [Int] = []
        if let group, groupSize > 1 {
            let op: CollectiveOp = zeroStage == 0 ? .allReduce : .reduceScatter
            // Without overlap the buckets still go out one by one, all once backward is done.
            let pieces = overlap ? Self.buckets(ready, bucketElements: bucketElements)
                : Self.split(total, into: bucketElements, after: last)
            for (index, bucket) in pieces.enumerated() {
                let schedule = try writer.schedule(op, ranks: groupSize, count: bucket.elements, elementSize: elementSize)
                reductions.append(rank.append(.collective(schedule, group: group), stream: Stream.gradients,
                                              after: [bucket.after], label: "dp \(op.name) \(index)", category: "dp"))
            }
            try reduceEmbedding(after: reductions + [last], into: &reductions, on: &rank, graph: &writer)
            let step = rank.onCompute(.compute(.seconds(optimizerSeconds)), label: "optimizer", category: "optimizer",
                                      after: reductions)
            if zeroStage == 1 || zeroStage == 2 {
                for (index, bucket) in pieces.enumerated() {
                    let schedule = try writer.schedule(.allGather, ranks: groupSize, count: bucket.elements,
                                                       elementSize: elementSize)
                    rank.append(.collective(schedule, group: group), stream: Stream.gradients, after: [step],
                                label: "dp allgather \(index)", category: "dp")
                }
            }
        } else {
            try reduceEmbedding(after: [last], into: &reductions, on: &rank, graph: &writer)
            rank.onCompute(.compute(.seconds(optimizerSeconds)), label: "optimizer", category: "optimizer",
                           after: reductions)
        }
    }

    private func reduceEmbedding(after: [Int], into reductions: inout [Int], on rank: inout RankWriter,
                                 graph writer: inout GraphWriter) throws {
        guard let embedding else { return }
        let schedule = try writer.schedule(.allReduce, ranks: 2, count: embedding.elements, elementSize: elementSize)
        reductions.append(rank.append(.collective(schedule, group: embedding.group), stream: Stream.gradients,
                                      after: after, label: "embedding grads", category: "dp"))
    }

    /// `total` elements cut into buckets of `size`, all ready after task `after`.
    static func split(_ total: Int, into size: Int, after: Int) -> [ReadyGradients] {
        stride(from: 0, to: total, by: size).map { ReadyGradients(elements: min(size, total - $0), after: after) }
    }
}
