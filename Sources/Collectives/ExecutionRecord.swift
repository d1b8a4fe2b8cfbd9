import SimKernel

/// What happened when a schedule ran: the same record whether the simulator predicted it or the MPI
/// backend measured it, so prediction and measurement compare line by line.
///
/// Times are measured from the start of the collective (the moment every rank was released).
public struct ExecutionRecord: Sendable {
    /// Where the record came from: `"analytical"`, `"flow"`, `"mpi"`, ...
    public var executor: String
    public var algorithm: String
    public var op: CollectiveOp
    public var ranks: Int
    /// Bytes of one rank buffer (`Schedule.bytes`).
    public var bytes: Int64
    /// When each rank finished its last step.
    public var rankFinish: [SimDuration]
    /// Per-transfer timings; may be empty when the executor was asked not to keep them.
    public var transfers: [TransferTiming]
    /// Per-link traffic; empty for measured runs, where links are not observable.
    public var links: [LinkUsage]

    public init(executor: String, algorithm: String, op: CollectiveOp, ranks: Int, bytes: Int64,
                rankFinish: [SimDuration], transfers: [TransferTiming] = [], links: [LinkUsage] = []) {
        self.executor = executor
        self.algorithm = algorithm
        self.op = op
        self.ranks = ranks
        self.bytes = bytes
        self.rankFinish = rankFinish
        self.transfers = transfers
        self.links = links
    }

    /// The collective's duration: when the last rank finished.
    public var duration: SimDuration { rankFinish.max() ?? .zero }
}

/// When one transfer of a schedule started (its sender began the step) and ended (the data was at the
/// receiver).
public struct TransferTiming: Hashable, Sendable {
    public var step: Int32
    public var source: Int32
    public var destination: Int32
    public var bytes: Int64
    public var start: SimDuration
    public var end: SimDuration

    public init(step: Int, source: Int, destination: Int, bytes: Int64, start: SimDuration, end: SimDuration) {
        self.step = Int32(step)
        self.source = Int32(source)
        self.destination = Int32(destination)
        self.bytes = bytes
        self.start = start
        self.end = end
    }
}

/// Traffic carried by one directed link during a run.
public struct LinkUsage: Hashable, Sendable {
    /// The link's index in its topology (`LinkID.index`).
    public var link: Int32
    public var bytes: Int64
    /// Time during which at least one flow used the link.
    public var busy: SimDuration

    public init(link: Int32, bytes: Int64, busy: SimDuration) {
        self.link = link
        self.bytes = bytes
        self.busy = busy
    }
}
