#if MPI
import Collectives

/// Runs one rank's part of a schedule's steps: posts the step's messages, waits for them under the
/// watchdog, applies what arrived, and keeps the timing log.
final class StepRunner {
    let communicator: Communicator
    let options: MPIExecutor.Options
    let layout: BlockLayout
    let buffers: RankBuffers
    /// Where this rank's receives of one step land before they are applied.
    let scratch: RankBuffer
    let requests: RequestSet
    let reduction: ReductionOperator
    /// Tags are the step modulo this bound (at most MPI_TAG_UB + 1).
    let tagBound: Int

    /// When this rank began each of its sends (filled only when `options.recordTransfers`).
    private(set) var sends: [TimingEntry] = []
    /// When each of this rank's receives completed (filled only when `options.recordTransfers`).
    private(set) var receives: [TimingEntry] = []

    init(communicator: Communicator, options: MPIExecutor.Options, layout: BlockLayout, buffers: RankBuffers,
         scratch: RankBuffer, requests: RequestSet, reduction: ReductionOperator, tagBound: Int) {
        self.communicator = communicator
        self.options = options
        self.layout = layout
        self.buffers = buffers
        self.scratch = scratch
        self.requests = requests
        self.reduction = reduction
        self.tagBound = tagBound
    }

    /// One message of this rank in the current step.
    private struct Message {
        var transfer: Transfer
        var peer: Int
        var isReceive: Bool
        /// Element offset in `scratch` (receives only).
        var scratchOffset: Int
        /// A receive that lands straight in the output buffer (see `landsInPlace`), so needs no applying.
        var inPlace: Bool = false
        /// The number of earlier messages between the same two ranks in the same step and direction.
        var ordinal: Int32
        var pendingRequests: Int
    }

    /// Runs `step`, whose transfers involving this rank are `transfers`; times are seconds since `origin`.
    func run(_ step: Int, _ transfers: [Transfer], origin: Double) throws {
        let rank = communicator.rank
        // The clock and the ordinals serve only the timing log; reading the clock costs as much as a
        // small message, so a run without the log does without both.
        let recording = options.recordTransfers
        let begin = recording ? Communicator.wallTime() - origin : 0
        let tag = step % tagBound
        let elementSize = scratch.type.size
        requests.clear()
        var messages: [Message] = []
        var requestOwner: [Int] = []
        var ordinals: [Int: Int32] = [:] // keyed by peer, negative for receives; looked up, never iterated

        func add(_ transfer: Transfer, peer: Int, isReceive: Bool, scratchOffset: Int) -> Int {
            var ordinal: Int32 = 0
            if recording {
                let key = isReceive ? -peer - 1 : peer
                ordinal = ordinals[key, default: 0]
                ordinals[key] = ordinal + 1
            }
            messages.append(Message(transfer: transfer, peer: peer, isReceive: isReceive, scratchOffset: scratchOffset,
                                    ordinal: ordinal, pendingRequests: 0))
            return messages.count - 1
        }

        // Receives first, into scratch in transfer order. A transfer to itself is a copy of the
        // step-start state, done now and applied with the others.
        var offset = 0
        for (index, transfer) in transfers.enumerated() where Int(transfer.destination) == rank {
            let source = Int(transfer.source)
            let count = RankBuffers.elementCount(of: transfer, layout: layout)
            let message = add(transfer, peer: source, isReceive: true, scratchOffset: offset)
            if source != rank && landsInPlace(index, of: transfers) {
                let target = RankBuffers.destinationElements(of: transfer, layout: layout)
                let added = try communicator.receive(buffers.output.address(of: target.lowerBound), bytes: count * elementSize,
                                                     from: source, tag: tag, into: requests)
                messages[message].pendingRequests = added
                messages[message].inPlace = true
                requestOwner += repeatElement(message, count: added)
                continue
            }
            if source == rank {
                let read = RankBuffers.sourceElements(of: transfer, layout: layout)
                scratch.address(of: offset).copyMemory(from: buffers.buffer(transfer.sourceBuffer).address(of: read.lowerBound),
                                                       byteCount: count * elementSize)
            } else {
                let added = try communicator.receive(scratch.address(of: offset), bytes: count * elementSize,
                                                     from: source, tag: tag, into: requests)
                messages[message].pendingRequests = added
                requestOwner += repeatElement(message, count: added)
            }
            offset += count
        }
        for transfer in transfers where Int(transfer.source) == rank {
            let destination = Int(transfer.destination)
            let message = add(transfer, peer: destination, isReceive: false, scratchOffset: 0)
            guard destination != rank else { continue }
            let elements = RankBuffers.sourceElements(of: transfer, layout: layout)
            let bytes = RankBuffers.elementCount(of: transfer, layout: layout) * elementSize
            let added = try communicator.send(buffers.buffer(transfer.sourceBuffer).address(of: elements.lowerBound),
                                              bytes: bytes, to: destination, tag: tag, into: requests)
            messages[message].pendingRequests = added
            requestOwner += repeatElement(message, count: added)
        }

        var ends = [Double](repeating: begin, count: messages.count)
        try wait(step: step, messages: &messages, requestOwner: requestOwner, ends: &ends, origin: origin)

        for message in messages where message.isReceive && !message.inPlace {
            buffers.apply(message.transfer, data: scratch.address(of: message.scratchOffset), layout: layout, reduction: reduction)
        }
        guard recording else { return }
        for (message, end) in zip(messages, ends) {
            let bytes = Int64(RankBuffers.sourceElements(of: message.transfer, layout: layout).count * elementSize)
            let entry = TimingEntry(step: Int32(step), source: message.transfer.source, destination: message.transfer.destination,
                                    ordinal: message.ordinal, bytes: bytes, seconds: message.isReceive ? end : begin)
            if message.isReceive { receives.append(entry) } else { sends.append(entry) }
        }
    }

