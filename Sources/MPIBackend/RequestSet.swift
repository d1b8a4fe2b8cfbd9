#if MPI
import CMPIShim

/// The MPI requests of one step, owned by the shim (MPI_Request is an implementation type that
/// Swift never sees).
final class RequestSet {
    let handle: OpaquePointer
    /// Scratch for MPI_Testsome's completed positions; as long as the set.
    var indices: [Int32] = []

    init() throws(MPIError) {
        guard let handle = cmpi_requests_create() else { throw .outOfMemory("cannot allocate a request set") }
        self.handle = handle
    }

    deinit { cmpi_requests_destroy(handle) }

    var count: Int { Int(cmpi_requests_count(handle)) }

    /// Forgets the requests of the previous step; all of them must have completed.
    func clear() { cmpi_requests_clear(handle) }

    /// Makes `indices` long enough for every request in the set.
    func reserveIndices() {
        if indices.count < count { indices = [Int32](repeating: 0, count: Swift.max(count, 2 * indices.count)) }
    }
}
#endif
