import Collectives
import Fabric
import Testing
import Topology
@testable import Workload

@Suite("Iteration task graphs")
struct TaskGraphTests {
    /// 2 x 2 x 2 on 8 ranks, 4 microbatches, 1F1B, one gradient bucket.
    private func tinyPlan(_ change: (inout ParallelPlan) -> Void = { _ in }) -> ParallelPlan {
        var plan = ParallelPlan(tensor: 2, pipeline: 2, data: 2, microbatchSize: 1, globalBatch: 8,
                                gradientBucket: .mebibytes(64))
        change(&plan)
        return plan
    }

    private func graph(_ plan: ParallelPlan, _ model: TransformerModel = tiny) throws -> TaskGraph {
        try Workload(model: .transformer(model), accelerator: a100(), plan: plan).taskGraph()
    }

    private func count(_ tasks: [Task], _ category: String) -> Int { tasks.filter { $0.category == category }.count }

    /// The passes of a rank in order, from its compute tasks' labels (`fwd F0` -> `F0`).
    private func passes(_ tasks: [Task]) -> [String] {
        var names: [String] = []
        for task in tasks where task.category == "compute" {
            let name = String(task.label.split(separator: " ").last ?? "")
            if names.last != name { names.append(name) }
        }
        return names
    }

    @Test("2x2x2 with 1F1B: groups, per-rank task counts and the order of passes per stage")
    func tinyShape() throws {
        let plan = tinyPlan()
        let g = try graph(plan)
        #expect(g.ranks == 8)
        // Tensor groups by (stage, replica), data groups by (stage, tensor index), then the tied-embedding
        // pairs of first and last stage by (tensor index, replica): four of each.
        #expect(g.groups.count == 12)
        #expect(g.groups[8] == [0, 4])
        #expect(g.groups[0] == [0, 1])
        #expect(g.groups.contains([0, 2]))
        #expect(g.groups.contains([5, 7]))
        for rank in 0..<8 {
            let tasks = g.tasks[rank]
            let stage = plan.coordinates(of: rank).pp
            // 2 layers per stage x 2 all-reduces x (forward + backward) x 4 microbatches.
            #expect(count(tasks, "tp") == 32)
            // 4 activations one way and 4 gradients the other, each received message all-gathered over
            // the tensor group (the scatter/gather optimisation).
            #expect(count(tasks, "pp") == 12)
            #expect(tasks.filter { $0.label == "pp all-gather" }.count == 4)
            // One gradient bucket and the tied-embedding all-reduce.
            #expect(count(tasks, "dp") == 2)
            #expect(tasks.filter { $0.label == "embedding grads" }.count == 1)
            #expect(count(tasks, "optimizer") == 1)
            #expect(tasks.last?.category == "optimizer")
            // One compute task per half layer: 2 layers x 2 halves x 2 directions x 4 microbatches; stage 0 adds
            // the embedding backward after each backward's last collective, stage 1 the output layer after each
            // forward's last collective and, in the last backward, a task of its own so its gradients can go early.
            #expect(count(tasks, "compute") == 32 + (stage == 0 ? 4 : 5))
            #expect(passes(tasks) == (stage == 0 ? ["F0", "F1", "B0", "F2", "B1", "F3", "B2", "B3"]
                                                 : ["F0", "B0", "F1", "B1", "F2", "B2", "F3", "B3"]))
        }
    }

    @Test("every send has exactly one matching receive on its destination, with tags unique per pair")
    func matchedMessages() throws {
        for plan in [tinyPlan(), tinyPlan { $0.schedule = .interleaved(chunks: 2) }, tinyPlan { $0.schedule = .gpipe }] {
            let g = try graph(plan)
            var sends: [[Int]] = [], receives: [[Int]] = []
            for (rank, tasks) in g.tasks.enumerated() {
                for task in tasks {
                    switch task.work {
                    case .send(let to, let bytes, let tag): sends.append([rank, to, tag, Int(bytes)])
                    case .receive(let from, let bytes, let tag): receives.append([from, rank, tag, Int(bytes)])
                    default: break
                    }
                }
            }
            #expect(sends.count == Set(sends).count)
            #expect(Set(sends) == Set(receives))
            // b s h bf16 elements, split over the 2 tensor ranks.
            #expect(sends.allSatisfy { $0[3] == 32 * 64 * 2 / 2 })
            // 4 (tensor, data) lanes x 4 microbatches x 2 directions x (p v - 1) boundaries between virtual stages.
            #expect(sends.count == 4 * 4 * 2 * (2 * plan.schedule.chunks - 1))
        }
    }

    @Test("every graph plays to the end with zero-time tasks: no deadlock, nothing unmatched",
          arguments: [ParallelPlan.Schedule.gpipe, .oneForwardOneBackward, .interleaved(chunks: 2)])
    func playsToTheEnd(schedule: ParallelPlan.Schedule) throws {
        for sp in [false, true] {
            for zero in [0, 1, 3] {
                let plan = tinyPlan {
                    $0.schedule = schedule
                    $0.sequenceParallel = sp
                    $0.zeroStage = zero
                    $0.recomputation = .full
                    $0.gradientBucket = .kibibytes(64)
                }
                #expect(unfinishedTasks(try graph(plan)) == 0, "sp \(sp), ZeRO-\(zero)")
                var placed = plan
                placed.placement = .tensorPipelineData
                #expect(unfinishedTasks(try graph(placed)) == 0, "tp-pp-dp, sp \(sp), ZeRO-\(zero)")
            }
        }
    }

    @Test("collectives per group: the same count on every member, with ring schedules of the right size")
    func collectivesPerGroup() throws {
        let plan = tinyPlan { $0.sequenceParallel = true }
        let g = try graph(plan)
        var perGroup: [Int: [Int: Int]] = [:]
        for (rank, tasks) in g.tasks.enumerated() {
            for task in tasks {
                guard case .collective(let index, let group) = task.work else { continue }
                let schedule = g.schedules[index]
                #expect(g.groups[group].contains(rank))
                #expect(schedule.ranks == g.groups[group].count)
                perGroup[group, default: [:]][rank, default: 0] += 1
                if task.category == "tp" {
                    #expect(schedule.count == 32 * 64)
                    #expect(schedule.op == .allGather || schedule.op == .reduceScatter)
                }
            }
        }
        for (group, counts) in perGroup {
            #expect(Set(counts.values).count == 1)
            #expect(counts.count == g.groups[group].count)
        }
        // Tensor groups: 2 layers x 4 collectives (AG, RS per half) x 2 directions x 4 microbatches.
        #expect(perGroup[0]?[0] == 64)
    }

    @Test("with overlap a bucket waits for the backward task that completes it; without, for the last one")
    func buckets() throws {
        // One layer of the tiny model per bucket: a layer is 12 x 64^2 + 13 x 64 = 49,984 bf16 weights (99,968 bytes), 2 per stage.
        let small = tinyPlan { $0.tensor = 1; $0.data = 4; $0.gradientBucket = .bytes(99_968) }
        let g = try graph(small)
        let tasks = g.tasks[0]
        let reductions = tasks.filter { $0.label.hasPrefix("dp ") }
        // Stage 0 holds the embedding and two layers: three buckets, the last of them the embedding.
        #expect(reductions.count == 3)
        #expect(Set(reductions.map { $0.after[0] }).count == 3)
        let lastBackward = tasks.lastIndex { $0.category == "compute" } ?? -1
        #expect(reductions.last?.after == [lastBackward])
        let serial = try graph(tinyPlan { $0.tensor = 1; $0.data = 4; $0.gradientBucket = .bytes(99_968); $0.overlapGradientReduction = false })
        let serialLast = serial.tasks[0].lastIndex { $0.category == "compute" } ?? -1
        #expect(serial.tasks[0].filter { $0.label.hasPrefix("dp ") }.count == 3)
        #expect(serial.tasks[0].filter { $0.label.hasPrefix("dp ") }.allSatisfy { $0.after == [serialLast] })
    }

    @Test("without the scatter/gather optimisation each tensor rank sends the whole activation and nothing is gathered")
    func noScatterGather() throws {
        let g = try graph(tinyPlan { $0.scatterGather = false })
        for tasks in g.tasks {
            #expect(count(tasks, "pp") == 8)
            for task in tasks { if case .send(_, let bytes, _) = task.work { #expect(bytes == 32 * 64 * 2) } }
        }
        #expect(unfinishedTasks(g) == 0)
    }

    @Test("untied embeddings need no all-reduce between first and last stage")
    func untied() throws {
        var model = tiny
        model.tiedEmbeddings = false
        let g = try graph(tinyPlan(), model)
        #expect(g.groups.count == 8)
        #expect(g.tasks.allSatisfy { !$0.contains { $0.label == "embedding grads" } })
    }

    @Test("ZeRO-3 gathers each chunk's weights before every pass; ZeRO-1 gathers updated weights after the step")
    func zero() throws {
        let three = try graph(tinyPlan { $0.zeroStage = 3 })
        #expect(three.tasks[0].filter { $0.label == "zero3 allgather" }.count == 8)
        #expect(three.tasks[0].filter { $0.label.hasPrefix("dp reducescatter") }.count == 1)
        let one = try graph(tinyPlan { $0.zeroStage = 1 })
        let step = one.tasks[0].firstIndex { $0.category == "optimizer" }
        #expect(one.tasks[0].filter { $0.label.hasPrefix("dp allgather") }.map(\.after) == [[step ?? -1]])
    }

    @Test("full recomputation repeats each layer's forward collectives in backward")
    func recomputation() throws {
        let g = try graph(tinyPlan { $0.recomputation = .full })
        #expect(count(g.tasks[0], "tp") == 32 + 16)
    }

    @Test("ResNet-50 and DLRM graphs run to the end with one all-reduce or all-to-all per group member")
    func dataParallelModels() throws {
        let cnn = ConvNetModel(layers: [
            .init(name: "a", flops: 1e9, parameters: 1e6, activations: 1e5),
            .init(name: "b", flops: 1e9, parameters: 3e6, activations: 1e5),
        ])
        let plan = ParallelPlan(data: 4, microbatchSize: 8, globalBatch: 64, gradientBucket: .mebibytes(4))
        let cnnGraph = try Workload(model: .convNet(cnn), accelerator: a100(), plan: plan).taskGraph()
        #expect(unfinishedTasks(cnnGraph) == 0)
        // Layer b (3M weights = 6 MB) closes a bucket on its own, then layer a.
        #expect(cnnGraph.tasks[0].filter { $0.category == "dp" }.count == 2)
        let dlrm = RecommenderModel(tables: 6, rowsPerTable: 1000, embeddingDimension: 16, denseFeatures: 13,
                                    bottomMLP: [64, 16], topMLP: [64, 1])
        let dlrmGraph = try Workload(model: .recommender(dlrm), accelerator: a100(), plan: plan).taskGraph()
        #expect(unfinishedTasks(dlrmGraph) == 0)
        // Two microbatches, each with a forward and a backward all-to-all.
        #expect(dlrmGraph.tasks[3].filter { $0.category == "alltoall" }.count == 4)
        if case .collective(let index, _) = dlrmGraph.tasks[0].first(where: { $0.category == "alltoall" })?.work {
            let schedule = dlrmGraph.schedules[index]
            // 4 ranks x 2 tables on the fullest rank x 8 samples x 16 wide.
            #expect(schedule.count == 4 * 2 * 8 * 16)
        }
    }
}

@Suite("Coalesced tensor collectives")
struct CoalescedTests {
    @Test("per-pass tensor collectives carry the same elements in one collective per pass and still play to the end")
    func perPass() throws {
        for sp in [false, true] {
            for recompute in ParallelPlan.Recomputation.allCases {
                var plan = ParallelPlan(tensor: 2, pipeline: 2, data: 2, globalBatch: 8, sequenceParallel: sp,
                                        recomputation: recompute, gradientBucket: .kibibytes(64))
                let layered = try Workload(model: .transformer(tiny), accelerator: a100(), plan: plan).taskGraph()
                plan.tensorCollectives = .perPass
                let coalesced = try Workload(model: .transformer(tiny), accelerator: a100(), plan: plan).taskGraph()
                #expect(unfinishedTasks(coalesced) == 0)
                func tensorElements(_ graph: TaskGraph) -> (count: Int, elements: Int) {
                    graph.tasks[0].reduce((0, 0)) { sum, task in
                        guard task.category == "tp", case .collective(let index, _) = task.work else { return sum }
                        return (sum.0 + 1, sum.1 + graph.schedules[index].count)
                    }
                }
                let (a, b) = (tensorElements(layered), tensorElements(coalesced))
                #expect(a.elements == b.elements)
                // 2 layers per chunk x 2 collectives per layer become 1 (times 2 with sequence parallelism's pairs).
                #expect(a.count == 4 * b.count)
            }
        }
    }
}
