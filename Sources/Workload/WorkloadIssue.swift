/// A reason a workload cannot run as configured, naming the config key and the numbers involved.
///
/// `key` is the dotted path of the setting in a config file (`parallel.tensor`), so that the Scenario
/// module can point at the line where it is written.
public struct WorkloadIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case rankProduct, layersNotDivisible, headsNotDivisible, batchNotDivisible, microbatchesNotDivisible,
             tooManyRanks, unsupported
    }

    public var kind: Kind
    /// The config key the issue is about (`parallel.tensor`, `model.layers`, ...).
    public var key: String
    /// What is wrong, with the numbers.
    public var message: String
    /// What would be accepted.
    public var expected: String?

    public init(_ kind: Kind, key: String, _ message: String, expected: String? = nil) {
        self.kind = kind
        self.key = key
        self.message = message
        self.expected = expected
    }

    public var description: String {
        "'\(key)': \(message)" + (expected.map { " (expected \($0))" } ?? "")
    }
}

extension Workload {
    /// Every problem with the plan for this model, in a fixed order (empty when it can run).
    /// - Parameters:
    ///   - requestedRanks: the rank count the config asks for, if it names one; t p d must equal it.
    ///   - topologyNPUs: the NPUs of the topology it runs on, if known; ranks may not exceed them.
    public func validate(requestedRanks: Int? = nil, topologyNPUs: Int? = nil, topologyName: String = "the topology")
        -> [WorkloadIssue] {
        var issues: [WorkloadIssue] = []
        let (t, p, d, b) = (plan.tensor, plan.pipeline, plan.data, plan.microbatchSize)
        if let ranks = requestedRanks, t * p * d != ranks {
            issues.append(WorkloadIssue(.rankProduct, key: "parallel.ranks",
                "tensor x pipeline x data = \(t) x \(p) x \(d) = \(t * p * d), not the \(ranks) ranks asked for",
                expected: "sizes whose product is \(ranks)"))
        }
        if let npus = topologyNPUs, plan.ranks > npus {
            issues.append(WorkloadIssue(.tooManyRanks, key: "topology",
                "the plan needs \(plan.ranks) ranks but \(topologyName) has \(npus) NPUs",
                expected: "at most \(npus) ranks, or a larger topology"))
        }
        if plan.globalBatch % (b * d) != 0 {
            issues.append(WorkloadIssue(.batchNotDivisible, key: "parallel.global-batch",
                "global batch \(plan.globalBatch) does not split into microbatches of \(b) over \(d) data-parallel ranks "
                    + "(\(plan.globalBatch) mod \(b * d) = \(plan.globalBatch % (b * d)))",
                expected: "a multiple of microbatch-size x data = \(b * d)"))
        } else if case .interleaved = plan.schedule, plan.microbatches % p != 0 {
            issues.append(WorkloadIssue(.microbatchesNotDivisible, key: "parallel.global-batch",
                "the interleaved schedule needs the \(plan.microbatches) microbatches to be a multiple of pipeline = \(p)",
                expected: "a global batch that is a multiple of \(b * d * p)"))
        }
        if case .interleaved(let v) = plan.schedule, p < 2 {
            issues.append(WorkloadIssue(.unsupported, key: "parallel.schedule",
                "the interleaved schedule with \(v) chunks needs at least 2 pipeline stages, not \(p)",
                expected: "pipeline of 2 or more, or schedule 1f1b"))
        }
        switch model {
        case .transformer(let m):
            let v = plan.schedule.chunks
            if m.layers % (p * v) != 0 {
                let what = v > 1 ? "pipeline x chunks = \(p) x \(v) = \(p * v)" : "pipeline = \(p)"
                issues.append(WorkloadIssue(.layersNotDivisible, key: "model.layers",
                    "\(m.layers) layers do not split evenly over \(what) (\(m.layers) mod \(p * v) = \(m.layers % (p * v)))",
                    expected: "a layer count divisible by \(p * v)"))
            }
            if m.heads % t != 0 {
                issues.append(WorkloadIssue(.headsNotDivisible, key: "model.heads",
                    "\(m.heads) attention heads do not split over tensor = \(t) (\(m.heads) mod \(t) = \(m.heads % t))",
                    expected: "a head count divisible by \(t)"))
            } else if m.kvHeads % t != 0 {
                issues.append(WorkloadIssue(.headsNotDivisible, key: "model.kv-heads",
                    "\(m.kvHeads) key-value heads do not split over tensor = \(t)",
                    expected: "a key-value head count divisible by \(t)"))
            }
        case .recommender, .convNet:
            if t != 1 || p != 1 {
                issues.append(WorkloadIssue(.unsupported, key: t != 1 ? "parallel.tensor" : "parallel.pipeline",
                    "this model is trained data parallel only, but tensor = \(t) and pipeline = \(p)",
                    expected: "tensor 1 and pipeline 1"))
            }
        }
        return issues
    }
}
