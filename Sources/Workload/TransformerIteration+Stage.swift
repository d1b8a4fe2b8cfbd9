import Collectives
import Fabric

/// Writes one rank's passes in its pipeline stage's order; see `TransformerIteration`.
struct StageWriter {
    let iteration: TransformerIteration
    var rank: RankWriter
    let tp, dp, pp: Int
    let tensorGroup: Int?
    let dataGroup: Int?

    private var plan: ParallelPlan { iteration.plan }
    private var model: TransformerModel { iteration.model }

    /// Writes every pass in `order` and returns the gradients the last backward pass of each chunk makes
    /// final, in the order they become so.
    mutating func run(_ order: [PipelineStep], writer: inout GraphWriter) throws -> [ReadyGradients] {
        var lastBackward: [Int: Int] = [:]
        for (index, step) in order.enumerated() where !step.isForward { lastBackward[step.chunk] = index }
        var ready: [ReadyGradients] = []
        for (index, step) in order.enumerated() {
            if step.isForward {
                try forward(step, writer: &writer)
            } else {
                try backward(step, final: lastBackward[step.chunk] == index, ready: &ready, writer: &writer)
            }
        }
        return ready
    }

    // MARK: Passes

    private mutating func forward(_ step: PipelineStep, writer: inout GraphWriter) throws {
        let vs = step.chunk * plan.pipeline + pp
        let label = "fwd \(step)"
        if vs > 0 {
            rank.wait(for: receive(from: vs - 1, tag: tag(step.microbatch, producer: vs - 1, backward: false), label: "recv act"))
            try gatherMessage(writer: &writer)
        }
        try prefetch(vs, writer: &writer)
        if vs == 0 { rank.compute(iteration.embeddingForward, label: label) }
        if coalesced {
            try halfLayer(Double(iteration.layersPerChunk) * (iteration.attentionForward + iteration.mlpForward), label,
                          collectives: 2 * iteration.layersPerChunk, writer: &writer)
        } else {
            for _ in 0..<iteration.layersPerChunk { try layerForward(label, writer: &writer) }
        }
        if vs == iteration.virtualStages - 1 { rank.compute(iteration.outputForward, label: label) }
        let done = rank.flush()
        if vs < iteration.virtualStages - 1 {
            send(to: vs + 1, tag: tag(step.microbatch, producer: vs, backward: false), after: done, label: "send act")
        }
    }

    /// A backward pass; when `final` (the chunk's last), it records when each layer's gradients are
    /// complete, splitting the compute at layer boundaries if reduction overlaps backward.
    private mutating func backward(_ step: PipelineStep, final: Bool, ready: inout [ReadyGradients],
                                   writer: inout GraphWriter) throws {
        let vs = step.chunk * plan.pipeline + pp
        let label = "bwd \(step)"
        let split = final && plan.overlapGradientReduction
        let grads = iteration.gradientOrder(virtualStage: vs)
        func record(_ elements: Int) {
            guard final, elements > 0 else { return }
            let after = split ? rank.flush() : rank.lastOnCompute
            ready.append(ReadyGradients(elements: elements, after: after ?? 0))
        }
        if vs < iteration.virtualStages - 1 {
            rank.wait(for: receive(from: vs + 1, tag: tag(step.microbatch, producer: vs + 1, backward: true), label: "recv grad"))
            try gatherMessage(writer: &writer)
        }
        try prefetch(vs, writer: &writer)
        if vs == iteration.virtualStages - 1 {
            rank.compute(2 * iteration.outputForward, label: label)
            record(grads.output)
        }
        if coalesced {
            try passBackward(label, writer: &writer)
            record(iteration.layersPerChunk * grads.layer)
        } else {
            for _ in 0..<iteration.layersPerChunk {
                try layerBackward(label, writer: &writer)
                record(grads.layer)
            }
        }
        if vs == 0 {
            rank.compute(2 * iteration.embeddingForward, label: label)
            record(grads.embedding)
        }
        let done = rank.flush()
        if vs > 0 {
            send(to: vs - 1, tag: tag(step.microbatch, producer: vs, backward: true), after: done, label: "send grad")
        }
    }

    // MARK: Layers

    private mutating func layerForward(_ label: String, writer: inout GraphWriter) throws {
        guard tensorGroup != nil else {
            rank.compute(iteration.attentionForward + iteration.mlpForward, label: label)
            return
        }
        try halfLayer(iteration.attentionForward, label, writer: &writer)
        try halfLayer(iteration.mlpForward, label, writer: &writer)
    }

    private mutating func layerBackward(_ label: String, writer: inout GraphWriter) throws {
        // Full recomputation reruns the layer's forward, collectives included, before its backward;
        // selective recomputation reruns core attention only, inside the attention backward.
        if plan.recomputation == .full { try layerForward(label, writer: &writer) }
        let recomputed = plan.recomputation == .selective ? iteration.coreAttentionForward : 0
        guard tensorGroup != nil else {
            rank.compute(iteration.mlpBackward + iteration.attentionBackward + recomputed, label: label)
            return
        }
        try halfLayer(iteration.mlpBackward, label, writer: &writer)
        try halfLayer(iteration.attentionBackward + recomputed, label, writer: &writer)
    }

