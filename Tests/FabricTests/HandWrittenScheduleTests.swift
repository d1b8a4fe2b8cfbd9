import Collectives
import SimKernel
import Testing
import Topology
@testable import Fabric

@Suite("Schedule executor on hand-written schedules")
struct HandWrittenScheduleTests {
    static func run<N: NetworkModel>(_ schedule: Schedule, on topology: Topology, _ network: N) throws -> ExecutionRecord {
        try ScheduleExecutor(topology: topology, options: .init(recordTransfers: true)).run(schedule, on: network)
    }

    /// Ring all-gather: in step k rank r passes block (r - k) mod p to rank r + 1.
    static func ringAllGather(ranks p: Int, elementsPerRank m: Int) -> Schedule {
        let steps = (0..<(p - 1)).map { k in
            (0..<p).map { r in
                let block = ((r - k) % p + p) % p
                return Transfer(from: r, to: (r + 1) % p, blocks: block..<(block + 1), reduces: false)
            }
        }
        return Schedule(op: .allGather, ranks: p, count: p * m, elementSize: 4,
                        layout: BlockLayout(count: p * m, blockCount: p), algorithm: "ring", explicitSteps: steps)
    }

    @Test("ring all-gather on a switch takes (p-1)(alpha + n beta / p) in both models", arguments: [2, 3, 8, 13])
    func ringAllGather(ranks: Int) throws {
        let star = TestNetworks.star(hosts: ranks)
        let schedule = Self.ringAllGather(ranks: ranks, elementsPerRank: 250_000)
        // Thakur et al. 2005: (p-1) alpha + ((p-1)/p) n beta with n = p MB gathered; here alpha is two
        // 1 us hops and each step moves 1 MB at 100 Gbps (80 us).
        let expected = SimDuration.microseconds(82) * Int64(ranks - 1)
        for record in [try Self.run(schedule, on: star, FlowNetwork(topology: star)),
                       try Self.run(schedule, on: star, AnalyticalNetwork(topology: star))] {
            #expect(record.rankFinish == Array(repeating: expected, count: ranks))
            #expect(record.transfers.count == ranks * (ranks - 1))
            #expect(record.transfers.allSatisfy { $0.end - $0.start == .microseconds(82) && $0.bytes == 1_000_000 })
            // Every uplink and downlink carried p - 1 blocks, busy 80 us per step.
            #expect(record.links.count == 2 * ranks)
            #expect(record.links.allSatisfy { $0.bytes == 1_000_000 * Int64(ranks - 1) && $0.busy == .microseconds(80) * Int64(ranks - 1) })
        }
    }

    @Test("a one-step all-to-all contends for every link in the flow model only", arguments: [2, 4, 5])
    func directAllToAll(ranks: Int) throws {
        let star = TestNetworks.star(hosts: ranks)
        // Rank r's block d goes to rank d's block r (blocks are rank-major: r * ranks + d).
        var transfers: [Transfer] = []
        for r in 0..<ranks {
            for d in 0..<ranks where d != r {
                let source = r * ranks + d, destination = d * ranks + r
                transfers.append(Transfer(from: r, to: d, sourceBlocks: source..<(source + 1),
                                          destinationBlocks: destination..<(destination + 1), reduces: false, reading: .input))
            }
        }
        let count = ranks * ranks * 250_000
        let schedule = Schedule(op: .allToAll, ranks: ranks, count: count, elementSize: 4,
                                layout: BlockLayout(count: count, blockCount: ranks * ranks),
                                algorithm: "direct", explicitSteps: [transfers])
        // Each uplink and downlink carries p - 1 flows of 1 MB at 100 Gbps / (p - 1).
        let flowRecord = try Self.run(schedule, on: star, FlowNetwork(topology: star))
        let analyticalRecord = try Self.run(schedule, on: star, AnalyticalNetwork(topology: star))
        #expect(flowRecord.duration == .microseconds(80) * Int64(ranks - 1) + .microseconds(2))
        #expect(analyticalRecord.duration == .microseconds(82))
    }

    @Test("ranks are not synchronised: pairs that finish early move on")
    func unsynchronisedPairs() throws {
        let star = TestNetworks.star(hosts: 4)
        // One-element blocks of 4 B: ranks 0 and 1 exchange 1 MB then 4 B, ranks 2 and 3 only 4 B twice.
        let schedule = Schedule(op: .sendReceive(source: 0, destination: 1), ranks: 4, count: 250_003, elementSize: 4,
                              layout: BlockLayout(count: 250_003, blockCount: 250_003), algorithm: "pairs", explicitSteps: [
                                  [Transfer(from: 0, to: 1, blocks: 0..<250_000, reduces: false),
                                   Transfer(from: 2, to: 3, blocks: 250_000..<250_001, reduces: false)],
                                  [Transfer(from: 1, to: 0, blocks: 250_001..<250_002, reduces: false),
                                   Transfer(from: 3, to: 2, blocks: 250_002..<250_003, reduces: false)],
                              ])
        let record = try Self.run(schedule, on: star, AnalyticalNetwork(topology: star))
        // 1 MB takes 80 us, 4 B take 320 ps; each message also crosses two 1 us hops.
        let big = SimDuration.microseconds(82), small = SimDuration.picoseconds(2_000_320)
        #expect(record.rankFinish == [big + small, big + small, small * 2, small * 2])
    }

    @Test("a schedule with more ranks than NPUs is refused")
    func tooManyRanks() {
        let star = TestNetworks.star(hosts: 2)
        #expect(throws: ScheduleExecutor.ExecutorError.tooManyRanks(ranks: 3, npus: 2)) {
            try Self.run(Self.ringAllGather(ranks: 3, elementsPerRank: 1), on: star, AnalyticalNetwork(topology: star))
        }
    }
}
