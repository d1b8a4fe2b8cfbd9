#if MPI
import CMPIShim
import Collectives

/// The job's MPI_COMM_WORLD: the one thin wrapper through which every MPI call of wallsim goes.
///
/// Each call's error code becomes a typed `MPIError` (MPI's error handler is `MPI_ERRORS_RETURN`), so
/// failures are values rather than aborts. Start the job with `mpirun`; as root on a small machine:
/// `mpirun --allow-run-as-root --oversubscribe -np 4 <executable>`.
///
///     let world = try Communicator.world()
///     defer { try? Communicator.finalize() }
///     print(world.rank, world.size)
public struct Communicator: Sendable {
    /// This process's rank in the job.
    public let rank: Int
    /// The number of ranks in the job.
    public let size: Int
    /// The largest usable message tag (MPI_TAG_UB; the standard guarantees at least 32767).
    public let tagUpperBound: Int

    /// Initialises MPI once per process (MPI_Init) and returns the world communicator.
    public static func world() throws(MPIError) -> Communicator {
        var initialized: Int32 = 0
        try check(cmpi_initialized(&initialized), "MPI_Initialized")
        if initialized == 0 { try check(cmpi_init(), "MPI_Init") }
        var rank: Int32 = 0, size: Int32 = 0, tagBound: Int32 = 0
        try check(cmpi_rank(&rank), "MPI_Comm_rank")
        try check(cmpi_size(&size), "MPI_Comm_size")
        try check(cmpi_tag_upper_bound(&tagBound), "MPI_Comm_get_attr(MPI_TAG_UB)")
        return Communicator(rank: Int(rank), size: Int(size), tagUpperBound: Int(tagBound))
    }

    /// Shuts MPI down (MPI_Finalize); no MPI call may follow.
    public static func finalize() throws(MPIError) { try check(cmpi_finalize(), "MPI_Finalize") }

    /// Ends every rank of the job (MPI_Abort): the way out when peers may be blocked in a collective.
    public func abort(code: Int32) -> Never {
        cmpi_abort(code)
        fatalError("MPI_Abort returned")
    }

    /// Seconds since an arbitrary origin (MPI_Wtime); differences are meaningful within one rank.
    public static func wallTime() -> Double { cmpi_wtime() }

