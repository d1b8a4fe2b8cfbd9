import Collectives
import Testing
@testable import MPIBackend

@Suite("run fingerprints")
struct RunFingerprintTests {
    @Test("FNV-1a of the description matches the published test vectors")
    func fnvVectors() {
        #expect(RunFingerprint("").value == 0xcbf2_9ce4_8422_2325)
        #expect(RunFingerprint("a").value == 0xaf63_dc4c_8601_ec8c)
        #expect(RunFingerprint("foobar").value == 0x8594_4171_f739_67e8)
    }

    @Test("runs that differ in count, type, reduction or root have different fingerprints")
    func differences() {
        let schedule = RingSchedules.allReduce(ranks: 4, count: 100, elementSize: 4)
        let base = RunFingerprint(schedule: schedule, elementType: .float32, reduction: .sum)
        #expect(base.description == "allreduce ring ranks=4 count=100 float32 sum steps=6 blocks=4 elementSize=4")
        #expect(base != RunFingerprint(schedule: RingSchedules.allReduce(ranks: 4, count: 101, elementSize: 4),
                                       elementType: .float32, reduction: .sum))
        #expect(base.value != RunFingerprint(schedule: schedule, elementType: .float32, reduction: .max).value)
        #expect(RunFingerprint(native: .broadcast(root: 0), count: 8, elementType: .int32, reduction: .sum).value
                != RunFingerprint(native: .broadcast(root: 1), count: 8, elementType: .int32, reduction: .sum).value)
    }
}
