import Collectives
import SimKernel
import Topology

/// The congestion-aware network: every link is shared max-min fairly among the flows crossing it,
/// and the shares are re-solved whenever a flow starts or finishes.
///
/// This is the flow-level (fluid) model of SimGrid (Velho et al., "On the validity of flow-level TCP
/// network models for grid and cloud simulations", ACM TOMACS 23(4), 2013) without its TCP
/// corrections: rates are the max-min fair allocation found by progressive filling (Bertsekas &
/// Gallager, *Data Networks*, 2nd ed., 1992, section 6.5.2). Between two events every flow is served
/// at a constant rate.
///
/// Latency: a flow's bytes are served at its max-min rate from its start; it is delivered when its
/// last byte has been served plus its route's latency. A flow alone on its route is therefore served
/// at the bottleneck rate and delivered exactly when `AnalyticalNetwork` says, to the picosecond:
/// while a flow has been served at a single integral rate since its start, its finish is computed in
/// integers with `Bandwidth.transmissionTime(of:)`, rounded up the same way.
///
/// Speed with thousands of flows:
/// - starts and finishes at one instant are batched and solved once, when the model next needs rates;
/// - only the connected components (links joined by shared flows) touched by a change are re-solved,
///   so in a ring pattern each component is one flow and its two links;
/// - a flow that starts on idle links and is joined by nobody at that instant is rated without a
///   search, and a finish that leaves a link idle dirties nothing, so the ring pattern costs no
///   component search at all;
/// - a flow whose rate did not change keeps its prediction; predictions sit in a queue and are
///   invalidated lazily by a version number per flow;
/// - predictions and deliveries are queued in `TimeBuckets`, so a wave of flows finishing or arriving
///   together costs one heap operation, not one per flow.
///
/// - Complexity: a batch costs O(F h log L) for the F flows, h hops and L links of the touched
///   components, plus O(1) per queued prediction or delivery and O(log b) per distinct instant among
///   the b instants queued (see `TimeBuckets`).
public struct FlowNetwork: NetworkModel {
    public let name = "flow"
    public internal(set) var now: SimTime = .zero
    /// The rate of a local copy (an empty route); nil makes local copies instantaneous.
    public let localCopyRate: Bandwidth?

    /// Link rates in bits per second.
    let capacity: [Double]
    let latencies: [Int64]
    /// The flows being served on each link, except lone flows (see `loneOwner`).
    var linkFlows: [[FlowRef]]
    /// The slot of the lone flow on each link, or -1. A flow that started on idle links is kept out
    /// of `linkFlows` while nobody joins it, so the ring pattern never touches the nested lists: a
    /// link with an owner carries that flow and no other, and the owner enters `linkFlows` (see
    /// `enlist(_:)`) as soon as another flow starts on one of its links. The ledger, likewise,
    /// records a lone flow's whole use when it finishes, in one update instead of two.
    var loneOwner: [Int32]
    /// Flow storage; slots of finished flows are reused (see `freeSlots`).
    var flows: [Flow] = []
    /// Every slot's hops, `hopStride` entries per slot: one flat array instead of one per flow, so a
    /// start or finish writes hops without reference-count and uniqueness checks on a nested buffer.
    var hopStore: [Hop] = []
    var hopStride = 0
    var freeSlots: [Int32] = []
    var finishes = TimeBuckets<PredictedFinish>()
    /// The predictions of one instant being finished, kept between calls so that it allocates nothing.
    var dueBuffer: [PredictedFinish] = []
    var arrivedBuffer: [TransferID] = []
    var deliveries = TimeBuckets<TransferID>()
    /// Links whose set of flows changed at `now` and whose components are not yet re-solved.
    var dirtyLinks: [Int32] = []
    /// Flows started on idle routes since the last solve and joined by nobody so far.
    var unsettledLoneFlows = 0
    /// Counts solves: a lone flow started in the current epoch is not yet settled (see `enlist`).
    var settleEpoch: UInt64 = 0
    var startedCount = 0
    var servedFlowCount = 0
    var ledger: LinkLedger
    /// The last exact service time computed (see `exactServiceTime(of:at:)`); rate zero means none yet.
    var lastExactServiceTime: (bytes: Int64, rate: Double, picoseconds: Int64) = (0, 0, 0)
    var solver: MaxMinScratch

