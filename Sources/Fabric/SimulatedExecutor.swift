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

    /// Executes `schedule` from time zero on a network model that nothing else is using.
    ///
    /// `keepTransfers: false` leaves `ExecutionRecord.transfers` empty, for schedules with millions
    /// of transfers where only rank finish times and link usage matter.
    public static func run<Network: NetworkModel>(_ schedule: Schedule, on topology: Topology, network: inout Network,
                                                  keepTransfers: Bool = true) throws -> ExecutionRecord {
        guard schedule.ranks <= topology.npuCount else {
            throw Failure.tooFewNPUs(ranks: schedule.ranks, npus: topology.npuCount)
        }
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
        /// The transfers in flight, by network transfer id.
        var inFlight: [TransferID: TransferTiming] = [:]
        var timings: [TransferTiming] = []
        /// Routes already asked of the router, by source and destination rank.
        var routes: [Int: Route] = [:]
        /// Steps some rank has begun and some has not, indexed by rank, with how many ranks are still to begin them.
        var steps: [Int: (transfers: [Transfer], byRank: [[Int32]], waiting: Int)] = [:]

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
                let transfers = transfers(inStep: k, involving: rank)
                open[rank] = transfers.count - (early[rank].removeValue(forKey: k) ?? 0)
                for transfer in transfers where Int(transfer.source) == rank {
                    send(transfer, inStep: k, network: &network)
                }
                if open[rank] > 0 { return }
                k += 1
            }
            step[rank] = k
            finish[rank] = network.now - start
        }

        /// `rank`'s transfers of step `k`, in step order, from one indexing of the whole step.
        ///
        /// Filtering the step once per rank would cost O(ranks x transfers) per step for explicit
        /// schedules; indexing it once costs O(transfers), and a step is dropped when its last rank begins it.
        private mutating func transfers(inStep k: Int, involving rank: Int) -> [Transfer] {
            if steps[k] == nil {
                let all = schedule.transfers(inStep: k)
                var byRank = [[Int32]](repeating: [], count: schedule.ranks)
                for (index, transfer) in all.enumerated() {
                    byRank[Int(transfer.source)].append(Int32(index))
                    if transfer.destination != transfer.source { byRank[Int(transfer.destination)].append(Int32(index)) }
                }
                steps[k] = (all, byRank, schedule.ranks)
            }
            guard let entry = steps[k] else { return [] }
            let mine = entry.byRank[rank].map { entry.transfers[Int($0)] }
            if entry.waiting == 1 { steps[k] = nil } else { steps[k]?.waiting -= 1 }
            return mine
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
            inFlight[id] = TransferTiming(step: k, source: source, destination: destination, bytes: bytes,
                                          start: began, end: began)
        }

        /// Closes the transfer for its sender and its receiver, moving either on when its step is done.
        mutating func complete<Network: NetworkModel>(_ done: TransferCompletion, network: inout Network) {
            guard var timing = inFlight.removeValue(forKey: done.id) else {
                preconditionFailure("the network delivered \(done.id), which this run never started")
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
