/// The element type of the buffers an executor moves and reduces.
///
/// `bfloat16` is stored as its 16-bit pattern (`UInt16`) and reduced in `Float` with
/// round-to-nearest-even back to 16 bits, as accelerators do (see `BFloat16`).
public enum ElementType: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case float32
    case float64
    case int32
    case bfloat16 = "bf16"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .float32, .int32: 4
        case .float64: 8
        case .bfloat16: 2
        }
    }

    public var description: String { rawValue }
}
