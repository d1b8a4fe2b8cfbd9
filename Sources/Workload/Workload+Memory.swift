import Topology

extension Workload {
    /// Memory per rank at the peak of an iteration: model state by ZeRO stage, activations by
    /// Korthikanti et al. for the plan, times the microbatches the pipeline schedule keeps in flight.
    ///
    /// Model state with mixed-precision Adam (Rajbhandari et al., ZeRO, SC20, Sec. 3.1), for Psi
    /// parameters on the rank and N_d data-parallel ranks: 2 Psi weights, 2 Psi gradients and 12 Psi
    /// optimizer state, of which ZeRO-1 shards the optimizer state, ZeRO-2 also the gradients and
    /// ZeRO-3 also the weights over N_d. Not counted: framework workspace, fragmentation, the logits'
    /// gradient buffers beyond one microbatch.
    public func memory() -> MemoryReport {
        let report = memoryFigures()
        guard !report.fits else { return report }
        var fitting = report
        fitting.suggestions = remedies().filter { $0.workload.memoryFigures().fits }.map(\.name)
        return fitting
    }

    /// The report without suggestions.
    func memoryFigures() -> MemoryReport {
        switch model {
        case .transformer(let m):
            return (0..<plan.pipeline).map { transformerMemory(m, stage: $0) }
                .max { $0.total < $1.total } ?? transformerMemory(m, stage: 0)
        case .convNet(let m):
            let activations = m.layers.reduce(0) { $0 + $1.activations } * Double(plan.microbatchSize) * Double(m.precision.bytes)
            return report(stage: 0, parameters: m.parameters, extra: [("activations", activations)], inFlight: 1)
        case .recommender(let m):
            // The fullest rank's tables, the pooled vectors it looks up for the whole microbatch of every
            // rank (b d samples x tables + 1 vectors), and its own samples' interaction and MLP inputs.
            let tables = Double(m.tables(onRank: 0, of: plan.ranks)) * Double(m.rowsPerTable)
                * Double(m.embeddingDimension) * Double(m.embeddingPrecision.bytes)
            let b = Double(plan.microbatchSize), width = Double(m.interactionWidth + m.denseFeatures)
            let activations = b * Double(plan.ranks) * Double(m.tables + 1) * Double(m.embeddingDimension)
                * Double(m.precision.bytes) + b * width * Double(m.precision.bytes)
            return report(stage: 0, parameters: m.mlpParameters,
                          extra: [("embedding tables", tables), ("activations", activations)], inFlight: 1)
        }
    }

    /// Activation bytes of one layer for one microbatch (Korthikanti et al., arXiv:2205.05198, Table 2,
    /// 16-bit activations, scaled for other formats):
    /// tensor parallel `s b h (10 + 24/t + 5 a s/(h t))`; with sequence parallelism `s b h (34/t + 5 a s/(h t))`;
    /// selective recomputation drops the `5 a s/(h t)` term; full recomputation keeps `2 s b h`.
    public func activationBytesPerLayer(_ m: TransformerModel) -> Double {
        let (s, b, h) = (Double(m.sequenceLength), Double(plan.microbatchSize), Double(m.hidden))
        let (a, t) = (Double(m.heads), Double(plan.tensor))
        let sbh = s * b * h * Double(m.precision.bytes) / 2
        let linear = plan.sequenceParallel ? 34 / t : 10 + 24 / t
        switch plan.recomputation {
        case .none: return sbh * (linear + 5 * a * s / (h * t))
        case .selective: return sbh * linear
        case .full: return sbh * 2
        }
    }

    /// Microbatches of activations stage `stage` holds at once: all m for GPipe, min(p - stage, m) for
    /// 1F1B; interleaved, the warm-up passes plus one, in chunks of L/(p v) layers, which on stage 0
    /// is p (1 + (p - 1)/(p v)) (Korthikanti et al. Sec. 4.2.3).
    public func inFlightMicrobatches(stage: Int) -> Double {
        let (p, m) = (plan.pipeline, plan.microbatches)
        switch plan.schedule {
        case .gpipe: return Double(m)
        case .oneForwardOneBackward: return Double(min(p - stage, m))
        case .interleaved(let v):
            let chunks = min((p - stage - 1) * 2 + (v - 1) * p + 1, m * v)
            return Double(chunks) / Double(v)
        }
    }

