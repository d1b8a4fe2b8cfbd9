/// One buffer of `count` elements of one type, in page-aligned memory that this object owns.
///
/// Page alignment lets large buffers be backed by transparent huge pages, which REFERENCE.md measured
/// to matter more than anything else for large transfers on this kind of machine.
final class RankBuffer {
    let type: ElementType
    let count: Int
    let base: UnsafeMutableRawPointer

    init(type: ElementType, count: Int) {
        precondition(count >= 0, "a buffer cannot hold \(count) elements")
        self.type = type
        self.count = count
        base = .allocate(byteCount: Swift.max(count * type.size, 1), alignment: 4096)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: Swift.max(count * type.size, 1))
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
