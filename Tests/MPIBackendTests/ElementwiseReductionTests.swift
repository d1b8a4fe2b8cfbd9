import Collectives
import Testing
@testable import MPIBackend

@Suite("element-wise reduction")
struct ElementwiseReductionTests {
    /// Reduces source = [3, -2, 7, 0] into target = [1, 5, -4, 0] and reads the result back.
    func reduce(_ op: ReductionOperator, _ type: ElementType) -> [Double] {
        let source = RankBuffer(type: type, count: 4), target = RankBuffer(type: type, count: 4)
        for (i, (a, b)) in zip([3, -2, 7, 0], [1, 5, -4, 0]).enumerated() {
            source.store(a, at: i)
            target.store(b, at: i)
        }
        ElementwiseReduction.apply(op, type, from: source.base, into: target.base, count: 4)
        return (0..<4).map { target.value(at: $0) }
    }

    @Test("sum, max and min give the exact element-wise results in every type", arguments: ElementType.allCases)
    func operators(type: ElementType) {
        #expect(reduce(.sum, type) == [4, 3, 3, 0])
        #expect(reduce(.max, type) == [3, 5, 7, 0])
        #expect(reduce(.min, type) == [1, -2, -4, 0])
    }

    @Test("int32 sums wrap around as MPI_SUM does")
    func int32Wraps() {
        let a = RankBuffer(type: .int32, count: 1), b = RankBuffer(type: .int32, count: 1)
        a.address(of: 0).storeBytes(of: Int32.max, as: Int32.self)
        b.store(1, at: 0)
        ElementwiseReduction.apply(.sum, .int32, from: a.base, into: b.base, count: 1)
        #expect(b.address(of: 0).load(as: Int32.self) == Int32.min)
    }

    @Test("bfloat16 sums round to nearest even")
    func bfloat16Rounds() {
        let a = RankBuffer(type: .bfloat16, count: 1), b = RankBuffer(type: .bfloat16, count: 1)
        b.store(256, at: 0)
        a.store(1, at: 0)
        // 257 needs 9 significant bits; halfway between 256 and 258, it rounds to the even 256.
        ElementwiseReduction.apply(.sum, .bfloat16, from: a.base, into: b.base, count: 1)
        #expect(b.value(at: 0) == 256)
    }
}
