import Collectives
import Fabric

/// One iteration of a DLRM-style recommender (Naumov et al., arXiv:1906.00091, Sec. 4): each rank
/// looks up its own tables for every sample of the microbatch, an all-to-all hands each rank the pooled
/// vectors of its samples while the bottom MLP runs, the interaction and top MLP run forward and back,
/// a second all-to-all returns the embedding gradients to the tables' owners, which update their rows.
/// MLP gradients are all-reduced in buckets like any data-parallel model.
///
/// The all-to-all is padded to the rank holding the most tables, since every rank sends the same amount.
struct RecommenderIteration {
    let model: RecommenderModel
    let plan: ParallelPlan
    let accelerator: Accelerator

    func build() throws -> TaskGraph {
        let ranks = plan.ranks, b = plan.microbatchSize
        var writer = GraphWriter(ranks: ranks, algorithm: plan.algorithm)
        let world = ranks > 1 ? writer.graph.addGroup(Array(0..<ranks)) : nil
        let shapes = model.mlpShapes
        let bottom = accelerator.seconds(for: model.mlpOperations(shapes.bottom, batch: b, prefix: "bottom"))
        let top = accelerator.seconds(for: model.mlpOperations(shapes.top, batch: b, prefix: "top"))
        let interaction = accelerator.seconds(for: model.interactionOperation(batch: b))
        let bottomParameters = shapes.bottom.reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
        let topParameters = shapes.top.reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
        let mostTables = model.tables(onRank: 0, of: ranks)
        let exchange = ranks * mostTables * b * model.embeddingDimension
        let exchangeSchedule = try world.map { _ in
            try writer.schedule(.allToAll, ranks: ranks, count: exchange, elementSize: model.precision.bytes)
        }
        let m = plan.microbatches
        for r in 0..<ranks {
            var rank = RankWriter(rank: r)
            let tables = model.tables(onRank: r, of: ranks)
            let lookup = accelerator.seconds(for: model.lookupOperation(tables: tables, batch: b * ranks))
            let update = accelerator.seconds(for: model.embeddingUpdateOperation(tables: tables, batch: b * ranks))
            var ready: [ReadyGradients] = []
            for microbatch in 0..<m {
                let final = microbatch == m - 1
                rank.compute(lookup, label: "lookup \(microbatch)")
                let looked = rank.flush()
                let sent = exchangeSchedule.map { schedule in
                    rank.append(.collective(schedule, group: world ?? 0), stream: Stream.exchange, after: looked.map { [$0] } ?? [],
                                label: "alltoall fwd", category: "alltoall")
                }
                rank.compute(bottom, label: "fwd \(microbatch)")
                rank.flush()
                rank.wait(for: sent)
                // Interaction and top MLP forward, then their backward at twice the cost.
                rank.compute(3 * (interaction + top), label: "fwd-bwd \(microbatch)")
                let topDone = rank.flush()
                if final { ready.append(ReadyGradients(elements: topParameters, after: topDone ?? 0)) }
                let returned = exchangeSchedule.map { schedule in
                    rank.append(.collective(schedule, group: world ?? 0), stream: Stream.exchange, after: topDone.map { [$0] } ?? [],
                                label: "alltoall bwd", category: "alltoall")
                }
                rank.compute(2 * bottom, label: "bwd \(microbatch)")
                let bottomDone = rank.flush()
                if final { ready.append(ReadyGradients(elements: bottomParameters, after: bottomDone ?? 0)) }
                rank.wait(for: returned)
                rank.compute(update, label: "update \(microbatch)")
            }
            let reduction = GradientReduction(group: world, groupSize: ranks, zeroStage: plan.zeroStage,
                                              bucketBytes: plan.gradientBucket.bytes, elementSize: model.precision.bytes,
                                              overlap: plan.overlapGradientReduction)
            let shard = model.mlpParameters / Double(plan.zeroStage >= 1 ? ranks : 1)
            let optimizer = accelerator.seconds(for: Operation("adam", flops: 12 * shard, bytes: 28 * shard, isMatmul: false))
            try reduction.write(ready: ready, optimizerSeconds: optimizer, on: &rank, graph: &writer)
            writer.graph.tasks[r] = rank.tasks
        }
        return writer.graph
    }
}
