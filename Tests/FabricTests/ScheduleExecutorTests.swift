import Collectives
import Testing
@testable import Fabric
import SimKernel
import Topology

/// The simulated executor against the alpha-beta-gamma closed forms (Thakur, Rabenseifner & Gropp,
/// IJHPCA 2005), on topologies where no two transfers of a step share a link.
@Suite("Schedule executor")
struct ScheduleExecutorTests {
    /// alpha = 2 us per message, beta = 80 ps per byte (100 Gbps), gamma = 5 ps per byte (200 GB/s):
    /// all integral, so the predicted times must equal the closed forms to the picosecond.
    static let alpha: Int64 = 2_000_000
    static let betaPicosecondsPerByte: Int64 = 80
    static let gammaPicosecondsPerByte: Int64 = 5
    static let link = Bandwidth.gigabitsPerSecond(100)
    static let reductionRate = Bandwidth.gigabytesPerSecond(200)

    /// p NPUs with a dedicated 100 Gbps, 2 us link in each direction between every pair.
    static func fullyConnected(_ p: Int) -> Topology {
        var links: [Link] = []
        for a in 0..<p { for b in 0..<p where a != b {
            links.append(Link(source: NodeID(a), destination: NodeID(b), bandwidth: link, latency: .picoseconds(alpha)))
        } }
        let nodes = (0..<p).map { Node(name: "npu\($0)", kind: .npu) }
        return Topology(name: "fc\(p)", nodes: nodes, links: links, router: ShortestPathRouter())
    }

    static func run(_ algorithm: CollectiveAlgorithm, _ op: CollectiveOp = .allReduce, ranks p: Int, bytes n: Int,
                    flow: Bool = false, on topology: Topology? = nil) throws -> ExecutionRecord {
        let schedule = try algorithm.schedule(op, ranks: p, count: n / 4, elementSize: 4)
        let fabric = topology ?? fullyConnected(p)
        let executor = ScheduleExecutor(topology: fabric, options: .init(reductionRate: reductionRate, recordTransfers: true))
        return flow ? try executor.run(schedule, on: FlowNetwork(topology: fabric))
                    : try executor.run(schedule, on: AnalyticalNetwork(topology: fabric))
    }

    @Test("ring all-reduce takes 2(p-1)(alpha + n/p beta) + (p-1) n/p gamma", arguments: [2, 3, 4, 5, 8, 16])
    func ringClosedForm(p: Int) throws {
        let n = 4 * 1024 * p
        let record = try Self.run(.ring, ranks: p, bytes: n)
        let k = Int64(p - 1), share = Int64(n / p)
        let expected = 2 * k * (Self.alpha + share * Self.betaPicosecondsPerByte) + k * share * Self.gammaPicosecondsPerByte
        #expect(record.duration.picoseconds == expected)
        #expect(record.rankFinish.allSatisfy { $0.picoseconds == expected })
        #expect(record.transfers.count == 2 * (p - 1) * p)
    }

    @Test("recursive doubling all-reduce takes lg p (alpha + n beta + n gamma)", arguments: [2, 4, 8, 16])
    func recursiveDoublingClosedForm(p: Int) throws {
        let n = 1 << 16
        let record = try Self.run(.recursiveDoubling, ranks: p, bytes: n)
        let lg = Int64(p.trailingZeroBitCount)
        #expect(record.duration.picoseconds == lg * (Self.alpha + Int64(n) * (Self.betaPicosecondsPerByte + Self.gammaPicosecondsPerByte)))
    }

    @Test("Rabenseifner all-reduce takes 2 lg p alpha + 2 (p-1)/p n beta + (p-1)/p n gamma", arguments: [2, 4, 8, 16])
    func rabenseifnerClosedForm(p: Int) throws {
        let n = 1 << 16
        let record = try Self.run(.rabenseifner, ranks: p, bytes: n)
        let lg = Int64(p.trailingZeroBitCount)
        let moved = Int64(n) * Int64(p - 1) / Int64(p)
        #expect(record.duration.picoseconds == 2 * lg * Self.alpha + 2 * moved * Self.betaPicosecondsPerByte + moved * Self.gammaPicosecondsPerByte)
    }

    @Test("binomial-tree all-reduce takes 2 lg p alpha + 2 n lg p beta + n lg p gamma", arguments: [2, 4, 8, 16])
    func binomialClosedForm(p: Int) throws {
        let n = 1 << 16
        let record = try Self.run(.binomialTree, ranks: p, bytes: n)
        let lg = Int64(p.trailingZeroBitCount)
        #expect(record.duration.picoseconds == 2 * lg * Self.alpha + 2 * Int64(n) * lg * Self.betaPicosecondsPerByte + Int64(n) * lg * Self.gammaPicosecondsPerByte)
    }

