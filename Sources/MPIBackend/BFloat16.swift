/// Conversions between bfloat16 bit patterns and `Float`.
///
/// bfloat16 is the upper half of an IEEE 754 binary32: same exponent, 8 significant bits. Rounding
/// from `Float` is to nearest, ties to even, with NaN kept quiet, as in the Intel BF16 specification
/// (document 338302) and TensorFlow's `bfloat16`; the MPI shim's reduction operators do the same.
public enum BFloat16 {
    /// The `Float` a bfloat16 pattern stands for (exact: every bfloat16 is a `Float`).
    @inlinable public static func float(fromBits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// The bfloat16 nearest to `value`, ties to even.
    @inlinable public static func bits(from value: Float) -> UInt16 {
        let wide = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: wide >> 16) | 0x0040 }
        let rounding: UInt32 = 0x7fff + ((wide >> 16) & 1)
        return UInt16(truncatingIfNeeded: (wide &+ rounding) >> 16)
    }
}
