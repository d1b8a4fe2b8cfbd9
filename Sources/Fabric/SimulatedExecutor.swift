import Collectives
import SimKernel
import Topology

/// Runs a `Schedule` on a simulated topology through a `NetworkModel`, timing every transfer, and
/// returns the same `ExecutionRecord` the MPI backend returns for a measured run.
///
/// It follows the step semantics documented on `Schedule`: a rank begins a step by starting all its
/// sends; the step ends when its sends have been delivered and its receives have arrived; then the
/// next step begins at once. Ranks are not synchronised otherwise, so a sender can run ahead of a
/// slow receiver (its data waits there, as with an eager protocol). Rank r runs on the topology's
/// r-th NPU; a transfer from a rank to itself is a local copy (an empty route). Reductions and copies
/// cost no compute time here: the record shows the communication wall alone.
///
///     var network = FlowNetwork(topology: topology)
///     let record = try SimulatedExecutor.run(schedule, on: topology, network: &network)
///     record.duration   // when the last rank finished
///
/// - Complexity: one `transfers(inStep:)` call per step, O(transfers) to index it by rank, plus the
///   network model's cost per transfer.
public enum SimulatedExecutor {
    /// Why a simulated run could not finish.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The schedule has more ranks than the topology has NPUs.
        case tooFewNPUs(ranks: Int, npus: Int)

        public var description: String {
            switch self {
            case let .tooFewNPUs(ranks, npus): "the schedule has \(ranks) ranks but the topology only \(npus) NPUs"
            }
        }
    }

    /// Executes `schedule` from the network model's current instant, which the record's times count
    /// from; the model must have nothing in flight and carry nothing else during the run.
    ///
    /// `keepTransfers: false` leaves `ExecutionRecord.transfers` empty, for schedules with millions
    /// of transfers where only rank finish times and link usage matter.
    public static func run<Network: NetworkModel>(_ schedule: Schedule, on topology: Topology, network: inout Network,
                                                  keepTransfers: Bool = true) throws -> ExecutionRecord {
        guard schedule.ranks <= topology.npuCount else {
            throw Failure.tooFewNPUs(ranks: schedule.ranks, npus: topology.npuCount)
        }
        precondition(network.inFlightCount == 0, "the \(network.name) network still has \(network.inFlightCount) transfers in flight")
        var run = Run(schedule: schedule, topology: topology, keepTransfers: keepTransfers, start: network.now)
        for rank in 0..<schedule.ranks { run.beginStep(0, of: rank, network: &network) }
        while let time = network.nextEventTime() {
            for done in network.advance(to: time) { run.complete(done, network: &network) }
        }
        // Every transfer of a step is known to both its ends, so the rank furthest behind can always
        // finish its step: a run cannot stall.
        let stuck = (0..<schedule.ranks).filter { run.step[$0] < schedule.stepCount }
        precondition(stuck.isEmpty, "ranks \(stuck) never finished (steps \(stuck.map { run.step[$0] }))")
        return ExecutionRecord(executor: network.name, algorithm: schedule.algorithm, op: schedule.op,
                               ranks: schedule.ranks, bytes: schedule.bytes, rankFinish: run.finish,
                               transfers: run.timings, links: network.linkUsage())
    }

    /// The state of one execution: where each rank is and what it still waits for.
    private struct Run {
        let schedule: Schedule
        let topology: Topology
        let keepTransfers: Bool
        let start: SimTime
        /// The step each rank is in (`stepCount` once finished) and how many of its transfers are open.
        var step: [Int]
        var open: [Int]
        /// Receives that arrived before their receiver began the step, by rank then step.
        var early: [[Int: Int]]
        var finish: [SimDuration]
        /// The transfers in flight, indexed by network transfer id minus `inFlightBase`; ids are
        /// consecutive, and the delivered prefix is dropped as the run moves on.
        var inFlight: [TransferTiming?] = []
        var inFlightBase = 0
        var inFlightFront = 0
        var timings: [TransferTiming] = []
        /// Routes already asked of the router, by source and destination rank.
        var routes: [Int: Route] = [:]
        /// Steps that some rank has begun and some has not.
        var activeSteps: [StepIndex] = []

        init(schedule: Schedule, topology: Topology, keepTransfers: Bool, start: SimTime) {
            self.schedule = schedule
            self.topology = topology
            self.keepTransfers = keepTransfers
            self.start = start
            step = Array(repeating: 0, count: schedule.ranks)
            open = Array(repeating: 0, count: schedule.ranks)
            early = Array(repeating: [:], count: schedule.ranks)
            finish = Array(repeating: .zero, count: schedule.ranks)
        }

        /// Starts `rank`'s sends of step `k`; a step with nothing left to wait for ends at once.
        mutating func beginStep<Network: NetworkModel>(_ k: Int, of rank: Int, network: inout Network) {
            var k = k
            while k < schedule.stepCount {
                step[rank] = k
                let index = takeStep(k)
                let mine = index.transfers(of: rank)
                open[rank] = mine.count - (early[rank].isEmpty ? 0 : early[rank].removeValue(forKey: k) ?? 0)
                for position in mine where Int(index.transfers[Int(position)].source) == rank {
                    send(index.transfers[Int(position)], inStep: k, network: &network)
                }
                if open[rank] > 0 { return }
                k += 1
            }
            step[rank] = k
            finish[rank] = network.now - start
        }

        /// Step `k` indexed by rank, counting `rank` as having begun it; a step leaves `activeSteps`
        /// when its last rank begins it. Few steps are active at once, so a linear search is enough.
        private mutating func takeStep(_ k: Int) -> StepIndex {
            guard let slot = activeSteps.firstIndex(where: { $0.step == k }) else {
                let index = StepIndex(step: k, transfers: schedule.transfers(inStep: k), ranks: schedule.ranks)
                if schedule.ranks > 1 { activeSteps.append(index) }
                return index
            }
            activeSteps[slot].waiting -= 1
            let index = activeSteps[slot]
            if index.waiting == 0 { activeSteps.remove(at: slot) }
            return index
        }

        mutating func send<Network: NetworkModel>(_ transfer: Transfer, inStep k: Int, network: inout Network) {
            let source = Int(transfer.source), destination = Int(transfer.destination)
            let key = source * schedule.ranks + destination
            let route: Route
            if let known = routes[key] {
                route = known
            } else {
                route = source == destination ? [] : topology.route(fromNPU: source, toNPU: destination)
                routes[key] = route
            }
            let bytes = schedule.bytes(of: transfer)
            let id = network.start(bytes: bytes, along: route, at: network.now)
            let began = network.now - start
            if inFlight.isEmpty { inFlightBase = id.rawValue }
            precondition(id.rawValue == inFlightBase + inFlight.count,
                         "the network numbered a transfer \(id), expected transfer#\(inFlightBase + inFlight.count)")
            inFlight.append(TransferTiming(step: k, source: source, destination: destination, bytes: bytes,
                                           start: began, end: began))
        }

        /// Closes the transfer for its sender and its receiver, moving either on when its step is done.
        mutating func complete<Network: NetworkModel>(_ done: TransferCompletion, network: inout Network) {
            let slot = done.id.rawValue - inFlightBase
            guard inFlight.indices.contains(slot), var timing = inFlight[slot] else {
                preconditionFailure("the network delivered \(done.id), which this run never started")
            }
            inFlight[slot] = nil
            while inFlightFront < inFlight.count && inFlight[inFlightFront] == nil { inFlightFront += 1 }
            if inFlightFront >= 4_096 && 2 * inFlightFront >= inFlight.count {
                inFlight.removeFirst(inFlightFront)
                inFlightBase += inFlightFront
                inFlightFront = 0
            }
            timing.end = done.time - start
            if keepTransfers { timings.append(timing) }
            let k = Int(timing.step)
            let source = Int(timing.source), destination = Int(timing.destination)
            close(rank: source, step: k, network: &network)
            if destination != source {
                if step[destination] == k {
                    close(rank: destination, step: k, network: &network)
                } else {
                    early[destination][k, default: 0] += 1
                }
            }
        }

        private mutating func close<Network: NetworkModel>(rank: Int, step k: Int, network: inout Network) {
            open[rank] -= 1
            if open[rank] == 0 { beginStep(k + 1, of: rank, network: &network) }
        }
    }
}

