/// The datatypes `Communicator` passes to MPI: the buffer element types plus the 64-bit integers and
/// bytes of its own bookkeeping.
///
/// `bfloat16` travels as MPI_UINT16_T and is reduced by user-defined MPI operators in the shim.
public enum MPIDatatype: Hashable, Sendable {
    case float32, float64, int32, bfloat16, int64, byte
}

extension ElementType {
    /// The MPI datatype that carries this element type.
    public var datatype: MPIDatatype {
        switch self {
        case .float32: .float32
        case .float64: .float64
        case .int32: .int32
        case .bfloat16: .bfloat16
        }
    }
}
