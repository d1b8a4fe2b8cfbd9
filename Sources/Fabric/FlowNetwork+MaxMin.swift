import SimKernel
import Topology

/// Picoseconds per second times bits per byte: `bytes * 8e12 / (bits per second)` is picoseconds.
private let bitPicosecondsPerByte = 8e12

/// Relative rate changes up to this size are rounding noise of the solver, not a new allocation.
let rateTolerance = 1e-12

extension FlowNetwork {
    /// Re-solves max-min fair rates for the flows of every component touched since the last solve,
    /// and re-predicts the finish of each flow whose rate changed.
    ///
    /// A component is a set of links joined by flows that cross more than one of them; a change on
    /// one link can move rates anywhere in its component and nowhere else, so the rest keep their
    /// rates and predictions.
    ///
    /// - Complexity: O(F h log L) for the F flows, h hops per flow and L links of the largest touched component.
    mutating func resolveDirtyComponents() {
        guard !dirtyLinks.isEmpty else {
            // Lone flows nobody joined were rated and predicted when they started (see `start`).
            if unsettledLoneFlows > 0 { settleLoneFlows() }
            return
        }
        solver.beginEpoch()
        solver.componentLinks.removeAll(keepingCapacity: true)
        solver.componentFlows.removeAll(keepingCapacity: true)
        // One component at a time keeps each solve's share heap as small as its component: in a
        // ring pattern that is two links, however many flows start at this instant.
        for link in dirtyLinks where solver.linkMark[Int(link)] != solver.epoch {
            let firstLink = solver.componentLinks.count
            let firstFlow = solver.componentFlows.count
            collectComponent(of: link)
            fillProgressively(links: firstLink..<solver.componentLinks.count, flows: firstFlow..<solver.componentFlows.count)
        }
        dirtyLinks.removeAll(keepingCapacity: true)
        // Lone flows that no later start joined are components of one flow, already given their
        // bottleneck's rate (the value `fillProgressively` would give them) and their prediction.
        solver.flowsVisited += solver.componentFlows.count
        settleLoneFlows()
        applyNewRates()
    }

    /// Appends the links and flows reachable from `seed` to `componentLinks` and `componentFlows`,
    /// by breadth-first search over link -> flows on it -> links of those flows.
    private mutating func collectComponent(of seed: Int32) {
        let epoch = solver.epoch
        var head = solver.componentLinks.count
        solver.linkMark[Int(seed)] = epoch
        solver.componentLinks.append(seed)
        while head < solver.componentLinks.count {
            let link = Int(solver.componentLinks[head])
            head += 1
            // Index loops read the nested arrays in place; `for in` would retain each one.
            for position in linkFlows[link].indices {
                let slot = Int(linkFlows[link][position].slot)
                guard solver.flowMark[slot] != epoch else { continue }
                solver.flowMark[slot] = epoch
                solver.componentFlows.append(Int32(slot))
                for hop in hops(of: slot) {
                    let next = hopStore[hop].link
                    guard solver.linkMark[Int(next)] != epoch else { continue }
                    solver.linkMark[Int(next)] = epoch
                    solver.componentLinks.append(next)
                }
            }
        }
    }

    /// Progressive filling (Bertsekas & Gallager, section 6.5.2) of one component: raise all unfixed
    /// rates together; the link whose fair share `residual / unfixed flows` is smallest saturates
    /// first, fixing its flows at that share; repeat with the capacity they leave. Equal shares
    /// saturate in link order.
    private mutating func fillProgressively(links: Range<Int>, flows component: Range<Int>) {
        guard !component.isEmpty else { return }
        if component.count == 1 {
            // A lone flow gets its bottleneck's full rate: the same value the general loop computes.
            let slot = Int(solver.componentFlows[component.lowerBound])
            solver.newRate[slot] = bottleneckRate(of: slot)
            return
        }
        solver.shares.removeAll()
        for index in links {
            let link = solver.componentLinks[index]
            let l = Int(link)
            solver.residual[l] = capacity[l]
            solver.unfixed[l] = Int32(linkFlows[l].count)
            if solver.unfixed[l] > 0 { solver.shares.push(LinkShare(share: solver.share(of: l), link: link)) }
        }
        for index in component { solver.newRate[Int(solver.componentFlows[index])] = -1 }
        while let top = solver.shares.pop() {
            let bottleneck = Int(top.link)
            // Links whose flows were all fixed elsewhere have nothing left to saturate.
            guard solver.unfixed[bottleneck] > 0 else { continue }
            // Fixing a flow at the current (smallest) share never lowers another link's share, so each
            // link's single entry is a lower bound: one whose share has risen goes back in at its
            // current value instead of being pushed again at every change.
            let share = solver.share(of: bottleneck)
            if share > top.share {
                solver.shares.push(LinkShare(share: share, link: top.link))
                continue
            }
            for position in linkFlows[bottleneck].indices {
                let slot = Int(linkFlows[bottleneck][position].slot)
                guard solver.newRate[slot] < 0 else { continue }
                solver.newRate[slot] = share
                for hop in hops(of: slot) {
                    let link = Int(hopStore[hop].link)
                    solver.residual[link] -= share
                    solver.unfixed[link] -= 1
                }
            }
        }
    }

    /// Ends the batch of lone flows started since the last solve: from now on they count as rated,
    /// as if `fillProgressively` had given each its bottleneck's rate (see `start`).
    private mutating func settleLoneFlows() {
        solver.flowsVisited += unsettledLoneFlows
        unsettledLoneFlows = 0
        settleEpoch &+= 1
    }

