import Collectives
import Fabric

/// Builds the task graph of one training iteration of a transformer under a tensor x pipeline x data
/// parallel plan (Narayanan et al., SC21).
///
/// Per rank, in the pipeline schedule's order, each forward and backward pass of a model chunk is
/// compute tasks separated by the layer's tensor-parallel collectives: two all-reduces of b s h
/// elements per layer forward and two backward (Shoeybi et al., arXiv:1909.08053, Sec. 3), or with
/// sequence parallelism an all-gather before and a reduce-scatter after each half layer (Korthikanti
/// et al. Sec. 4.2.2). Without tensor parallelism a whole pass is one compute task. Activations and
/// their gradients travel between stages as sends and receives of b s h elements tagged by microbatch,
/// virtual stage and direction: b s h / t with sequence parallelism, or with the scatter/gather
/// optimisation followed by an all-gather over the receiving tensor group. Gradient buckets, ZeRO
/// gathers and the optimizer step close the iteration (`GradientReduction`).
///
/// With tied embeddings and more than one stage, the first and last stages all-reduce the word
/// embedding's gradients before the optimizer step, as Megatron-LM does.
struct TransformerIteration {
    let model: TransformerModel
    let plan: ParallelPlan
    let accelerator: Accelerator

    /// Roofline seconds of each block, per microbatch and tensor-parallel rank.
    let attentionForward, mlpForward, coreAttentionForward: Double
    let embeddingForward, outputForward: Double
    let layersPerChunk: Int

    init(model: TransformerModel, plan: ParallelPlan, accelerator: Accelerator) {
        self.model = model
        self.plan = plan
        self.accelerator = accelerator
        let slice = TransformerModel.Slice(microbatch: plan.microbatchSize, tensor: plan.tensor,
                                           sequenceParallel: plan.sequenceParallel)
        attentionForward = accelerator.seconds(for: model.attentionOperations(slice))
        mlpForward = accelerator.seconds(for: model.mlpOperations(slice))
        coreAttentionForward = accelerator.seconds(for: model.coreAttentionOperations(slice))
        embeddingForward = accelerator.seconds(for: model.embeddingOperations(slice))
        outputForward = accelerator.seconds(for: model.outputOperations(slice))
        layersPerChunk = model.layers / (plan.pipeline * plan.schedule.chunks)
    }

    /// Backward takes twice the forward time of every operation (`Operation.backward`).
    var attentionBackward: Double { 2 * attentionForward }
    var mlpBackward: Double { 2 * mlpForward }

    var virtualStages: Int { plan.pipeline * plan.schedule.chunks }

    /// Elements of one microbatch's activation: b s h.
    var activationElements: Int { plan.microbatchSize * model.sequenceLength * model.hidden }

    /// Parameters one tensor-parallel rank holds for virtual stage `vs`, in the order backward makes
    /// their gradients final: the output layer, then each layer from last to first, then the embedding.
    func gradientOrder(virtualStage vs: Int) -> (output: Int, layer: Int, embedding: Int) {
        let t = Double(plan.tensor), h = Double(model.hidden)
        let layer = Int((model.parametersPerLayer / t).rounded())
        let first = vs == 0, last = vs == virtualStages - 1
        let words = Double(model.vocabulary) * h / t
        let positions = model.learnedPositions ? Double(model.sequenceLength) * h : 0
        let embedding = first ? Int((words + positions).rounded()) : 0
        // Tied weights on a single stage are counted once, with the embedding.
        let sharesCopy = model.tiedEmbeddings && first
        let output = last ? Int(((sharesCopy ? 0 : words) + 2 * h).rounded()) : 0
        return (output, layer, embedding)
    }

    /// Parameters on one tensor-parallel rank of pipeline stage `stage`, over its chunks.
    func parameters(stage: Int) -> Int {
        (0..<plan.schedule.chunks).reduce(0) { sum, chunk in
            let order = gradientOrder(virtualStage: chunk * plan.pipeline + stage)
            return sum + order.output + layersPerChunk * order.layer + order.embedding
        }
    }

    func build() throws -> TaskGraph {
        var writer = GraphWriter(ranks: plan.ranks, algorithm: plan.algorithm)
        let (t, p, d) = (plan.tensor, plan.pipeline, plan.data)
        // Groups in a fixed order: tensor groups by (stage, replica), then data groups by (stage, tp index).
        var tensorGroup = [[Int?]](repeating: [Int?](repeating: nil, count: d), count: p)
        var dataGroup = [[Int?]](repeating: [Int?](repeating: nil, count: t), count: p)
        for stage in 0..<p {
            for replica in 0..<d where t > 1 {
                tensorGroup[stage][replica] = writer.graph.addGroup((0..<t).map { plan.rank(tp: $0, dp: replica, pp: stage) })
            }
            for index in 0..<t where d > 1 {
                dataGroup[stage][index] = writer.graph.addGroup((0..<d).map { plan.rank(tp: index, dp: $0, pp: stage) })
            }
        }
        // Tied embeddings: the first and last stage of each (tensor, data) lane share the word embedding.
        var embeddingGroup = [[Int?]](repeating: [Int?](repeating: nil, count: d), count: t)
        for index in 0..<t where model.tiedEmbeddings && p > 1 {
            for replica in 0..<d {
                embeddingGroup[index][replica] = writer.graph.addGroup(
                    [plan.rank(tp: index, dp: replica, pp: 0), plan.rank(tp: index, dp: replica, pp: p - 1)])
            }
        }
        let words = Int((Double(model.vocabulary) * Double(model.hidden) / Double(t)).rounded())
        let orders = (0..<p).map { plan.schedule.order(stage: $0, stages: p, microbatches: plan.microbatches) }
        for rank in 0..<plan.ranks {
            let (tp, dp, pp) = plan.coordinates(of: rank)
            var stage = StageWriter(iteration: self, rank: RankWriter(rank: rank), tp: tp, dp: dp, pp: pp,
                                    tensorGroup: tensorGroup[pp][dp], dataGroup: dataGroup[pp][tp])
            let ready = try stage.run(orders[pp], writer: &writer)
            var tasks = stage.rank
            var reduction = GradientReduction(group: dataGroup[pp][tp], groupSize: d, zeroStage: plan.zeroStage,
                                              bucketBytes: plan.gradientBucket.bytes, elementSize: model.precision.bytes,
                                              overlap: plan.overlapGradientReduction)
            if pp == 0 || pp == p - 1, let group = embeddingGroup[tp][dp] {
                reduction.embedding = (group, words)
            }
            let shard = Double(parameters(stage: pp)) / Double(plan.zeroStage >= 1 ? d : 1)
            let optimizer = accelerator.seconds(for: model.optimizerOperations(parameters: shard))
            try reduction.write(ready: ready, optimizerSeconds: optimizer, on: &tasks, graph: &writer)
            writer.graph.tasks[rank] = tasks.tasks
        }
        return writer.graph
    }
}