    @Test("ring all-gather takes (p-1)(alpha + n/p beta)", arguments: [3, 4, 7])
    func ringAllGather(p: Int) throws {
        let n = 1024 * p
        let record = try Self.run(.ring, .allGather, ranks: p, bytes: n)
        #expect(record.duration.picoseconds == Int64(p - 1) * (Self.alpha + Int64(n / p) * Self.betaPicosecondsPerByte))
    }

    @Test("the flow model equals the analytical one when no link is shared, and is never faster",
          arguments: CollectiveAlgorithm.allCases)
    func flowEqualsAnalyticalWithoutSharing(algorithm: CollectiveAlgorithm) throws {
        var unshared = 0
        for p in [2, 5, 8] {
            let analytical = try Self.run(algorithm, ranks: p, bytes: 8192 * p)
            let flow = try Self.run(algorithm, ranks: p, bytes: 8192 * p, flow: true)
            // On a fully connected topology every ordered pair has its own link, so links are shared
            // exactly when two transfers between the same pair overlap in time.
            if Self.sharesALink(analytical.transfers) {
                #expect(zip(flow.rankFinish, analytical.rankFinish).allSatisfy { $0 >= $1 }, "\(algorithm) with \(p) ranks")
            } else {
                unshared += 1
                #expect(flow.rankFinish == analytical.rankFinish, "\(algorithm) with \(p) ranks")
            }
        }
        #expect(unshared >= 2, "\(algorithm): the no-sharing case was exercised \(unshared) times")
    }

    static func sharesALink(_ transfers: [TransferTiming]) -> Bool {
        let byPair = Dictionary(grouping: transfers) { [$0.source, $0.destination] }
        return byPair.values.contains { group in
            let sorted = group.sorted { $0.start < $1.start }
            return zip(sorted, sorted.dropFirst()).contains { $1.start < $0.end }
        }
    }

    @Test("on a star, a ring needs one uplink and one downlink per transfer, so flow equals the formula")
    func ringOnStar() throws {
        let p = 64
        var nodes = (0..<p).map { Node(name: "h\($0)", kind: .npu) }
        nodes.append(Node(name: "switch", kind: .switch))
        var links: [Link] = []
        for h in 0..<p {
            links.append(Link(source: NodeID(h), destination: NodeID(p), bandwidth: Self.link, latency: .microseconds(1)))
            links.append(Link(source: NodeID(p), destination: NodeID(h), bandwidth: Self.link, latency: .microseconds(1)))
        }
        let star = Topology(name: "star", nodes: nodes, links: links, router: ShortestPathRouter())
        let n = 1 << 20
        let record = try Self.run(.ring, ranks: p, bytes: n * 1, flow: true, on: star)
        let k = Int64(p - 1), share = Int64(n / p)
        let expected = 2 * k * (Self.alpha + share * Self.betaPicosecondsPerByte) + k * share * Self.gammaPicosecondsPerByte
        #expect(record.duration.picoseconds == expected)
        // Every host link carried 2(p-1)/p n bytes each way.
        #expect(record.links.count == 2 * p)
        #expect(record.links.allSatisfy { $0.bytes == 2 * k * share })
    }

    @Test("a straggler's slow reductions delay everyone in a ring")
    func straggler() throws {
        let p = 4, n = 4096 * p
        let schedule = try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: p, count: n / 4, elementSize: 4)
        let fabric = Self.fullyConnected(p)
        let nominal = try ScheduleExecutor(topology: fabric, options: .init(reductionRate: Self.reductionRate))
            .run(schedule, on: AnalyticalNetwork(topology: fabric))
        let slowed = try ScheduleExecutor(topology: fabric, options: .init(reductionRate: Self.reductionRate, rankSlowdown: [2: 10]))
            .run(schedule, on: AnalyticalNetwork(topology: fabric))
        #expect(slowed.duration > nominal.duration)
        #expect(slowed.rankFinish.allSatisfy { $0 > nominal.duration })
    }

    @Test("more ranks than NPUs and bad placements are errors, not traps")
    func badInput() throws {
        let schedule = try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: 4, count: 64, elementSize: 4)
        let small = Self.fullyConnected(3)
        #expect(throws: ScheduleExecutor.ExecutorError.tooManyRanks(ranks: 4, npus: 3)) {
            try ScheduleExecutor(topology: small).run(schedule, on: AnalyticalNetwork(topology: small))
        }
        let four = Self.fullyConnected(4)
        #expect(throws: ScheduleExecutor.ExecutorError.badPlacement("NPU 1 holds two ranks")) {
            try ScheduleExecutor(topology: four, options: .init(placement: [0, 1, 1, 2])).run(schedule, on: AnalyticalNetwork(topology: four))
        }
    }

    @Test("identical runs give identical records")
    func determinism() throws {
        let a = try Self.run(.doubleBinaryTree, ranks: 13, bytes: 13 * 4096, flow: true)
        let b = try Self.run(.doubleBinaryTree, ranks: 13, bytes: 13 * 4096, flow: true)
        #expect(a.rankFinish == b.rankFinish)
        #expect(a.transfers == b.transfers)
        #expect(a.links == b.links)
    }
}