    /// A model of `topology`'s links, all of which must have a positive rate.
    public init(topology: Topology, localCopyRate: Bandwidth? = nil) {
        for (index, link) in topology.links.enumerated() {
            precondition(link.bandwidth.bitsPerSecond > 0, "link \(index) has a non-positive rate \(link.bandwidth)")
        }
        precondition(localCopyRate.map { $0.bitsPerSecond > 0 } ?? true,
                     "local copy rate must be positive, got \(String(describing: localCopyRate))")
        self.localCopyRate = localCopyRate
        capacity = topology.links.map { Double($0.bandwidth.bitsPerSecond) }
        latencies = topology.links.map(\.latency.picoseconds)
        linkFlows = Array(repeating: [], count: topology.links.count)
        loneOwner = Array(repeating: -1, count: topology.links.count)
        ledger = LinkLedger(linkCount: topology.links.count)
        solver = MaxMinScratch(linkCount: topology.links.count)
    }

    public var inFlightCount: Int { servedFlowCount + deliveries.count }

    @discardableResult
    public mutating func start(bytes: Int64, along route: Route, at time: SimTime) -> TransferID {
        precondition(bytes >= 0, "a transfer of \(bytes) bytes")
        precondition(time >= now, "started a transfer at \(time), before the network's time \(now)")
        if time > now {
            let next = nextEventTime()
            precondition(next.map { $0 >= time } ?? true,
                         "started a transfer at \(time) past a pending event at \(String(describing: next)); advance first")
            now = time
        }
        let id = TransferID(startedCount)
        startedCount += 1
        guard !route.isEmpty else {
            deliveries.push(id, at: (time + (localCopyRate.map { $0.transmissionTime(of: bytes) } ?? .zero)).picosecondsSinceStart)
            return id
        }
        // A flow that finds its whole route idle is a component of its own unless another flow joins
        // it at this instant (which marks the shared link dirty): it needs no search, only its rate.
        var latency: Int64 = 0
        var bottleneck = Double.infinity
        var alone = true
        for link in route {
            let l = Int(link.index)
            latency += latencies[l]
            bottleneck = Swift.min(bottleneck, capacity[l])
            if loneOwner[l] >= 0 || !linkFlows[l].isEmpty { alone = false }
        }
        // An empty transfer carries no bytes and occupies no link: only its latency counts.
        guard bytes > 0 else {
            deliveries.push(id, at: time.picosecondsSinceStart + latency)
            return id
        }
        let slot = Int(allocateSlot())
        if route.count > hopStride { widenHopStride(to: route.count) }
        let firstHop = slot * hopStride
        let t = time.picosecondsSinceStart
        if alone {
            for (hopIndex, link) in route.enumerated() {
                let l = Int(link.index)
                hopStore[firstHop + hopIndex] = Hop(link: link.index, position: 0)
                loneOwner[l] = Int32(slot)
            }
        } else {
            for link in route where loneOwner[Int(link.index)] >= 0 { enlist(Int(loneOwner[Int(link.index)])) }
            for (hopIndex, link) in route.enumerated() {
                let l = Int(link.index)
                hopStore[firstHop + hopIndex] = Hop(link: link.index, position: Int32(linkFlows[l].count))
                linkFlows[l].append(FlowRef(slot: Int32(slot), hop: Int32(hopIndex)))
                ledger.beginUse(l, carrying: bytes, at: t)
                dirtyLinks.append(link.index)
            }
        }
        // A lone flow gets now the rate and prediction that the next solve would give it, unless
        // another flow joins it first (then `enlist` takes them back): one pass over its route.
        // Built here and stored once: reading the prediction back from `flows` cost a check per field.
        let flow = Flow(id: id, hopCount: Int32(route.count), bytes: bytes, start: t, latency: latency, anchor: t,
                        remaining: Double(bytes), rate: alone ? bottleneck : 0, version: flows[slot].version &+ 1,
                        isServed: true, isLone: alone, startEpoch: settleEpoch)
        if alone {
            unsettledLoneFlows += 1
            finishes.push(PredictedFinish(slot: Int32(slot), version: flow.version), at: predictedFinish(of: flow))
        }
        flows[slot] = flow
        servedFlowCount += 1
        return id
    }

    public mutating func nextEventTime() -> SimTime? {
        settle()
        let finish = validFinishTop()
        let delivery = deliveries.firstTime
        guard let f = finish else { return delivery.map { SimTime(picosecondsSinceStart: $0) } }
        return SimTime(picosecondsSinceStart: delivery.map { Swift.min(f, $0) } ?? f)
    }