/// One step's transfers indexed by rank (compressed rows: rank r's positions are
/// `members[offsets[r]..<offsets[r+1]]`, in step order), and how many ranks have yet to begin it.
private struct StepIndex {
    let step: Int
    let transfers: [Transfer]
    let offsets: [Int32]
    let members: [Int32]
    var waiting: Int

    init(step: Int, transfers: [Transfer], ranks: Int) {
        self.step = step
        self.transfers = transfers
        var offsets = [Int32](repeating: 0, count: ranks + 1)
        for transfer in transfers {
            offsets[Int(transfer.source) + 1] += 1
            if transfer.destination != transfer.source { offsets[Int(transfer.destination) + 1] += 1 }
        }
        for r in 0..<ranks { offsets[r + 1] += offsets[r] }
        var fill = offsets
        var members = [Int32](repeating: 0, count: Int(offsets[ranks]))
        for (position, transfer) in transfers.enumerated() {
            members[Int(fill[Int(transfer.source)])] = Int32(position)
            fill[Int(transfer.source)] += 1
            if transfer.destination != transfer.source {
                members[Int(fill[Int(transfer.destination)])] = Int32(position)
                fill[Int(transfer.destination)] += 1
            }
        }
        self.offsets = offsets
        self.members = members
        waiting = ranks - 1
    }

    /// Positions in `transfers` of the transfers `rank` sends or receives.
    func transfers(of rank: Int) -> ArraySlice<Int32> { members[Int(offsets[rank])..<Int(offsets[rank + 1])] }
}
