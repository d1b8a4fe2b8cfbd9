import Collectives
import Fabric

/// One iteration of a CNN trained data parallel: per microbatch a forward and a backward pass over
/// the layer list, then gradient buckets all-reduced over every rank as the last backward pass makes
/// them final (PyTorch DDP; Li et al., VLDB 2020), then the optimizer step.
struct ConvNetIteration {
    let model: ConvNetModel
    let plan: ParallelPlan
    let accelerator: Accelerator

    func build() throws -> TaskGraph {
        var writer = GraphWriter(ranks: plan.ranks, algorithm: plan.algorithm)
        let world = plan.ranks > 1 ? writer.graph.addGroup(Array(0..<plan.ranks)) : nil
        let forward = model.layers.map { accelerator.seconds(for: model.operation($0, batch: plan.microbatchSize)) }
        let m = plan.microbatches
        for r in 0..<plan.ranks {
            var rank = RankWriter(rank: r)
            var ready: [ReadyGradients] = []
            for microbatch in 0..<m {
                rank.compute(forward.reduce(0, +), label: "fwd \(microbatch)")
                let final = microbatch == m - 1
                for (layer, seconds) in zip(model.layers, forward).reversed() {
                    rank.compute(2 * seconds, label: "bwd \(microbatch)")
                    if final {
                        let after = plan.overlapGradientReduction ? rank.flush() : rank.lastOnCompute
                        ready.append(ReadyGradients(elements: Int(layer.parameters.rounded()), after: after ?? 0))
                    }
                }
            }
            try reduction(world).write(ready: ready, optimizerSeconds: optimizerSeconds(model.parameters),
                                       on: &rank, graph: &writer)
            writer.graph.tasks[r] = rank.tasks
        }
        return writer.graph
    }

    private func reduction(_ group: Int?) -> GradientReduction {
        GradientReduction(group: group, groupSize: plan.ranks, zeroStage: plan.zeroStage,
                          bucketBytes: plan.gradientBucket.bytes, elementSize: model.precision.bytes,
                          overlap: plan.overlapGradientReduction)
    }

    private func optimizerSeconds(_ parameters: Double) -> Double {
        let shard = parameters / Double(plan.zeroStage >= 1 ? plan.ranks : 1)
        return accelerator.seconds(for: Operation("adam", flops: 12 * shard, bytes: 28 * shard, isMatmul: false))
    }
}