    /// Whether a pass's tensor-parallel collectives are written as one (`ParallelPlan.TensorCollectives`).
    /// Labels of at most 15 bytes, which Swift stores inline: millions of tasks carry them.
    private static let tensorLabels: [CollectiveOp: String] = [
        .allReduce: "tp all-reduce", .allGather: "tp all-gather", .reduceScatter: "tp red-scatter",
    ]

    private var coalesced: Bool { tensorGroup != nil && plan.tensorCollectives == .perPass }

    /// A chunk's backward pass with its tensor-parallel collectives coalesced: the recomputed forward
    /// and its collectives as one, then the backward and its collectives as one.
    private mutating func passBackward(_ label: String, writer: inout GraphWriter) throws {
        let layers = Double(iteration.layersPerChunk), collectives = 2 * iteration.layersPerChunk
        if plan.recomputation == .full {
            try halfLayer(layers * (iteration.attentionForward + iteration.mlpForward), label, collectives: collectives,
                          writer: &writer)
        }
        let recomputed = plan.recomputation == .selective ? iteration.coreAttentionForward : 0
        try halfLayer(layers * (iteration.attentionBackward + iteration.mlpBackward + recomputed), label,
                      collectives: collectives, writer: &writer)
    }

    /// Compute between two tensor-parallel collectives: an all-reduce after it, or with sequence
    /// parallelism an all-gather before and a reduce-scatter after (the same pair in either direction).
    /// `collectives` > 1 writes that many collectives' elements as one.
    private mutating func halfLayer(_ seconds: Double, _ label: String, collectives: Int = 1,
                                    writer: inout GraphWriter) throws {
        if plan.sequenceParallel { try tensorCollective(.allGather, collectives, writer: &writer) }
        rank.compute(seconds, label: label)
        try tensorCollective(plan.sequenceParallel ? .reduceScatter : .allReduce, collectives, writer: &writer)
    }

    private mutating func tensorCollective(_ op: CollectiveOp, _ collectives: Int = 1, writer: inout GraphWriter) throws {
        guard let group = tensorGroup else { return }
        let schedule = try writer.schedule(op, ranks: plan.tensor, count: collectives * iteration.activationElements,
                                           elementSize: model.precision.bytes)
        rank.onCompute(.collective(schedule, group: group), label: Self.tensorLabels[op] ?? "tp", category: "tp")
    }

    // MARK: Pipeline and ZeRO-3 traffic

    /// Whether pipeline messages are split over the tensor group and gathered on arrival.
    private var scatterGathers: Bool { tensorGroup != nil && plan.scatterGather && !plan.sequenceParallel }

    /// Bytes of an activation or its gradient between stages: b s h elements, or 1/t of them with
    /// sequence parallelism or the scatter/gather optimisation.
    private var messageBytes: Int64 {
        let split = plan.sequenceParallel || scatterGathers
        let elements = iteration.activationElements / (split ? plan.tensor : 1)
        return Int64(elements) * Int64(model.precision.bytes)
    }

    /// The all-gather over the tensor group that reassembles a message sent in pieces.
    private mutating func gatherMessage(writer: inout GraphWriter) throws {
        guard scatterGathers, let group = tensorGroup else { return }
        let schedule = try writer.schedule(.allGather, ranks: plan.tensor, count: iteration.activationElements,
                                           elementSize: model.precision.bytes)
        rank.onCompute(.collective(schedule, group: group), label: "pp all-gather", category: "pp")
    }

    /// The global rank of this rank's counterpart in virtual stage `vs`.
    private func peer(_ vs: Int) -> Int { plan.rank(tp: tp, dp: dp, pp: vs % plan.pipeline) }

    /// A tag unique per (microbatch, producing virtual stage, direction).
    private func tag(_ microbatch: Int, producer: Int, backward: Bool) -> Int {
        (microbatch * iteration.virtualStages + producer) * 2 + (backward ? 1 : 0)
    }

    private mutating func receive(from vs: Int, tag: Int, label: String) -> Int {
        rank.append(.receive(from: peer(vs), bytes: messageBytes, tag: tag), stream: Stream.receive, after: [],
                    label: label, category: "pp")
    }

    private mutating func send(to vs: Int, tag: Int, after: Int?, label: String) {
        rank.append(.send(to: peer(vs), bytes: messageBytes, tag: tag), stream: Stream.send, after: after.map { [$0] } ?? [],
                    label: label, category: "pp")
    }

    /// Under ZeRO-3 every pass first all-gathers its chunk's weights across the data-parallel group
    /// (Rajbhandari et al. Sec. 5.3); gathers run ahead on their own stream.
    private mutating func prefetch(_ vs: Int, writer: inout GraphWriter) throws {
        guard plan.zeroStage == 3, let group = dataGroup else { return }
        let grads = iteration.gradientOrder(virtualStage: vs)
        let elements = grads.output + iteration.layersPerChunk * grads.layer + grads.embedding
        let schedule = try writer.schedule(.allGather, ranks: plan.data, count: elements, elementSize: model.precision.bytes)
        let gather = rank.append(.collective(schedule, group: group), stream: Stream.prefetch, after: [],
                                 label: "zero3 allgather", category: "dp")
        rank.wait(for: gather)
    }
}
