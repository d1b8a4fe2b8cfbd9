import Topology

/// What one rank holds in HBM at its peak during an iteration, on the pipeline stage that holds the
/// most, against the accelerator's capacity.
public struct MemoryReport: Hashable, Sendable {
    /// One named part of the total (`weights`, `optimizer state`, `activations`, ...).
    public struct Term: Hashable, Sendable {
        public var name: String
        public var bytes: ByteCount
    }

    /// The pipeline stage the figures are for (the one needing the most memory; 0 without pipelining).
    public var stage: Int
    public var terms: [Term]
    public var capacity: ByteCount
    /// Microbatches whose activations the stage holds at once under the pipeline schedule.
    public var inFlightMicrobatches: Double
    /// Changes to the plan that would make it fit, each checked with this model; empty when it fits.
    public var suggestions: [String]

    public var total: ByteCount { terms.reduce(.zero) { $0 + $1.bytes } }
    public var fits: Bool { total <= capacity }

    /// The bytes of the term called `name`, zero if there is none.
    public func bytes(of name: String) -> ByteCount { terms.first { $0.name == name }?.bytes ?? .zero }

    /// One sentence: fits, or does not with the largest terms and what would make it fit.
    public var verdict: String {
        let needed = "\(gigabytes(total)) of \(gigabytes(capacity)) on pipeline stage \(stage)"
        if fits { return "fits: \(needed)" }
        let largest = terms.sorted { $0.bytes > $1.bytes }.prefix(2).map { "\($0.name) \(gigabytes($0.bytes))" }
        let remedy = suggestions.isEmpty
            ? "no single change tried (tensor, pipeline, ZeRO, recomputation, sequence parallelism, microbatch) makes it fit"
            : "would fit with " + suggestions.joined(separator: ", or ")
        return "does not fit: \(needed); largest: \(largest.joined(separator: ", ")); \(remedy)"
    }
}
