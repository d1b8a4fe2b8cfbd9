import Testing
@testable import SimKernel

@Suite("Simulation kernel")
struct SimKernelTests {
    @Test("durations convert units to whole picoseconds")
    func durationUnits() {
        #expect(SimDuration.microseconds(1.5).picoseconds == 1_500_000)
        #expect(SimDuration.nanoseconds(3).picoseconds == 3_000)
        #expect(SimDuration.seconds(2).picoseconds == 2_000_000_000_000)
        #expect(SimDuration.microseconds(0.0000004).picoseconds == 0)
        #expect(SimDuration.microseconds(1.5).description == "1.5 us")
        #expect(SimDuration.picoseconds(250).description == "250 ps")
    }

    @Test("instants and durations combine only in meaningful ways")
    func instantArithmetic() {
        let t0 = SimTime.zero + .nanoseconds(10)
        let t1 = t0 + .nanoseconds(5) * 2
        #expect(t1 - t0 == .nanoseconds(10))
        #expect(t1 > t0)
        #expect((t1 - .nanoseconds(20)) == .zero)
    }

    @Test("events at the same time come out in insertion order")
    func fifoAmongEqualTimes() {
        var queue = EventQueue<Int>()
        let times: [Int64] = [5, 3, 5, 3, 9, 0, 5]
        for (i, t) in times.enumerated() { queue.push(i, at: SimTime(picosecondsSinceStart: t)) }
        var out: [Int] = []
        while let (_, payload) = queue.pop() { out.append(payload) }
        #expect(out == [5, 1, 3, 0, 2, 6, 4])
    }

    @Test("the queue pops in (time, sequence) order for random input", arguments: [1, 2, 17, 1000])
    func heapOrder(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var queue = EventQueue<Int>()
        var expected: [(Int64, Int)] = []
        for i in 0..<5_000 {
            let t = Int64(rng.next() % 200)
            queue.push(i, at: SimTime(picosecondsSinceStart: t))
            expected.append((t, i))
            if rng.next() % 3 == 0, let (time, payload) = queue.pop() {
                let best = expected.indices.min { expected[$0] < expected[$1] }!
                #expect(expected[best] == (time.picosecondsSinceStart, payload))
                expected.remove(at: best)
            }
        }
        expected.sort { $0 < $1 }
        var rest: [(Int64, Int)] = []
        while let (t, p) = queue.pop() { rest.append((t.picosecondsSinceStart, p)) }
        #expect(rest.map(\.0) == expected.map(\.0))
        #expect(rest.map(\.1) == expected.map(\.1))
    }

    @Test("the clock advances to each event and never goes backwards")
    func clockAdvances() {
        var sim = Simulator<Int>()
        sim.schedule(1, after: .nanoseconds(5))
        var seen: [(Int64, Int)] = []
        sim.run { sim, time, event in
            seen.append((time.picosecondsSinceStart, event))
            #expect(sim.now == time)
            if event < 3 { sim.schedule(event + 1, after: .nanoseconds(5)) }
        }
        #expect(seen.map(\.0) == [5_000, 10_000, 15_000])
        #expect(seen.map(\.1) == [1, 2, 3])
        #expect(sim.dispatched == 3)
    }

    @Test("run(until:) leaves later events queued")
    func runUntil() {
        var sim = Simulator<String>()
        sim.schedule("early", at: SimTime(picosecondsSinceStart: 10))
        sim.schedule("late", at: SimTime(picosecondsSinceStart: 100))
        var seen: [String] = []
        sim.run(until: SimTime(picosecondsSinceStart: 50)) { _, _, e in seen.append(e) }
        #expect(seen == ["early"])
        #expect(sim.pendingCount == 1)
        #expect(sim.nextEventTime == SimTime(picosecondsSinceStart: 100))
    }

    @Test("identical runs give identical event orders")
    func determinism() {
        func trace() -> [Int] {
            var sim = Simulator<Int>()
            for i in 0..<100 { sim.schedule(i, at: SimTime(picosecondsSinceStart: Int64(i % 7))) }
            var order: [Int] = []
            sim.run { sim, _, e in
                order.append(e)
                if e < 1_000 { sim.schedule(e + 100, after: .picoseconds(Int64(e % 3))) }
            }
            return order
        }
        #expect(trace() == trace())
    }

    @Test("scheduling in the past traps")
    func pastIsAnError() async {
        await #expect(processExitsWith: .failure) {
            var sim = Simulator<Int>()
            sim.schedule(0, at: SimTime(picosecondsSinceStart: 10))
            _ = sim.next()
            sim.schedule(1, at: SimTime(picosecondsSinceStart: 5))
        }
    }
}

/// A small deterministic generator for test data (Steele et al., "Fast splittable PRNGs", 2014).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