    /// The MPI library's version string (MPI_Get_library_version), e.g. "Open MPI v4.1.4, ...".
    public static func libraryVersion() throws(MPIError) -> String {
        var text = [CChar](repeating: 0, count: 512)
        try check(cmpi_library_version(&text, Int32(text.count)), "MPI_Get_library_version")
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The most elements (or bytes) the shim passes to one MPI call; larger buffers are split.
    public static var maximumCountPerCall: Int {
        get { Int(cmpi_max_count()) }
        set { cmpi_set_max_count(Int64(newValue)) }
    }

    public func barrier() throws(MPIError) { try Self.check(cmpi_barrier(), "MPI_Barrier") }

    // MARK: Collectives over raw buffers

    /// MPI_Allreduce of `count` elements from `send` into `receive`.
    public func allReduce(_ send: UnsafeRawPointer, into receive: UnsafeMutableRawPointer, count: Int,
                          type: MPIDatatype, op: ReductionOperator) throws(MPIError) {
        try Self.check(cmpi_allreduce(send, receive, Int64(count), type.shim, op.shim), "MPI_Allreduce")
    }

    /// The shim's bare C loop of MPI_Allreduce (`cmpi_allreduce_loop`): `warmup` untimed calls, a
    /// barrier, `iterations` timed ones; returns this rank's mean seconds per call.
    public func allReduceLoop(_ send: UnsafeRawPointer, into receive: UnsafeMutableRawPointer, count: Int, type: MPIDatatype,
                              op: ReductionOperator, warmup: Int, iterations: Int) throws(MPIError) -> Double {
        var seconds = 0.0
        try Self.check(cmpi_allreduce_loop(send, receive, Int64(count), type.shim, op.shim, Int32(warmup), Int32(iterations),
                                           &seconds), "MPI_Allreduce (C loop)")
        return seconds
    }

    /// MPI_Reduce of `count` elements to `root`'s `receive`.
    public func reduce(_ send: UnsafeRawPointer, into receive: UnsafeMutableRawPointer, count: Int,
                       type: MPIDatatype, op: ReductionOperator, root: Int) throws(MPIError) {
        try Self.check(cmpi_reduce(send, receive, Int64(count), type.shim, op.shim, Int32(root)), "MPI_Reduce")
    }

    /// MPI_Reduce_scatter_block: `send` holds `size x countPerRank` elements; this rank's block of the
    /// reduction lands in `receive`.
    public func reduceScatterBlock(_ send: UnsafeRawPointer, into receive: UnsafeMutableRawPointer, countPerRank: Int,
                                   type: MPIDatatype, op: ReductionOperator) throws(MPIError) {
        try Self.check(cmpi_reduce_scatter_block(send, receive, Int64(countPerRank), type.shim, op.shim),
                       "MPI_Reduce_scatter_block")
    }

    /// MPI_Allgather of `countPerRank` elements from every rank into `receive` (`size x countPerRank`).
    public func allGather(_ send: UnsafeRawPointer, countPerRank: Int, into receive: UnsafeMutableRawPointer,
                          type: MPIDatatype) throws(MPIError) {
        try Self.check(cmpi_allgather(send, Int64(countPerRank), receive, type.shim), "MPI_Allgather")
    }

    /// MPI_Bcast of `count` elements from `root`.
    public func broadcast(_ buffer: UnsafeMutableRawPointer, count: Int, type: MPIDatatype, root: Int) throws(MPIError) {
        try Self.check(cmpi_bcast(buffer, Int64(count), type.shim, Int32(root)), "MPI_Bcast")
    }

    /// MPI_Alltoall of `countPerRank` elements to and from every rank.
    public func allToAll(_ send: UnsafeRawPointer, countPerRank: Int, into receive: UnsafeMutableRawPointer,
                         type: MPIDatatype) throws(MPIError) {
        try Self.check(cmpi_alltoall(send, Int64(countPerRank), receive, type.shim), "MPI_Alltoall")
    }

    // MARK: Typed conveniences for small exchanges (outside any timing)

    /// Every rank's `value`, in rank order.
    public func allGather<T: BitwiseCopyable>(_ value: T) throws(MPIError) -> [T] {
        let mine = withUnsafeBytes(of: value) { Array($0) }
        let all = try allGatherBytes(mine)
        return (0..<size).map { r in all.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: r * mine.count, as: T.self) } }
    }

    /// Every rank's `bytes`, concatenated in rank order (MPI_Allgatherv after an MPI_Allgather of the lengths).
    public func allGatherBytes(_ bytes: [UInt8]) throws(MPIError) -> [UInt8] {
        var length = Int64(bytes.count)
        var lengths = [Int64](repeating: 0, count: size)
        try allGather(&length, countPerRank: 1, into: &lengths, type: .int64)
        let total = lengths.reduce(0, +)
        guard total <= Int64(Int32.max) else {
            throw MPIError.invalidCount("MPI_Allgatherv: \(total) bytes in total exceed the int counts of MPI")
        }
        let counts = lengths.map { Int32($0) }
        let displacements = counts.indices.map { r in counts[..<r].reduce(0, +) }
        var result = [UInt8](repeating: 0, count: Int(total))
        let code = bytes.withUnsafeBytes { send in
            result.withUnsafeMutableBytes { receive in
                cmpi_allgatherv_bytes(send.baseAddress, Int32(bytes.count), receive.baseAddress, counts, displacements)
            }
        }
        try Self.check(code, "MPI_Allgatherv")
        return result
    }

    /// The element-wise `op` of every rank's `values`.
    public func allReduce(_ values: [Int64], op: ReductionOperator) throws(MPIError) -> [Int64] {
        var result = [Int64](repeating: 0, count: values.count)
        try allReduce(values, into: &result, count: values.count, type: .int64, op: op)
        return result
    }

    // MARK: Point-to-point

    /// MPI_Isend of `bytes` bytes, split into messages the shim can count; returns how many requests
    /// were added to `requests`.
    func send(_ buffer: UnsafeRawPointer, bytes: Int, to destination: Int, tag: Int,
              into requests: RequestSet) throws(MPIError) -> Int {
        var added: Int32 = 0
        try Self.check(cmpi_isend(buffer, Int64(bytes), Int32(destination), Int32(tag), requests.handle, &added), "MPI_Isend")
        return Int(added)
    }

    /// MPI_Irecv of `bytes` bytes, split like `send`; returns how many requests were added.
    func receive(_ buffer: UnsafeMutableRawPointer, bytes: Int, from source: Int, tag: Int,
                 into requests: RequestSet) throws(MPIError) -> Int {
        var added: Int32 = 0
        try Self.check(cmpi_irecv(buffer, Int64(bytes), Int32(source), Int32(tag), requests.handle, &added), "MPI_Irecv")
        return Int(added)
    }

    /// MPI_Testsome: the positions of the requests that completed since the last call (possibly none).
    func completed(in requests: RequestSet) throws(MPIError) -> ArraySlice<Int32> {
        var count: Int32 = 0
        requests.reserveIndices()
        try Self.check(cmpi_testsome(requests.handle, &count, &requests.indices), "MPI_Testsome")
        return requests.indices[..<Int(count)]
    }

    /// MPI_Cancel and free every request still active, after a watchdog timeout.
    func cancelAll(_ requests: RequestSet) { cmpi_cancel_all(requests.handle) }

    /// Turns an MPI return code into an `MPIError` naming the call. Inlined, so that the success path
    /// costs one comparison at every call (the library's own loops are timed against this wrapper).
    @inline(__always)
    static func check(_ code: Int32, _ call: @autoclosure () -> String) throws(MPIError) {
        guard code != 0 else { return }
        throw error(code, call())
    }

    /// The `MPIError` for a failed call: the library's message and its error class.
    @inline(never)
    static func error(_ code: Int32, _ call: String) -> MPIError {
        var text = [CChar](repeating: 0, count: 512)
        _ = cmpi_error_string(code, &text, Int32(text.count))
        let message = call + ": " + String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch cmpi_error_class_of(code) {
        case CMPI_CLASS_BUFFER: return .invalidBuffer(message)
        case CMPI_CLASS_COUNT: return .invalidCount(message)
        case CMPI_CLASS_TYPE: return .invalidDatatype(message)
        case CMPI_CLASS_TAG: return .invalidTag(message)
        case CMPI_CLASS_COMM: return .invalidCommunicator(message)
        case CMPI_CLASS_RANK: return .invalidRank(message)
        case CMPI_CLASS_REQUEST: return .invalidRequest(message)
        case CMPI_CLASS_ROOT: return .invalidRoot(message)
        case CMPI_CLASS_OP: return .invalidOperation(message)
        case CMPI_CLASS_ARG: return .invalidArgument(message)
        case CMPI_CLASS_TRUNCATE: return .truncated(message)
        case CMPI_CLASS_INTERN: return .internalError(message)
        case CMPI_CLASS_IN_STATUS: return .failedInStatus(message)
        case CMPI_CLASS_PENDING: return .pending(message)
        case CMPI_CLASS_NO_MEM: return .outOfMemory(message)
        case CMPI_CLASS_UNKNOWN: return .unknown(message)
        default: return .other(message)
        }
    }
}

extension MPIDatatype {
    var shim: cmpi_datatype {
        switch self {
        case .float32: CMPI_FLOAT32
        case .float64: CMPI_FLOAT64
        case .int32: CMPI_INT32
        case .bfloat16: CMPI_BFLOAT16
        case .int64: CMPI_INT64
        case .byte: CMPI_BYTE
        }
    }
}

extension ReductionOperator {
    var shim: cmpi_op {
        switch self {
        case .sum: CMPI_SUM
        case .max: CMPI_MAX
        case .min: CMPI_MIN
        }
    }
}
#endif