    /// Whether receive `index` of a step may be written straight into the output buffer instead of
    /// going through scratch: it overwrites (does not reduce), comes from another rank, and its
    /// elements are neither read by a send of this step (sends read the step-start state) nor written
    /// by another of its receives (which are applied in order). This saves the copy out of scratch
    /// for every all-gather step. Steps with many messages keep to scratch, to bound the check.
    /// - Complexity: O(messages of this rank in the step), at most 64.
    private func landsInPlace(_ index: Int, of transfers: [Transfer]) -> Bool {
        let transfer = transfers[index]
        guard !transfer.reduces, transfers.count <= 64 else { return false }
        let rank = communicator.rank
        let target = RankBuffers.destinationElements(of: transfer, layout: layout)
        for (other, candidate) in transfers.enumerated() where other != index {
            if Int(candidate.source) == rank && candidate.sourceBuffer == .output
                && RankBuffers.sourceElements(of: candidate, layout: layout).overlaps(target) { return false }
            if Int(candidate.destination) == rank
                && RankBuffers.destinationElements(of: candidate, layout: layout).overlaps(target) { return false }
        }
        return true
    }

    /// Polls the step's requests with MPI_Testsome until all complete, noting when each message
    /// finished; gives up when nothing completes for `options.timeout`.
    ///
    /// The clock is read at every completion (so the watchdog counts from the true last progress)
    /// but only once per `pollsPerClockRead` empty polls: reading it on every poll cost as much as
    /// the progress engine itself while waiting for a small message.
    private func wait(step: Int, messages: inout [Message], requestOwner: [Int], ends: inout [Double], origin: Double) throws {
        let pollsPerClockRead = 16
        var outstanding = requestOwner.count
        let timeout = options.timeout.seconds
        var lastProgress = Communicator.wallTime()
        var emptyPolls = 0
        while outstanding > 0 {
            let completed = try communicator.completed(in: requests)
            guard !completed.isEmpty else {
                emptyPolls += 1
                guard emptyPolls == pollsPerClockRead else { continue }
                emptyPolls = 0
                if Communicator.wallTime() - lastProgress > timeout {
                    communicator.cancelAll(requests)
                    let peers = Set(messages.filter { $0.pendingRequests > 0 }.map(\.peer)).sorted()
                    throw ExecutionError.timedOut(rank: communicator.rank, step: step, waitingFor: peers, seconds: timeout)
                }
                continue
            }
            lastProgress = Communicator.wallTime()
            for index in completed {
                let owner = requestOwner[Int(index)]
                messages[owner].pendingRequests -= 1
                if messages[owner].pendingRequests == 0 { ends[owner] = lastProgress - origin }
            }
            outstanding -= completed.count
        }
    }
}

/// One side of one transfer in the timing log: the sender notes when it began the step, the receiver
/// when the data had arrived. Both sides name the transfer the same way, so the two logs join.
struct TimingEntry: BitwiseCopyable {
    var step: Int32
    var source: Int32
    var destination: Int32
    var ordinal: Int32
    var bytes: Int64
    var seconds: Double

    var key: (Int32, Int32, Int32, Int32) { (step, source, destination, ordinal) }
}
#endif
