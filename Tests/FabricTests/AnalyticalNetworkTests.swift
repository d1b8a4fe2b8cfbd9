import Collectives
import SimKernel
import Testing
import Topology
@testable import Fabric

@Suite("Analytical network")
struct AnalyticalNetworkTests {
    /// 100 Gbps / 1 us, then 25 Gbps / 0.5 us, then 400 Gbps / 250 ns.
    let line = TestNetworks.line([
        (.gigabitsPerSecond(100), .microseconds(1)),
        (.gigabitsPerSecond(25), .microseconds(0.5)),
        (.gigabitsPerSecond(400), .nanoseconds(250)),
    ])

    @Test("delivery is start plus the route's latency plus the bytes at the bottleneck rate")
    func deliveryFormula() {
        var network = AnalyticalNetwork(topology: line)
        let id = network.start(bytes: 1_000_003, along: TestNetworks.route(0, 1, 2), at: TestNetworks.ps(5_000))
        // 1,000,003 B at 25 Gbps = 1,000,003 x 320 ps; latency 1.75 us.
        let expected = TestNetworks.ps(5_000 + 1_750_000 + 320_000_960)
        #expect(network.nextEventTime() == expected)
        #expect(network.advance(to: expected - .picoseconds(1)).isEmpty)
        #expect(network.advance(to: expected) == [TransferCompletion(id: id, time: expected)])
        #expect(network.nextEventTime() == nil)
        #expect(network.inFlightCount == 0)
    }

    @Test("serialisation rounds up to a whole picosecond")
    func roundsUp() {
        let link = TestNetworks.line([(.gigabitsPerSecond(7), .zero)])
        var network = AnalyticalNetwork(topology: link)
        network.start(bytes: 1, along: TestNetworks.route(0), at: .zero)
        // 8 bits at 7 Gbps is 1142.857 ps.
        #expect(network.nextEventTime() == TestNetworks.ps(1_143))
    }

    @Test("transfers sharing a link do not slow each other down")
    func noContention() {
        let star = TestNetworks.star(hosts: 3)
        var network = AnalyticalNetwork(topology: star)
        let starts = [0, 1].map { host in
            TestNetworks.Start(time: .zero, bytes: 1_000_000, route: star.route(fromNPU: host, toNPU: 2))
        }
        let done = TestNetworks.run(&network, starts)
        // 1 MB at 100 Gbps = 80 us, plus two 1 us hops.
        #expect(done.map(\.time) == [TestNetworks.ps(82_000_000), TestNetworks.ps(82_000_000)])
        #expect(done.map(\.id) == [TransferID(0), TransferID(1)])
    }

    @Test("a local copy is instantaneous unless a copy rate is given")
    func localCopies() {
        var instant = AnalyticalNetwork(topology: line)
        instant.start(bytes: 1 << 20, along: [], at: TestNetworks.ps(10))
        #expect(instant.nextEventTime() == TestNetworks.ps(10))

        var priced = AnalyticalNetwork(topology: line, localCopyRate: .gigabytesPerSecond(40))
        priced.start(bytes: 1 << 20, along: [], at: .zero)
        // 1 MiB at 320 Gbps: 1,048,576 x 25 ps.
        #expect(priced.nextEventTime() == TestNetworks.ps(26_214_400))
        #expect(priced.linkUsage().isEmpty)
    }

    @Test("link usage counts bytes and the union of serialisation intervals")
    func linkUsage() {
        let link = TestNetworks.line([(.gigabitsPerSecond(100), .microseconds(1))])
        var network = AnalyticalNetwork(topology: link)
        // 2 MB take 160 us: busy [0, 160) and [100, 260) merge to 260 us, then [300, 460) adds 160 us.
        let starts = [0, 100, 300].map { us in
            TestNetworks.Start(time: .zero + .microseconds(Double(us)), bytes: 2_000_000, route: TestNetworks.route(0))
        }
        let done = TestNetworks.run(&network, starts)
        #expect(done.count == 3)
        #expect(network.linkUsage() == [LinkUsage(link: 0, bytes: 6_000_000, busy: .microseconds(420))])
    }
}
