/// An error returned by an MPI call, by MPI error class, with the library's own message.
///
/// MPI's error handler is set to `MPI_ERRORS_RETURN`, so failures come back as codes that
/// `Communicator` turns into these cases instead of aborting the job.
public enum MPIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An invalid buffer pointer; the corresponding MPI error class is `MPI_ERR_BUFFER`.
    case invalidBuffer(String)
    /// An invalid element count; the corresponding MPI error class is `MPI_ERR_COUNT`.
    case invalidCount(String)
    /// An invalid datatype; the corresponding MPI error class is `MPI_ERR_TYPE`.
    case invalidDatatype(String)
    /// An invalid tag; the corresponding MPI error class is `MPI_ERR_TAG`.
    case invalidTag(String)
    /// An invalid communicator; the corresponding MPI error class is `MPI_ERR_COMM`.
    case invalidCommunicator(String)
    /// An invalid source or destination rank; the corresponding MPI error class is `MPI_ERR_RANK`.
    case invalidRank(String)
    /// An invalid request handle; the corresponding MPI error class is `MPI_ERR_REQUEST`.
    case invalidRequest(String)
    /// An invalid root rank; the corresponding MPI error class is `MPI_ERR_ROOT`.
    case invalidRoot(String)
    /// An invalid reduction operator; the corresponding MPI error class is `MPI_ERR_OP`.
    case invalidOperation(String)
    /// Some other invalid argument; the corresponding MPI error class is `MPI_ERR_ARG`.
    case invalidArgument(String)
    /// A message longer than its receive buffer; the corresponding MPI error class is `MPI_ERR_TRUNCATE`.
    case truncated(String)
    /// A fault inside the MPI library; the corresponding MPI error class is `MPI_ERR_INTERN`.
    case internalError(String)
    /// A request in a multi-request call failed; the corresponding MPI error class is `MPI_ERR_IN_STATUS`.
    case failedInStatus(String)
    /// A request in a multi-request call is still pending; the corresponding MPI error class is `MPI_ERR_PENDING`.
    case pending(String)
    /// MPI (or the shim) ran out of memory; the corresponding MPI error class is `MPI_ERR_NO_MEM`.
    case outOfMemory(String)
    /// An error MPI could not classify; the corresponding MPI error class is `MPI_ERR_UNKNOWN`.
    case unknown(String)
    /// Any other failure, such as a lost peer; the corresponding MPI error class is `MPI_ERR_OTHER` or a class not listed here.
    case other(String)

    /// The message MPI gave for the failing code (`MPI_Error_string`).
    public var message: String {
        switch self {
        case .invalidBuffer(let m), .invalidCount(let m), .invalidDatatype(let m), .invalidTag(let m),
             .invalidCommunicator(let m), .invalidRank(let m), .invalidRequest(let m), .invalidRoot(let m),
             .invalidOperation(let m), .invalidArgument(let m), .truncated(let m), .internalError(let m),
             .failedInStatus(let m), .pending(let m), .outOfMemory(let m), .unknown(let m), .other(let m):
            m
        }
    }

    public var description: String { "MPI error: \(message)" }
}
