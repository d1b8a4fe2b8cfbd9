// CMPIShim: plain C functions over MPI_COMM_WORLD for Swift.
//
// OpenMPI spells MPI_COMM_WORLD, MPI_FLOAT and MPI_IN_PLACE as macros over internal symbols that Swift
// cannot import, and MPI counts are `int`. This header therefore never includes <mpi.h>: datatypes and
// operators are small enums, requests live in an opaque set, counts are 64-bit and split by the shim
// into messages of at most `cmpi_max_count()` elements. Every function returns an MPI error code
// (0 on success) unless it says otherwise; MPI's error handler is MPI_ERRORS_RETURN.
#ifndef CMPISHIM_H
#define CMPISHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The element types the shim can move and reduce. BFLOAT16 is stored as uint16_t and reduced by a
/// user-defined MPI operator (MPI has no bfloat16 datatype).
typedef enum {
    CMPI_FLOAT32 = 0,
    CMPI_FLOAT64 = 1,
    CMPI_INT32 = 2,
    CMPI_BFLOAT16 = 3,
    CMPI_INT64 = 4,
    CMPI_BYTE = 5,
} cmpi_datatype;

/// The reduction operators.
typedef enum {
    CMPI_SUM = 0,
    CMPI_MAX = 1,
    CMPI_MIN = 2,
} cmpi_op;

/// MPI error classes the shim distinguishes; anything else is CMPI_CLASS_OTHER.
typedef enum {
    CMPI_CLASS_SUCCESS = 0,
    CMPI_CLASS_BUFFER,
    CMPI_CLASS_COUNT,
    CMPI_CLASS_TYPE,
    CMPI_CLASS_TAG,
    CMPI_CLASS_COMM,
    CMPI_CLASS_RANK,
    CMPI_CLASS_REQUEST,
    CMPI_CLASS_ROOT,
    CMPI_CLASS_OP,
    CMPI_CLASS_ARG,
    CMPI_CLASS_TRUNCATE,
    CMPI_CLASS_INTERN,
    CMPI_CLASS_IN_STATUS,
    CMPI_CLASS_PENDING,
    CMPI_CLASS_NO_MEM,
    CMPI_CLASS_UNKNOWN,
    CMPI_CLASS_OTHER,
} cmpi_error_class;

// Lifetime and identity.
int cmpi_init(void);                 // MPI_Init, MPI_ERRORS_RETURN on MPI_COMM_WORLD, bfloat16 operators
int cmpi_finalize(void);
int cmpi_initialized(int *flag);
int cmpi_rank(int *rank);
int cmpi_size(int *size);
void cmpi_abort(int errorcode);      // MPI_Abort on MPI_COMM_WORLD; does not return
double cmpi_wtime(void);
int cmpi_tag_upper_bound(int *bound); // MPI_TAG_UB (at least 32767 by the standard)

// Diagnostics.
int cmpi_library_version(char *buffer, int capacity); // MPI_Get_library_version, NUL-terminated
int cmpi_error_string(int code, char *buffer, int capacity);
cmpi_error_class cmpi_error_class_of(int code);

/// The most elements (or bytes) the shim puts in one MPI call; INT_MAX unless lowered for tests, so
/// that the splitting of large buffers can be exercised with small ones. Values < 1 are ignored.
int64_t cmpi_max_count(void);
void cmpi_set_max_count(int64_t count);

// Point-to-point, non-blocking. A request set owns the MPI_Request values of one step.
typedef struct cmpi_requests cmpi_requests;
cmpi_requests *cmpi_requests_create(void);  // NULL when out of memory
void cmpi_requests_destroy(cmpi_requests *set);
int cmpi_requests_count(const cmpi_requests *set);
void cmpi_requests_clear(cmpi_requests *set); // forgets completed requests

/// MPI_Isend of `bytes` bytes as MPI_BYTE, split into ceil(bytes / max_count) messages with the same
/// tag (MPI's non-overtaking rule keeps them in order). `*added` receives the number of requests.
int cmpi_isend(const void *buffer, int64_t bytes, int destination, int tag, cmpi_requests *set, int *added);
int cmpi_irecv(void *buffer, int64_t bytes, int source, int tag, cmpi_requests *set, int *added);

/// MPI_Testsome over the set: `*completed` receives how many requests finished since the last call
/// (MPI_UNDEFINED is reported as 0) and `indices` their positions; `indices` must hold count entries.
int cmpi_testsome(cmpi_requests *set, int *completed, int *indices);

/// MPI_Cancel on every request still active, then frees them; used after a watchdog timeout.
void cmpi_cancel_all(cmpi_requests *set);

// Collectives on MPI_COMM_WORLD.
int cmpi_barrier(void);
int cmpi_allreduce(const void *send, void *receive, int64_t count, cmpi_datatype type, cmpi_op op);
/// The minimal C timing loop that `wallsim bench` measures its own harness against: `warmup` calls of
/// MPI_Allreduce, a barrier, then `iterations` back-to-back calls timed by MPI_Wtime; `*seconds` gets
/// the mean per call. `count` must fit in an int (no splitting, nothing but the library call).
int cmpi_allreduce_loop(const void *send, void *receive, int64_t count, cmpi_datatype type, cmpi_op op, int warmup,
                        int iterations, double *seconds);
int cmpi_reduce(const void *send, void *receive, int64_t count, cmpi_datatype type, cmpi_op op, int root);
/// `receive_count` elements per rank; `send` holds size x receive_count.
int cmpi_reduce_scatter_block(const void *send, void *receive, int64_t receive_count, cmpi_datatype type, cmpi_op op);
/// `send_count` elements per rank; `receive` holds size x send_count.
int cmpi_allgather(const void *send, int64_t send_count, void *receive, cmpi_datatype type);
int cmpi_bcast(void *buffer, int64_t count, cmpi_datatype type, int root);
/// `count_per_rank` elements to and from each rank.
int cmpi_alltoall(const void *send, int64_t count_per_rank, void *receive, cmpi_datatype type);
/// MPI_Allgatherv of bytes: rank r contributes receive_counts[r] bytes, placed at displacements[r].
int cmpi_allgatherv_bytes(const void *send, int send_bytes, void *receive, const int *receive_counts,
                          const int *displacements);

#ifdef __cplusplus
}
#endif

#endif
