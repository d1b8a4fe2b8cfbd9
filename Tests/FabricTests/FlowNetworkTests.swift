import Collectives
import SimKernel
import Testing
import Topology
@testable import Fabric

@Suite("Flow network")
struct FlowNetworkTests {
    @Test("two flows sharing one link each get half of it")
    func twoFlowsShare() {
        let star = TestNetworks.star(hosts: 3)
        var network = FlowNetwork(topology: star)
        let starts = [0, 1].map { host in
            TestNetworks.Start(time: .zero, bytes: 1_000_000, route: star.route(fromNPU: host, toNPU: 2))
        }
        network.start(bytes: starts[0].bytes, along: starts[0].route, at: .zero)
        network.start(bytes: starts[1].bytes, along: starts[1].route, at: .zero)
        #expect(network.currentRates().map(\.bitsPerSecond) == [50e9, 50e9])
        let done = TestNetworks.run(&network, [])
        // 8 Mbit at 50 Gbps = 160 us, plus two 1 us hops.
        #expect(done == [TransferCompletion(id: TransferID(0), time: TestNetworks.ps(162_000_000)),
                         TransferCompletion(id: TransferID(1), time: TestNetworks.ps(162_000_000))])
        // Host 2's downlink (link 5) carried both; each uplink one. All were busy for the 160 us.
        #expect(network.linkUsage() == [
            LinkUsage(link: 0, bytes: 1_000_000, busy: .microseconds(160)),
            LinkUsage(link: 2, bytes: 1_000_000, busy: .microseconds(160)),
            LinkUsage(link: 5, bytes: 2_000_000, busy: .microseconds(160)),
        ])
    }

    /// Links L0 = 30, L1 = 60, L2 = 100 Gbps; flows A: L0 L1 L2, B: L0, C: L1, D: L1 L2.
    /// Progressive filling (Bertsekas & Gallager, section 6.5.2): L0 saturates first at 30/2, fixing
    /// A and B at 15 Gbps; L1 then has 45 Gbps for C and D, 22.5 each; L2 keeps 62.5 Gbps unused.
    let textbook = TestNetworks.line([
        (.gigabitsPerSecond(30), .zero), (.gigabitsPerSecond(60), .zero), (.gigabitsPerSecond(100), .zero),
    ])
    let textbookRoutes = [TestNetworks.route(0, 1, 2), TestNetworks.route(0), TestNetworks.route(1), TestNetworks.route(1, 2)]

    @Test("unequal paths get the max-min fair rates of progressive filling")
    func textbookRates() {
        var network = FlowNetwork(topology: textbook)
        for route in textbookRoutes { network.start(bytes: 3_000_000, along: route, at: .zero) }
        #expect(network.currentRates().map(\.bitsPerSecond) == [15e9, 15e9, 22.5e9, 22.5e9])
    }

    @Test("a finishing flow can slow others down, as max-min fairness allows")
    func textbookTimeline() {
        var network = FlowNetwork(topology: textbook)
        let bytes: [Int64] = [3_000_000, 750_000, 3_000_000, 3_000_000]
        for (route, size) in zip(textbookRoutes, bytes) { network.start(bytes: size, along: route, at: .zero) }
        // B (6 Mbit at 15 Gbps) leaves at 400 us. L0 then offers A 30 Gbps but L1 splits 60 three
        // ways: A, C and D run at 20 Gbps, so C and D slow down from 22.5.
        #expect(network.advance(to: TestNetworks.ps(400_000_000)) == [TransferCompletion(id: TransferID(1), time: TestNetworks.ps(400_000_000))])
        #expect(network.currentRates().map(\.bitsPerSecond) == [20e9, 20e9, 20e9])
        // C and D had 15 Mbit left: 750 us more. A had 18 Mbit left; after 750 us, 3 Mbit alone at 30 Gbps.
        let done = TestNetworks.run(&network, [])
        #expect(done == [TransferCompletion(id: TransferID(2), time: TestNetworks.ps(1_150_000_000)),
                         TransferCompletion(id: TransferID(3), time: TestNetworks.ps(1_150_000_000)),
                         TransferCompletion(id: TransferID(0), time: TestNetworks.ps(1_250_000_000))])
    }

    @Test("flows that share no link finish exactly when the analytical model says")
    func isolatedFlowsMatchAnalytical() {
        let rates: [Bandwidth] = [.gigabitsPerSecond(100), .gigabitsPerSecond(7), .gigabitsPerSecond(25), .gigabitsPerSecond(3.3)]
        let latencies: [SimDuration] = [.microseconds(1.5), .nanoseconds(333), .zero, .picoseconds(7)]
        let chain = TestNetworks.line((0..<8).map { (rates[$0 % 4], latencies[($0 / 2) % 4]) })
        var rng = SplitMix64(seed: 7)
        // Consecutive links, never overlapping in time on any link: each flow uses its own pair.
        var starts: [TestNetworks.Start] = []
        for round in 0..<5 {
            for pair in 0..<4 {
                let time = TestNetworks.ps(Int64(round) * 1_000_000_000_000 + Int64(rng.next(below: 1_000_000)))
                starts.append(TestNetworks.Start(time: time, bytes: Int64(1 + rng.next(below: 50_000_000)),
                                                 route: TestNetworks.route(2 * pair, 2 * pair + 1)))
            }
        }
        starts.sort { $0.time < $1.time }
        var flow = FlowNetwork(topology: chain)
        var analytical = AnalyticalNetwork(topology: chain)
        let flowDone = TestNetworks.run(&flow, starts)
        let analyticalDone = TestNetworks.run(&analytical, starts)
        #expect(flowDone.count == 20)
        #expect(flowDone == analyticalDone)
        #expect(flow.linkUsage() == analytical.linkUsage())
    }

    @Test("a flow joining mid-way slows the others from that instant")
    func joinMidway() {
        let link = TestNetworks.line([(.gigabitsPerSecond(100), .zero)])
        var network = FlowNetwork(topology: link)
        // A alone would take 2 us for 25 kB. B joins at 1 us: A's last 12.5 kB go at 50 Gbps (2 us),
        // then B's last 12.5 kB at 100 Gbps (1 us).
        let done = TestNetworks.run(&network, [
            TestNetworks.Start(time: .zero, bytes: 25_000, route: TestNetworks.route(0)),
            TestNetworks.Start(time: TestNetworks.ps(1_000_000), bytes: 25_000, route: TestNetworks.route(0)),
        ])
        #expect(done == [TransferCompletion(id: TransferID(0), time: TestNetworks.ps(3_000_000)),
                         TransferCompletion(id: TransferID(1), time: TestNetworks.ps(4_000_000))])
        #expect(network.linkUsage() == [LinkUsage(link: 0, bytes: 50_000, busy: .microseconds(4))])
    }

    @Test("simultaneous deliveries come out in start order, whatever order they were scheduled in")
    func simultaneousOrder() {
        let links = TestNetworks.line([(.gigabitsPerSecond(100), .microseconds(2)), (.gigabitsPerSecond(100), .microseconds(1))])
        // Transfer 0 finishes serving at 2 us and arrives 1 us later; transfer 1 finishes at 1 us and
        // arrives 2 us later, so its delivery is scheduled first. Both arrive at 3 us.
        let starts = [
            TestNetworks.Start(time: .zero, bytes: 25_000, route: TestNetworks.route(1)),
            TestNetworks.Start(time: .zero, bytes: 12_500, route: TestNetworks.route(0)),
        ]
        var flow = FlowNetwork(topology: links)
        var analytical = AnalyticalNetwork(topology: links)
        let expected = [TransferCompletion(id: TransferID(0), time: TestNetworks.ps(3_000_000)),
                        TransferCompletion(id: TransferID(1), time: TestNetworks.ps(3_000_000))]
        #expect(TestNetworks.run(&flow, starts) == expected)
        #expect(TestNetworks.run(&analytical, starts) == expected)
    }

    @Test("identical flows in a ring finish together, reported in start order", arguments: [2, 5, 64])
    func ringIsDeterministic(hosts: Int) {
        let star = TestNetworks.star(hosts: hosts)
        // Start in reverse host order so that start order and link order disagree.
        let starts = (0..<hosts).reversed().map { host in
            TestNetworks.Start(time: .zero, bytes: 1_048_576, route: star.route(fromNPU: host, toNPU: (host + 1) % hosts))
        }
        var network = FlowNetwork(topology: star)
        let done = TestNetworks.run(&network, starts)
        // 1 MiB at 100 Gbps = 83,886.08 ns, rounded up, plus 2 us.
        #expect(done.map(\.id) == (0..<hosts).map(TransferID.init))
        #expect(Set(done.map(\.time)) == [TestNetworks.ps(83_886_080 + 2_000_000)])
        // Every flow is its own component: one solve of the start batch visits each flow once,
        // and finishing frees links without re-solving anyone.
        #expect(network.solver.flowsVisited == hosts)
    }

    @Test("a local copy is instantaneous unless a copy rate is given, and zero bytes only pay latency")
    func localAndEmpty() {
        let star = TestNetworks.star(hosts: 2)
        var network = FlowNetwork(topology: star, localCopyRate: .gigabytesPerSecond(40))
        let done = TestNetworks.run(&network, [
            TestNetworks.Start(time: .zero, bytes: 1 << 20, route: []),
            TestNetworks.Start(time: .zero, bytes: 0, route: star.route(fromNPU: 0, toNPU: 1)),
        ])
        #expect(done == [TransferCompletion(id: TransferID(1), time: TestNetworks.ps(2_000_000)),
                         TransferCompletion(id: TransferID(0), time: TestNetworks.ps(26_214_400))])
    }

    @Test("a batch started at one instant is solved once")
    func batchSolvedOnce() {
        let link = TestNetworks.line([(.gigabitsPerSecond(100), .zero)])
        var network = FlowNetwork(topology: link)
        for _ in 0..<100 { network.start(bytes: 1_000, along: TestNetworks.route(0), at: .zero) }
        #expect(network.nextEventTime() == TestNetworks.ps(8_000_000))
        #expect(network.solver.flowsVisited == 100)
        #expect(network.advance(to: TestNetworks.ps(8_000_000)).count == 100)
    }

    @Test("a long flow re-rated hundreds of times finishes on time and outdated predictions are swept")
    func manyRerates() {
        let link = TestNetworks.line([(.gigabitsPerSecond(100), .zero)])
        var network = FlowNetwork(topology: link)
        // 12.5 kB flows start every 3 us and share the link for 2 us: per cycle the long flow gets
        // 2 us at 50 Gbps and 1 us at 100 Gbps, 25 kB. After 200 cycles (600 us) its last 0.5 MB
        // take 40 us alone.
        var starts = [TestNetworks.Start(time: .zero, bytes: 5_500_000, route: TestNetworks.route(0))]
        starts += (0..<200).map { k in
            TestNetworks.Start(time: TestNetworks.ps(Int64(k) * 3_000_000), bytes: 12_500, route: TestNetworks.route(0))
        }
        var done: [TransferCompletion] = []
        var largestHeap = 0
        var index = 0
        while let next = [index < starts.count ? starts[index].time : nil, network.nextEventTime()].compactMap({ $0 }).min() {
            done += network.advance(to: next)
            while index < starts.count && starts[index].time == next {
                network.start(bytes: starts[index].bytes, along: starts[index].route, at: next)
                index += 1
            }
            largestHeap = max(largestHeap, network.finishes.count)
        }
        #expect(done.count == 201)
        #expect(done.last == TransferCompletion(id: TransferID(0), time: TestNetworks.ps(640_000_000)))
        #expect(done.dropLast().map(\.time) == (0..<200).map { TestNetworks.ps(Int64($0) * 3_000_000 + 2_000_000) })
        #expect(largestHeap <= 65)
    }

    @Test("an incast shares the receiver's downlink where the analytical model does not", arguments: [2, 4, 7])
    func incast(senders: Int) {
        let star = TestNetworks.star(hosts: senders + 1)
        let starts = (0..<senders).map { host in
            TestNetworks.Start(time: .zero, bytes: 1_000_000, route: star.route(fromNPU: host, toNPU: senders))
        }
        var flow = FlowNetwork(topology: star)
        var analytical = AnalyticalNetwork(topology: star)
        let flowDone = TestNetworks.run(&flow, starts)
        let analyticalDone = TestNetworks.run(&analytical, starts)
        // 8 Mbit each: at 100 Gbps / senders in the flow model (80 us x senders), at the full
        // 100 Gbps (80 us) analytically.
        let shared = SimDuration.microseconds(80) * Int64(senders)
        #expect(flowDone.map(\.time) == Array(repeating: SimTime.zero + shared + .microseconds(2), count: senders))
        #expect(analyticalDone.map(\.time) == Array(repeating: TestNetworks.ps(82_000_000), count: senders))
        let downlink = Int32(2 * senders + 1)
        #expect(flow.linkUsage().last == LinkUsage(link: downlink, bytes: 1_000_000 * Int64(senders), busy: shared))
        #expect(analytical.linkUsage().last == LinkUsage(link: downlink, bytes: 1_000_000 * Int64(senders), busy: .microseconds(80)))
    }

    @Test("advancing to an instant between events delivers nothing and changes no prediction")
    func advanceBetweenEvents() {
        let link = TestNetworks.line([(.gigabitsPerSecond(100), .microseconds(1))])
        var network = FlowNetwork(topology: link)
        network.start(bytes: 25_000, along: TestNetworks.route(0), at: .zero)
        #expect(network.nextEventTime() == TestNetworks.ps(2_000_000))
        #expect(network.advance(to: TestNetworks.ps(1_234_567)).isEmpty)
        #expect(network.now == TestNetworks.ps(1_234_567))
        // Service ends at 2 us (an internal event: nothing delivered), delivery 1 us later.
        #expect(network.nextEventTime() == TestNetworks.ps(2_000_000))
        #expect(network.advance(to: TestNetworks.ps(2_000_000)).isEmpty)
        #expect(network.inFlightCount == 1)
        #expect(network.nextEventTime() == TestNetworks.ps(3_000_000))
        #expect(network.advance(to: TestNetworks.ps(3_000_000)) == [TransferCompletion(id: TransferID(0), time: TestNetworks.ps(3_000_000))])
        #expect(network.inFlightCount == 0)
    }

    @Test("starting a transfer past a pending event is a programmer error")
    func startPastPendingEvent() async {
        await #expect(processExitsWith: .failure) {
            let link = TestNetworks.line([(.gigabitsPerSecond(100), .zero)])
            var network = FlowNetwork(topology: link)
            network.start(bytes: 25_000, along: TestNetworks.route(0), at: .zero)
            network.start(bytes: 25_000, along: TestNetworks.route(0), at: TestNetworks.ps(5_000_000))
        }
    }
}