    public mutating func advance(to time: SimTime) -> [TransferCompletion] {
        precondition(time >= now, "advanced the network to \(time), before its time \(now)")
        var done: [TransferCompletion] = []
        while true {
            // Predictions made with the old rates hold up to `now`, so flows due by now have finished
            // whatever the pending changes at `now` will do to the rates after it.
            finishFlows(upTo: now.picosecondsSinceStart)
            while let next = deliveries.firstTime, next <= now.picosecondsSinceStart {
                arrivedBuffer.removeAll(keepingCapacity: true)
                deliveries.popFirstBucket(into: &arrivedBuffer)
                let at = SimTime(picosecondsSinceStart: next)
                done.reserveCapacity(done.count + arrivedBuffer.count)
                for id in arrivedBuffer { done.append(TransferCompletion(id: id, time: at)) }
            }
            // Leave changes at `time` unsolved: the executor may start more flows at this instant.
            if now == time { break }
            resolveDirtyComponents()
            guard let next = nextEventTime(), next <= time else {
                now = time
                break
            }
            now = next
        }
        // Usually in order already (a wave arrives in start order): a scan is cheaper than a sort.
        if !done.indices.dropFirst().allSatisfy({ (done[$0 - 1].time, done[$0 - 1].id) < (done[$0].time, done[$0].id) }) {
            done.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        }
        return done
    }

    public func linkUsage() -> [LinkUsage] {
        // Lone flows reach the ledger when they finish (see `finishFlows`): those still being
        // served count as if they finished now, which is what their open use amounts to.
        var ledger = self.ledger
        let t = now.picosecondsSinceStart
        for slot in flows.indices where flows[slot].isServed && flows[slot].isLone {
            for index in hops(of: slot) {
                ledger.record(Int(hopStore[index].link), carrying: flows[slot].bytes, from: flows[slot].start, to: t)
            }
        }
        return ledger.usage(at: t)
    }

    /// The current rate of every flow being served, in bits per second, ordered by transfer.
    ///
    /// - Complexity: O(n log n) for n flows in the model's slot storage.
    public mutating func currentRates() -> [(id: TransferID, bitsPerSecond: Double)] {
        settle()
        return flows.filter(\.isServed).map { ($0.id, $0.rate) }.sorted { $0.id < $1.id }
    }

    /// Finishes flows due by now and solves the rates from now on.
    mutating func settle() {
        finishFlows(upTo: now.picosecondsSinceStart)
        resolveDirtyComponents()
    }

    /// A free slot: the last one freed, or a new one. The reuse is inlined into `start`, where it
    /// runs once per flow; `removeLast` is inlined where the generic `popLast` was a call.
    @inline(__always)
    private mutating func allocateSlot() -> Int32 {
        if !freeSlots.isEmpty { return freeSlots.removeLast() }
        return newSlot()
    }

    private mutating func newSlot() -> Int32 {
        flows.append(Flow())
        hopStore.append(contentsOf: repeatElement(Hop(link: -1, position: -1), count: hopStride))
        solver.growFlows(to: flows.count)
        return Int32(flows.count - 1)
    }

    /// The earliest finish prediction that is still current, dropping outdated ones on the way.
    mutating func validFinishTop() -> Int64? {
        while let (time, top) = finishes.first {
            let slot = Int(top.slot)
            if flows[slot].isServed && flows[slot].version == top.version { return time }
            _ = finishes.popFirst()
        }
        return nil
    }

    /// Puts the lone flow in `slot` into the flow lists of its links, where it would have been all
    /// along: alone, at position 0. Called when another flow is about to join it.
    private mutating func enlist(_ slot: Int) {
        for (hopIndex, index) in hops(of: slot).enumerated() {
            let link = Int(hopStore[index].link)
            hopStore[index].position = Int32(linkFlows[link].count)
            linkFlows[link].append(FlowRef(slot: Int32(slot), hop: Int32(hopIndex)))
            loneOwner[link] = -1
            // The ledger learns of a lone flow only when it ends; from now on it must count it as in use.
            ledger.beginUse(link, carrying: flows[slot].bytes, at: flows[slot].start)
        }
        flows[slot].isLone = false
        if flows[slot].startEpoch == settleEpoch {
            // Not solved yet: back to unrated, its early prediction outdated, as if never given.
            flows[slot].rate = 0
            flows[slot].version &+= 1
            unsettledLoneFlows -= 1
        }
    }

