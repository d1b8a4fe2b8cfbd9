import Testing
@testable import Fabric

/// `TimeBuckets` must hand entries out exactly as a queue ordered by (time, insertion order) would,
/// however pushes at equal and different times interleave with pops.
@Suite("Time buckets")
struct TimeBucketsTests {
    /// A reference queue: a list kept sorted by (time, insertion number).
    struct Reference {
        var entries: [(time: Int64, sequence: Int)] = []
        var pushed = 0
        mutating func push(at time: Int64) -> Int {
            let sequence = pushed
            pushed += 1
            let index = entries.firstIndex { ($0.time, $0.sequence) > (time, sequence) } ?? entries.count
            entries.insert((time, sequence), at: index)
            return sequence
        }
        mutating func popFirst() -> (time: Int64, sequence: Int)? { entries.isEmpty ? nil : entries.removeFirst() }
    }

    @Test("random waves of pushes and pops come out in (time, insertion) order", arguments: [1, 2, 3])
    func matchesReference(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var buckets = TimeBuckets<Int>()
        var reference = Reference()
        var popped = 0
        for _ in 0..<400 {
            // Waves of equal times, few distinct times, so buckets fill, drain and get reused.
            let time = Int64(random.next(below: 8))
            for _ in 0..<(1 + random.next(below: 5)) { buckets.push(reference.push(at: time), at: time) }
            for _ in 0..<random.next(below: 7) {
                let expected = reference.popFirst()
                let actual = buckets.popFirst()
                #expect(actual?.time == expected?.time && actual?.payload == expected?.sequence)
                if expected != nil { popped += 1 }
            }
            #expect(buckets.count == reference.entries.count)
            #expect(buckets.firstTime == reference.entries.first?.time)
        }
        while let expected = reference.popFirst() {
            let actual = buckets.popFirst()
            #expect(actual?.time == expected.time && actual?.payload == expected.sequence)
            popped += 1
        }
        #expect(buckets.popFirst() == nil)
        #expect(popped == reference.pushed)
    }

    @Test("removing entries keeps the others in order")
    func removeKeepsOrder() {
        var buckets = TimeBuckets<Int>()
        for (index, time) in [5, 5, 3, 3, 5, 1, 3].enumerated() { buckets.push(index, at: Int64(time)) }
        buckets.removeAll { $0 % 2 == 1 }
        var order: [Int] = []
        while let entry = buckets.popFirst() { order.append(entry.payload) }
        // Times 1: [], 3: [2, 6], 5: [0, 4] after dropping odd payloads 1, 3, 5.
        #expect(order == [2, 6, 0, 4])
    }
}
