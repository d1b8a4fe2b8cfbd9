import SimKernel
import Testing
import Topology
@testable import Fabric

@Suite("Flow network against a from-scratch solve")
struct FlowNetworkRandomTests {
    /// Max-min fair rates of all `routes` by textbook progressive filling over every link at once,
    /// written independently of `FlowNetwork`'s incremental solver.
    static func globalRates(routes: [[Int]], capacity: [Double]) -> [Double] {
        var residual = capacity
        var unfixed = [Int](repeating: 0, count: capacity.count)
        var flowsOn = [[Int]](repeating: [], count: capacity.count)
        for (flow, route) in routes.enumerated() {
            for link in route {
                unfixed[link] += 1
                flowsOn[link].append(flow)
            }
        }
        var rates = [Double](repeating: -1, count: routes.count)
        while true {
            var best: (share: Double, link: Int)?
            for link in capacity.indices where unfixed[link] > 0 {
                let share = residual[link] / Double(unfixed[link])
                if best.map({ share < $0.share }) ?? true { best = (share, link) }
            }
            guard let (share, link) = best else { return rates }
            for flow in flowsOn[link] where rates[flow] < 0 {
                rates[flow] = share
                for other in routes[flow] {
                    residual[other] -= share
                    unfixed[other] -= 1
                }
            }
        }
    }

    @Test("incremental component solves give the rates of a global progressive filling",
          arguments: [(seed: UInt64(1), links: 8), (seed: 2, links: 48), (seed: 3, links: 200)])
    func matchesGlobalSolve(seed: UInt64, links linkCount: Int) {
        var rng = SplitMix64(seed: seed)
        let menu: [Double] = [10, 25, 40, 100, 200, 400]
        let capacities = (0..<linkCount).map { _ in Bandwidth.gigabitsPerSecond(menu[rng.next(below: menu.count)]) }
        let topology = TestNetworks.looseLinks(capacities)
        var network = FlowNetwork(topology: topology)
        var active: [TransferID: [Int]] = [:]
        var now = SimTime.zero
        var peak = 0
        var checks = 0
        for step in 0..<120 {
            for _ in 0..<rng.next(below: 16) {
                var route: [Int] = []
                for _ in 0...rng.next(below: 4) {
                    let link = rng.next(below: linkCount)
                    if !route.contains(link) { route.append(link) }
                }
                let bytes = Int64(1_000 + rng.next(below: 2_000_000))
                let id = network.start(bytes: bytes, along: route.map(LinkID.init), at: now)
                active[id] = route
            }
            peak = max(peak, active.count)
            // Alternate between stopping at the model's own next event and jumping over several.
            let jump = SimDuration.nanoseconds(Int64(rng.next(below: 100_000)))
            let target = step % 2 == 0 ? (network.nextEventTime() ?? now + jump) : now + jump
            for done in network.advance(to: target) {
                #expect(active.removeValue(forKey: done.id) != nil)
            }
            now = target

            let rates = network.currentRates()
            let ids = active.keys.sorted()
            #expect(rates.map(\.id) == ids)
            let expected = Self.globalRates(routes: ids.map { active[$0] ?? [] },
                                            capacity: capacities.map { Double($0.bitsPerSecond) })
            for (got, want) in zip(rates, expected) where abs(got.bitsPerSecond - want) > 1e-9 * want {
                Issue.record("\(got.id): rate \(got.bitsPerSecond) bps, global solve says \(want) bps")
            }
            checks += 1
        }
        #expect(checks == 120)
        #expect(peak >= 100, "the check should see many concurrent flows, saw at most \(peak)")
    }
}
