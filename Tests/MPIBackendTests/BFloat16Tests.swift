import Testing
@testable import MPIBackend

@Suite("bfloat16 conversions")
struct BFloat16Tests {
    @Test("every integer up to 256 in magnitude survives the round trip exactly")
    func smallIntegersAreExact() {
        for n in -256...256 {
            #expect(BFloat16.float(fromBits: BFloat16.bits(from: Float(n))) == Float(n))
        }
    }

    @Test("halfway values round to the neighbour with an even last bit")
    func tiesRoundToEven() {
        // 1 + 2^-8 lies halfway between 1 (0x3F80) and 1 + 2^-7 (0x3F81): the even one is 0x3F80.
        #expect(BFloat16.bits(from: 1 + 0x1p-8) == 0x3F80)
        // 1 + 3 x 2^-8 lies halfway between 0x3F81 and 0x3F82: the even one is 0x3F82.
        #expect(BFloat16.bits(from: 1 + 3 * 0x1p-8) == 0x3F82)
        // Just above halfway rounds up.
        #expect(BFloat16.bits(from: 1 + 0x1p-8 + 0x1p-20) == 0x3F81)
        #expect(BFloat16.bits(from: -2) == 0xC000)
    }

    @Test("NaN stays a quiet NaN and infinities stay infinite")
    func specialValues() {
        #expect(BFloat16.float(fromBits: BFloat16.bits(from: .nan)).isNaN)
        #expect(BFloat16.float(fromBits: BFloat16.bits(from: .infinity)) == .infinity)
        #expect(BFloat16.bits(from: Float.greatestFiniteMagnitude) == 0x7F80) // rounds up to infinity
    }
}