    /// Ends service of every flow predicted to finish by `limit`; their links need re-solving.
    mutating func finishFlows(upTo limit: Int64) {
        // A whole instant's predictions at a time, skipping outdated ones as they come: a wave of
        // flows finishing together costs one queue operation, not one per flow.
        var due = dueBuffer
        dueBuffer = []
        while let time = finishes.firstTime, time <= limit {
            due.removeAll(keepingCapacity: true)
            finishes.popFirstBucket(into: &due)
            for top in due {
                let slot = Int(top.slot)
                guard flows[slot].isServed && flows[slot].version == top.version else { continue }
                let hops = hops(of: slot)
                if flows[slot].isLone {
                    // Nobody else is on its links, so they fall idle and need no re-solving.
                    for index in hops {
                        let link = Int(hopStore[index].link)
                        loneOwner[link] = -1
                        ledger.record(link, carrying: flows[slot].bytes, from: flows[slot].start, to: time)
                    }
                } else {
                    for index in hops {
                        let hop = hopStore[index]
                        removeFromLink(hop)
                        ledger.endUse(Int(hop.link), at: time)
                        // The flows left on the link may speed up; a link left idle has nobody to re-solve.
                        if !linkFlows[Int(hop.link)].isEmpty { dirtyLinks.append(hop.link) }
                    }
                }
                deliveries.push(flows[slot].id, at: time + flows[slot].latency)
                flows[slot].isServed = false
                flows[slot].version &+= 1
                freeSlots.append(top.slot)
                servedFlowCount -= 1
            }
        }
        dueBuffer = due
    }

    /// Swap-removes a flow from one link's list, fixing the position recorded by the flow moved.
    @inline(__always)
    private mutating func removeFromLink(_ hop: Hop) {
        let link = Int(hop.link)
        let position = Int(hop.position)
        let moved = linkFlows[link].removeLast()
        guard position < linkFlows[link].count else { return }
        linkFlows[link][position] = moved
        hopStore[Int(moved.slot) * hopStride + Int(moved.hop)].position = Int32(position)
    }

    /// Where `slot`'s hops lie in `hopStore`.
    @inline(__always)
    func hops(of slot: Int) -> Range<Int> {
        let first = slot * hopStride
        return first..<(first + Int(flows[slot].hopCount))
    }

    /// Re-lays `hopStore` out for routes of up to `stride` hops (routes longer than any before).
    private mutating func widenHopStride(to stride: Int) {
        var widened = [Hop](repeating: Hop(link: -1, position: -1), count: flows.count * stride)
        for slot in flows.indices {
            for (offset, index) in hops(of: slot).enumerated() { widened[slot * stride + offset] = hopStore[index] }
        }
        hopStore = widened
        hopStride = stride
    }
}

/// One hop of a flow's route: the link and the flow's position in that link's flow list.
struct Hop {
    var link: Int32
    var position: Int32
}

/// A flow in a link's flow list: its slot and which hop of its route this link is.
struct FlowRef {
    var slot: Int32
    var hop: Int32
}

/// A flow being served, or a free slot when `isServed` is false.
struct Flow {
    var id = TransferID(-1)
    /// Hops in `FlowNetwork.hopStore` from `slot * hopStride`.
    var hopCount: Int32 = 0
    var bytes: Int64 = 0
    var start: Int64 = 0
    var latency: Int64 = 0
    /// The instant at which `remaining` was last brought up to date.
    var anchor: Int64 = 0
    /// Bytes left to serve at `anchor`.
    var remaining: Double = 0
    /// Bits per second since `anchor`; zero until first solved.
    var rate: Double = 0
    /// Bumped whenever the prediction changes or the slot is freed, to invalidate heap entries.
    var version: UInt32 = 0
    var isServed = false
    /// Kept out of `FlowNetwork.linkFlows` while alone on its links (see `FlowNetwork.loneOwner`).
    var isLone = false
    /// `FlowNetwork.settleEpoch` when the flow started.
    var startEpoch: UInt64 = 0
}

/// A flow's predicted end of service (the time is the `TimeBuckets` key), valid while the flow's
/// version still matches. Flows finishing at one instant leave in prediction order; nothing observable
/// depends on that order, since `advance(to:)` sorts completions and rates do not depend on slots.
struct PredictedFinish {
    var slot: Int32
    var version: UInt32
}
