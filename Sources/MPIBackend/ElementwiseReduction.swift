import Collectives

/// Element-wise combination of received data into a buffer: `target[i] = target[i] op source[i]`.
///
/// The loops are written per element type so that the compiler specialises them; for float32 the
/// add is never the bottleneck next to the memory traffic around it (see REFERENCE.md, "Measuring MPI").
enum ElementwiseReduction {
    /// Combines `count` elements of `type` from `source` into `target`.
    /// - Complexity: O(count).
    static func apply(_ op: ReductionOperator, _ type: ElementType, from source: UnsafeRawPointer,
                      into target: UnsafeMutableRawPointer, count: Int) {
        switch type {
        case .float32: combine(Float.self, op, source, target, count, sum: +)
        case .float64: combine(Double.self, op, source, target, count, sum: +)
        case .int32: combine(Int32.self, op, source, target, count, sum: &+) // wraps, as MPI_SUM on int32 does
        case .bfloat16: combineBFloat16(op, source, target, count)
        }
    }

    @inline(__always)
    private static func combine<T: Comparable>(_: T.Type, _ op: ReductionOperator, _ source: UnsafeRawPointer,
                                               _ target: UnsafeMutableRawPointer, _ count: Int, sum: (T, T) -> T) {
        let a = source.assumingMemoryBound(to: T.self)
        let b = target.assumingMemoryBound(to: T.self)
        switch op {
        case .sum: for i in 0..<count { b[i] = sum(b[i], a[i]) }
        case .max: for i in 0..<count where a[i] > b[i] { b[i] = a[i] }
        case .min: for i in 0..<count where a[i] < b[i] { b[i] = a[i] }
        }
    }

    private static func combineBFloat16(_ op: ReductionOperator, _ source: UnsafeRawPointer,
                                        _ target: UnsafeMutableRawPointer, _ count: Int) {
        let a = source.assumingMemoryBound(to: UInt16.self)
        let b = target.assumingMemoryBound(to: UInt16.self)
        for i in 0..<count {
            let x = BFloat16.float(fromBits: a[i]), y = BFloat16.float(fromBits: b[i])
            switch op {
            case .sum: b[i] = BFloat16.bits(from: x + y)
            case .max: if x > y { b[i] = a[i] }
            case .min: if x < y { b[i] = a[i] }
            }
        }
    }
}
