#if canImport(Glibc)
import Glibc
#endif

/// One buffer of `count` elements of one type, in memory that this object owns.
///
/// Buffers of 2 MiB or more are aligned to 2 MiB and advised onto transparent huge pages
/// (`madvise(MADV_HUGEPAGE)` on Linux): REFERENCE.md measured page size to matter more than anything
/// else for large transfers on this kind of machine (about 2 GB/s with 4 KiB pages, 6.6 GB/s with huge
/// pages, for a 2-rank MPI_Allreduce).
final class RankBuffer {
    static let hugePage = 2 << 20

    let type: ElementType
    let count: Int
    let base: UnsafeMutableRawPointer

    init(type: ElementType, count: Int) {
        precondition(count >= 0, "a buffer cannot hold \(count) elements")
        self.type = type
        self.count = count
        let bytes = Swift.max(count * type.size, 1)
        let huge = bytes >= Self.hugePage
        base = .allocate(byteCount: bytes, alignment: huge ? Self.hugePage : 64)
        #if os(Linux)
        // Advice only: when the kernel has no huge pages to give, the buffer keeps small ones.
        if huge { _ = madvise(base, bytes, MADV_HUGEPAGE) }
        #endif
        base.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    }

    deinit { base.deallocate() }

    var byteCount: Int { count * type.size }

    /// The address of element `index` (which may equal `count`).
    func address(of index: Int) -> UnsafeMutableRawPointer { base + index * type.size }

    /// Element `index` as a `Double`: exact for every value of every type except large `float64`
    /// values, which verification never uses.
    func value(at index: Int) -> Double {
        let p = address(of: index)
        switch type {
        case .float32: return Double(p.load(as: Float.self))
        case .float64: return p.load(as: Double.self)
        case .int32: return Double(p.load(as: Int32.self))
        case .bfloat16: return Double(BFloat16.float(fromBits: p.load(as: UInt16.self)))
        }
    }

    /// Stores `value` (a small integer, exact in every type) at element `index`.
    func store(_ value: Int, at index: Int) {
        let p = address(of: index)
        switch type {
        case .float32: p.storeBytes(of: Float(value), as: Float.self)
        case .float64: p.storeBytes(of: Double(value), as: Double.self)
        case .int32: p.storeBytes(of: Int32(value), as: Int32.self)
        case .bfloat16: p.storeBytes(of: BFloat16.bits(from: Float(value)), as: UInt16.self)
        }
    }

    /// Copies `elements` of `source` to the same positions in this buffer.
    func copy(_ elements: Range<Int>, from source: RankBuffer) {
        precondition(source.type == type && elements.upperBound <= Swift.min(count, source.count),
                     "cannot copy elements \(elements) between buffers of \(source.count) and \(count)")
        address(of: elements.lowerBound).copyMemory(from: source.address(of: elements.lowerBound),
                                                    byteCount: elements.count * type.size)
    }
}