    private func transformerMemory(_ m: TransformerModel, stage: Int) -> MemoryReport {
        let iteration = TransformerIteration(model: m, plan: plan, accelerator: accelerator)
        let parameters = Double(iteration.parameters(stage: stage))
        let inFlight = inFlightMicrobatches(stage: stage)
        let layersPerStage = Double(m.layers / plan.pipeline)
        var activations = activationBytesPerLayer(m) * layersPerStage * inFlight
        if plan.recomputation == .full {
            // The layer being recomputed holds its full activations during its backward pass.
            var whole = self
            whole.plan.recomputation = .none
            activations += whole.activationBytesPerLayer(m)
        }
        var extra = [("activations", activations)]
        if stage == plan.pipeline - 1 {
            // The loss keeps the fp32 logits of the microbatch in flight: b s V / t x 4 bytes.
            let logits = Double(plan.microbatchSize * m.sequenceLength) * Double(m.vocabulary) / Double(plan.tensor) * 4
            extra.append(("logits", logits))
        }
        return report(stage: stage, parameters: parameters, extra: extra, inFlight: inFlight)
    }

    /// Weights, gradients and optimizer state for `parameters` on the rank, under the plan's ZeRO stage.
    private func report(stage: Int, parameters psi: Double, extra: [(String, Double)], inFlight: Double) -> MemoryReport {
        let d = Double(plan.data)
        let z = plan.zeroStage
        let weights = 2 * psi / (z >= 3 ? d : 1)
        let gradients = 2 * psi / (z >= 2 ? d : 1)
        let optimizer = 12 * psi / (z >= 1 ? d : 1)
        let terms = [("weights", weights), ("gradients", gradients), ("optimizer state", optimizer)] + extra
        return MemoryReport(stage: stage,
                            terms: terms.map { MemoryReport.Term(name: $0.0, bytes: ByteCount(bytes: Int64($0.1.rounded()))) },
                            capacity: accelerator.hbmCapacity, inFlightMicrobatches: inFlight, suggestions: [])
    }

    /// Single changes to the plan that save memory, keeping the rank count, each named as a user would
    /// apply it; only valid ones are offered (heads and layers must still divide).
    func remedies() -> [(name: String, workload: Workload)] {
        var options: [(String, Workload)] = []
        func with(_ name: String, _ change: (inout ParallelPlan) -> Void) {
            var changed = self
            change(&changed.plan)
            if changed.validate().isEmpty { options.append((name, changed)) }
        }
        let (t, p, d) = (plan.tensor, plan.pipeline, plan.data)
        if d % 2 == 0 {
            with("raise tensor to \(2 * t) (data to \(d / 2))") { $0.tensor *= 2; $0.data /= 2 }
            with("raise pipeline to \(2 * p) (data to \(d / 2))") { $0.pipeline *= 2; $0.data /= 2 }
        }
        if plan.zeroStage < 3 && d > 1 { with("ZeRO-\(plan.zeroStage + 1)") { $0.zeroStage += 1 } }
        if t > 1 && !plan.sequenceParallel { with("sequence parallelism") { $0.sequenceParallel = true } }
        if plan.recomputation == .none { with("selective recomputation") { $0.recomputation = .selective } }
        if plan.recomputation != .full { with("full recomputation") { $0.recomputation = .full } }
        if plan.microbatchSize > 1 { with("microbatch size \(plan.microbatchSize / 2)") { $0.microbatchSize /= 2 } }
        guard case .transformer = model else { return options.filter { !$0.0.hasPrefix("raise") } }
        return options
    }
}
