import Collectives
import Testing
@testable import Fabric
import SimKernel
import Topology

/// Calibrated costs by message size (`MessageRegimes`) played through the executor: every message
/// pays its regime's latency and bandwidth, every reduction its regime's rate.
@Suite("message-size regimes")
struct RegimeNetworkTests {
    /// Regime 1 below 64 KiB: 1 us, 10 GB/s (100 ps/B), reductions 20 GB/s (50 ps/B); regime 2 from
    /// 64 KiB: 5 us, 2 GB/s (500 ps/B), reductions 4 GB/s (250 ps/B). All integral picoseconds.
    static let regimes = try! MessageRegimes([
        .init(from: .zero, latency: .microseconds(1), bandwidth: .gigabytesPerSecond(10), reductionRate: .gigabytesPerSecond(20)),
        .init(from: .kibibytes(64), latency: .microseconds(5), bandwidth: .gigabytesPerSecond(2), reductionRate: .gigabytesPerSecond(4)),
    ])

    /// p NPUs, every pair joined both ways by a link with the fastest regime's figures (what
    /// `wallsim calibrate` writes), so a lone message's extra is exactly its regime's surplus.
    static func fabric(_ p: Int) -> Topology {
        var links: [Link] = []
        for a in 0..<p { for b in 0..<p where a != b {
            links.append(Link(source: NodeID(a), destination: NodeID(b), bandwidth: .gigabytesPerSecond(10), latency: .microseconds(1)))
        } }
        return Topology(name: "fc\(p)", nodes: (0..<p).map { Node(name: "npu\($0)", kind: .npu) }, links: links,
                        router: ShortestPathRouter())
    }

    @Test("a regime applies from its size up to the next one's")
    func lookup() {
        #expect(Self.regimes.regime(for: 0).latency == .microseconds(1))
        #expect(Self.regimes.regime(for: 65_535).latency == .microseconds(1))
        #expect(Self.regimes.regime(for: 65_536).latency == .microseconds(5))
        #expect(Self.regimes.regime(for: 1 << 30).latency == .microseconds(5))
        let megabyte: Int64 = 1 << 20
        let expected: Int64 = 5_000_000 + 500 * megabyte
        #expect(Self.regimes.time(of: megabyte).picoseconds == expected)
    }

    @Test("regimes must start at 0 B, grow, and have positive rates")
    func validation() {
        let fast = MessageRegimes.Regime(from: .zero, latency: .microseconds(1), bandwidth: .gigabytesPerSecond(1))
        var late = fast
        late.from = .bytes(8)
        #expect(throws: MessageRegimes.Problem.empty) { try MessageRegimes([]) }
        #expect(throws: MessageRegimes.Problem.firstNotAtZero(.bytes(8))) { try MessageRegimes([late]) }
        #expect(throws: MessageRegimes.Problem.notIncreasing(index: 1)) { try MessageRegimes([fast, fast]) }
        var stopped = late
        stopped.bandwidth = Bandwidth(bitsPerSecond: 0)
        #expect(throws: MessageRegimes.Problem.self) { try MessageRegimes([fast, stopped]) }
    }

    @Test("a lone message takes its regime's time on either network model", arguments: [1_000, 65_536, 3 << 20])
    func loneMessage(bytes: Int) throws {
        let topology = Self.fabric(2)
        let route = topology.route(fromNPU: 0, toNPU: 1)
        for flow in [false, true] {
            var network: any NetworkModel = flow
                ? RegimeNetwork(base: FlowNetwork(topology: topology), topology: topology, regimes: Self.regimes)
                : RegimeNetwork(base: AnalyticalNetwork(topology: topology), topology: topology, regimes: Self.regimes)
            network.start(bytes: Int64(bytes), along: route, at: .zero)
            var delivered: [TransferCompletion] = []
            while let next = network.nextEventTime() { delivered += network.advance(to: next) }
            #expect(delivered == [TransferCompletion(id: TransferID(0), time: SimTime.zero + Self.regimes.time(of: Int64(bytes)))])
        }
    }

    @Test("deliveries held to different ends come out by time, then by id")
    func deliveryOrder() throws {
        let topology = Self.fabric(3)
        var network = RegimeNetwork(base: AnalyticalNetwork(topology: topology), topology: topology, regimes: Self.regimes)
        // A large message (regime 2) first, then a small one that the links deliver later but whose
        // regime ends sooner: the small one must be reported first.
        network.start(bytes: 65_536, along: topology.route(fromNPU: 0, toNPU: 1), at: .zero)
        network.start(bytes: 1_000, along: topology.route(fromNPU: 1, toNPU: 2), at: .zero)
        var delivered: [TransferCompletion] = []
        while let next = network.nextEventTime() { delivered += network.advance(to: next) }
        #expect(delivered.map(\.id.rawValue) == [1, 0])
        let times: [Int64] = [1_000_000 + 100_000, 5_000_000 + 500 * 65_536]
        #expect(delivered.map(\.time.picosecondsSinceStart) == times)
        #expect(network.inFlightCount == 0)
    }

    @Test("ring all-reduce pays 2(p-1)(alpha_k + n/p beta_k) + (p-1) n/p gamma_k in the regime of n/p",
          arguments: [(4, 4 * 4096), (4, 4 * (1 << 20)), (8, 8 * 65_536)])
    func ringInRegime(p: Int, n: Int) throws {
        let schedule = try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: p, count: n / 4, elementSize: 4)
        let executor = ScheduleExecutor(topology: Self.fabric(p), options: .init(messageRegimes: Self.regimes))
        let share = Int64(n / p)
        let (alpha, beta, gamma): (Int64, Int64, Int64) = share < 65_536 ? (1_000_000, 100, 50) : (5_000_000, 500, 250)
        let expected = 2 * Int64(p - 1) * (alpha + share * beta) + Int64(p - 1) * share * gamma
        for record in [try executor.run(schedule, on: AnalyticalNetwork(topology: Self.fabric(p))),
                       try executor.run(schedule, on: FlowNetwork(topology: Self.fabric(p)))] {
            #expect(record.duration.picoseconds == expected)
        }
    }

    @Test("recursive doubling's messages of n bytes fall in the regime of n, not of n/p")
    func recursiveDoublingUsesWholeBuffer() throws {
        let n = 32_768 * 4   // 128 KiB per message: regime 2
        let schedule = try CollectiveAlgorithm.recursiveDoubling.schedule(.allReduce, ranks: 4, count: n / 4, elementSize: 4)
        let record = try ScheduleExecutor(topology: Self.fabric(4), options: .init(messageRegimes: Self.regimes))
            .run(schedule, on: AnalyticalNetwork(topology: Self.fabric(4)))
        let expected: Int64 = 2 * (5_000_000 + Int64(n) * (500 + 250))
        #expect(record.duration.picoseconds == expected)
    }
}