    /// The smallest capacity on a flow's route: its rate when it shares no link.
    ///
    /// Always inlined: called out of line from a mutating method, it made the caller copy the whole
    /// network onto the stack for every flow.
    @inline(__always)
    func bottleneckRate(of slot: Int) -> Double {
        var rate = Double.infinity
        for hop in hops(of: slot) { rate = Swift.min(rate, capacity[Int(hopStore[hop].link)]) }
        return rate
    }

    /// Moves each re-rated flow's progress up to now and queues its new predicted finish.
    private mutating func applyNewRates() {
        let t = now.picosecondsSinceStart
        for slot in solver.componentFlows {
            let s = Int(slot)
            let rate = solver.newRate[s]
            precondition(rate > 0, "max-min solve gave flow \(flows[s].id) the rate \(rate) bps")
            // An unchanged rate keeps the old prediction, which may be the exact integer one. Shares
            // computed through different subtraction orders can differ in the last bits; treating
            // those as unchanged (an error below 1 ps per second) spares re-predicting every flow
            // of a large component at each event.
            if abs(rate - flows[s].rate) <= flows[s].rate * rateTolerance { continue }
            if flows[s].rate > 0 {
                let served = flows[s].rate * Double(t - flows[s].anchor) / bitPicosecondsPerByte
                flows[s].remaining = Swift.max(0, flows[s].remaining - served)
                flows[s].anchor = t
            }
            flows[s].rate = rate
            flows[s].version &+= 1
            let finish = predictedFinish(of: flows[s])
            finishes.push(PredictedFinish(slot: slot, version: flows[s].version), at: finish)
        }
        // Outdated predictions leave the heap only when they reach the top; long flows re-rated many
        // times would pile them up, so sweep them once they outnumber the live ones.
        if finishes.count > 64 && finishes.count > 4 * servedFlowCount {
            finishes.removeAll { !flows[Int($0.slot)].isServed || flows[Int($0.slot)].version != $0.version }
        }
    }

    /// When a flow's last byte will have been served at its current rate.
    ///
    /// While a flow has been served at one integral rate since its start (every flow alone on its
    /// route), the time is exact and rounded like `AnalyticalNetwork`'s; otherwise it is the floating
    /// point remainder over the rate, rounded up to a whole picosecond. Always inlined, so that the
    /// fields are read in place: copying the whole `Flow` out showed in profiles.
    @inline(__always)
    mutating func predictedFinish(of flow: borrowing Flow) -> Int64 {
        let start = flow.start, anchor = flow.anchor, rate = flow.rate
        if anchor == start, let exact = exactServiceTime(of: flow.bytes, at: rate) { return start + exact }
        let duration = (flow.remaining * bitPicosecondsPerByte / rate).rounded(.up)
        return anchor + (duration < 9.2e18 ? Int64(duration) : Int64.max / 2)
    }

    /// `Bandwidth.transmissionTime(of:)` in picoseconds when `rate` (positive) is a whole number of
    /// bits per second that fits in Int64, else nil.
    ///
    /// Collectives start waves of equal flows at equal rates, so the last 128-bit division is reused.
    private mutating func exactServiceTime(of bytes: Int64, at rate: Double) -> Int64? {
        // For 0 < rate < 2^63 the conversion is exact exactly when the rate is integral.
        guard rate < 9.2e18, Double(Int64(rate)) == rate else { return nil }
        let last = lastExactServiceTime
        if last.bytes == bytes && last.rate == rate { return last.picoseconds }
        let picoseconds = Bandwidth(bitsPerSecond: Int64(rate)).transmissionTime(of: bytes).picoseconds
        lastExactServiceTime = (bytes, rate, picoseconds)
        return picoseconds
    }
}

/// The solver's working arrays, kept between solves so that a solve allocates nothing.
struct MaxMinScratch {
    /// `epoch` marks the links and flows already gathered in the current solve.
    var linkMark: [UInt32]
    var flowMark: [UInt32] = []
    var epoch: UInt32 = 0
    /// Capacity not yet given to fixed flows, and flows not yet fixed, per link (bits per second).
    var residual: [Double]
    var unfixed: [Int32]
    /// Each gathered flow's new rate, or -1 while unfixed (indexed by slot).
    var newRate: [Double] = []
    /// The links and flows of every component solved in this batch, component after component.
    var componentLinks: [Int32] = []
    var componentFlows: [Int32] = []
    var shares = MinHeap<LinkShare>()
    /// Flows gathered by all solves so far: the work the component decomposition saves shows here.
    var flowsVisited = 0

    init(linkCount: Int) {
        linkMark = Array(repeating: 0, count: linkCount)
        residual = Array(repeating: 0, count: linkCount)
        unfixed = Array(repeating: 0, count: linkCount)
    }

    mutating func growFlows(to count: Int) {
        while flowMark.count < count {
            flowMark.append(0)
            newRate.append(0)
        }
    }

    mutating func beginEpoch() {
        epoch &+= 1
        if epoch == 0 {
            // After 2^32 solves the marks could collide with old ones: clear them once.
            for i in linkMark.indices { linkMark[i] = 0 }
            for i in flowMark.indices { flowMark[i] = 0 }
            epoch = 1
        }
    }

    /// The rate every unfixed flow on `link` would get if the link saturated now.
    func share(of link: Int) -> Double { Swift.max(residual[link], 0) / Double(unfixed[link]) }
}

/// A link's fair share, ordered by share and then by link so that ties saturate deterministically.
struct LinkShare: Comparable {
    var share: Double
    var link: Int32

    static func < (a: LinkShare, b: LinkShare) -> Bool { (a.share, a.link) < (b.share, b.link) }
}
