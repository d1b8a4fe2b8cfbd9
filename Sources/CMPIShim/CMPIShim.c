// The only C in wallsim: CMPIShim.h over <mpi.h>. Compiled to nothing unless the package trait MPI is
// enabled (Package.swift defines WALLSIM_MPI then), so builds without OpenMPI never see <mpi.h>.
#include "CMPIShim.h"

#ifdef WALLSIM_MPI

#include <mpi.h> // through the CMPI system library target (pkg-config ompi-c)
#include <limits.h>
#include <stdlib.h>
#include <string.h>

// MARK: Datatypes and operators

static MPI_Op bfloat16_ops[3] = {MPI_OP_NULL, MPI_OP_NULL, MPI_OP_NULL};
static int64_t max_count = INT_MAX;

static MPI_Datatype mpi_type(cmpi_datatype type) {
    switch (type) {
    case CMPI_FLOAT32: return MPI_FLOAT;
    case CMPI_FLOAT64: return MPI_DOUBLE;
    case CMPI_INT32: return MPI_INT32_T;
    case CMPI_BFLOAT16: return MPI_UINT16_T;
    case CMPI_INT64: return MPI_INT64_T;
    case CMPI_BYTE: return MPI_BYTE;
    }
    return MPI_DATATYPE_NULL;
}

static size_t type_size(cmpi_datatype type) {
    switch (type) {
    case CMPI_FLOAT32: return 4;
    case CMPI_FLOAT64: return 8;
    case CMPI_INT32: return 4;
    case CMPI_BFLOAT16: return 2;
    case CMPI_INT64: return 8;
    case CMPI_BYTE: return 1;
    }
    return 1;
}

static MPI_Op mpi_op(cmpi_op op, cmpi_datatype type) {
    if (type == CMPI_BFLOAT16) return bfloat16_ops[op];
    switch (op) {
    case CMPI_SUM: return MPI_SUM;
    case CMPI_MAX: return MPI_MAX;
    case CMPI_MIN: return MPI_MIN;
    }
    return MPI_OP_NULL;
}

// bfloat16 is the upper half of an IEEE binary32; rounding back is to nearest, ties to even, as in
// Google's TensorFlow bfloat16 and the Intel BF16 specification (document 338302).
static float float_from_bfloat16(uint16_t bits) {
    uint32_t wide = (uint32_t)bits << 16;
    float value;
    memcpy(&value, &wide, sizeof value);
    return value;
}

static uint16_t bfloat16_from_float(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    if ((bits & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((bits >> 16) | 0x0040u); // quiet NaN
    uint32_t rounding = 0x7fffu + ((bits >> 16) & 1u);
    return (uint16_t)((bits + rounding) >> 16);
}

static void bfloat16_sum(void *in, void *inout, int *length, MPI_Datatype *type) {
    (void)type;
    const uint16_t *a = in;
    uint16_t *b = inout;
    for (int i = 0; i < *length; i++) b[i] = bfloat16_from_float(float_from_bfloat16(a[i]) + float_from_bfloat16(b[i]));
}

static void bfloat16_max(void *in, void *inout, int *length, MPI_Datatype *type) {
    (void)type;
    const uint16_t *a = in;
    uint16_t *b = inout;
    for (int i = 0; i < *length; i++) if (float_from_bfloat16(a[i]) > float_from_bfloat16(b[i])) b[i] = a[i];
}

static void bfloat16_min(void *in, void *inout, int *length, MPI_Datatype *type) {
    (void)type;
    const uint16_t *a = in;
    uint16_t *b = inout;
    for (int i = 0; i < *length; i++) if (float_from_bfloat16(a[i]) < float_from_bfloat16(b[i])) b[i] = a[i];
}

// MARK: Lifetime, identity, diagnostics

int cmpi_init(void) {
    int code = MPI_Init(NULL, NULL);
    if (code != MPI_SUCCESS) return code;
    code = MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    if (code != MPI_SUCCESS) return code;
    if ((code = MPI_Op_create(bfloat16_sum, 1, &bfloat16_ops[CMPI_SUM])) != MPI_SUCCESS) return code;
    if ((code = MPI_Op_create(bfloat16_max, 1, &bfloat16_ops[CMPI_MAX])) != MPI_SUCCESS) return code;
    return MPI_Op_create(bfloat16_min, 1, &bfloat16_ops[CMPI_MIN]);
}

int cmpi_finalize(void) {
    for (int i = 0; i < 3; i++) if (bfloat16_ops[i] != MPI_OP_NULL) MPI_Op_free(&bfloat16_ops[i]);
    return MPI_Finalize();
}

int cmpi_initialized(int *flag) { return MPI_Initialized(flag); }
int cmpi_rank(int *rank) { return MPI_Comm_rank(MPI_COMM_WORLD, rank); }
int cmpi_size(int *size) { return MPI_Comm_size(MPI_COMM_WORLD, size); }
void cmpi_abort(int errorcode) { MPI_Abort(MPI_COMM_WORLD, errorcode); abort(); }
double cmpi_wtime(void) { return MPI_Wtime(); }

int cmpi_tag_upper_bound(int *bound) {
    int *value = NULL, found = 0;
    int code = MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &value, &found);
    *bound = (code == MPI_SUCCESS && found && value) ? *value : 32767;
    return code;
}

int cmpi_library_version(char *buffer, int capacity) {
    char text[MPI_MAX_LIBRARY_VERSION_STRING];
    int length = 0;
    int code = MPI_Get_library_version(text, &length);
    if (capacity > 0) {
        int n = code == MPI_SUCCESS ? (length < capacity - 1 ? length : capacity - 1) : 0;
        memcpy(buffer, text, (size_t)n);
        buffer[n] = 0;
    }
    return code;
}

int cmpi_error_string(int code, char *buffer, int capacity) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    int result = MPI_Error_string(code, text, &length);
    if (capacity > 0) {
        int n = result == MPI_SUCCESS ? (length < capacity - 1 ? length : capacity - 1) : 0;
        memcpy(buffer, text, (size_t)n);
        buffer[n] = 0;
    }
    return result;
}

cmpi_error_class cmpi_error_class_of(int code) {
    int class = MPI_ERR_UNKNOWN;
    if (code == MPI_SUCCESS) return CMPI_CLASS_SUCCESS;
    if (MPI_Error_class(code, &class) != MPI_SUCCESS) return CMPI_CLASS_UNKNOWN;
    switch (class) {
    case MPI_ERR_BUFFER: return CMPI_CLASS_BUFFER;
    case MPI_ERR_COUNT: return CMPI_CLASS_COUNT;
    case MPI_ERR_TYPE: return CMPI_CLASS_TYPE;
    case MPI_ERR_TAG: return CMPI_CLASS_TAG;
    case MPI_ERR_COMM: return CMPI_CLASS_COMM;
    case MPI_ERR_RANK: return CMPI_CLASS_RANK;
    case MPI_ERR_REQUEST: return CMPI_CLASS_REQUEST;
    case MPI_ERR_ROOT: return CMPI_CLASS_ROOT;
    case MPI_ERR_OP: return CMPI_CLASS_OP;
    case MPI_ERR_ARG: return CMPI_CLASS_ARG;
    case MPI_ERR_TRUNCATE: return CMPI_CLASS_TRUNCATE;
    case MPI_ERR_INTERN: return CMPI_CLASS_INTERN;
    case MPI_ERR_IN_STATUS: return CMPI_CLASS_IN_STATUS;
    case MPI_ERR_PENDING: return CMPI_CLASS_PENDING;
    case MPI_ERR_NO_MEM: return CMPI_CLASS_NO_MEM;
    case MPI_ERR_UNKNOWN: return CMPI_CLASS_UNKNOWN;
    default: return CMPI_CLASS_OTHER;
    }
}

int64_t cmpi_max_count(void) { return max_count; }
void cmpi_set_max_count(int64_t count) { if (count >= 1) max_count = count < INT_MAX ? count : INT_MAX; }

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

// MARK: Request sets

struct cmpi_requests {
    MPI_Request *requests;
    int count;
    int capacity;
};

cmpi_requests *cmpi_requests_create(void) { return calloc(1, sizeof(cmpi_requests)); }

void cmpi_requests_destroy(cmpi_requests *set) {
    if (!set) return;
    free(set->requests);
    free(set);
}

int cmpi_requests_count(const cmpi_requests *set) { return set->count; }
void cmpi_requests_clear(cmpi_requests *set) { set->count = 0; }

static MPI_Request *next_request(cmpi_requests *set) {
    if (set->count == set->capacity) {
        int capacity = set->capacity ? set->capacity * 2 : 64;
        MPI_Request *grown = realloc(set->requests, (size_t)capacity * sizeof(MPI_Request));
        if (!grown) return NULL;
        set->requests = grown;
        set->capacity = capacity;
    }
    return &set->requests[set->count++];
}

int cmpi_isend(const void *buffer, int64_t bytes, int destination, int tag, cmpi_requests *set, int *added) {
    *added = 0;
    int64_t offset = 0;
    do { // a zero-byte transfer is still one message, so that both sides agree on the count
        int64_t length = min64(max_count, bytes - offset);
        MPI_Request *request = next_request(set);
        if (!request) return MPI_ERR_NO_MEM;
        int code = MPI_Isend((const char *)buffer + offset, (int)length, MPI_BYTE, destination, tag, MPI_COMM_WORLD, request);
        if (code != MPI_SUCCESS) { set->count--; return code; }
        *added += 1;
        offset += length;
    } while (offset < bytes);
    return MPI_SUCCESS;
}

int cmpi_irecv(void *buffer, int64_t bytes, int source, int tag, cmpi_requests *set, int *added) {
    *added = 0;
    int64_t offset = 0;
    do {
        int64_t length = min64(max_count, bytes - offset);
        MPI_Request *request = next_request(set);
        if (!request) return MPI_ERR_NO_MEM;
        int code = MPI_Irecv((char *)buffer + offset, (int)length, MPI_BYTE, source, tag, MPI_COMM_WORLD, request);
        if (code != MPI_SUCCESS) { set->count--; return code; }
        *added += 1;
        offset += length;
    } while (offset < bytes);
    return MPI_SUCCESS;
}

int cmpi_testsome(cmpi_requests *set, int *completed, int *indices) {
    int outcount = 0;
    int code = MPI_Testsome(set->count, set->requests, &outcount, indices, MPI_STATUSES_IGNORE);
    *completed = outcount == MPI_UNDEFINED ? 0 : outcount;
    return code;
}

void cmpi_cancel_all(cmpi_requests *set) {
    for (int i = 0; i < set->count; i++) {
        if (set->requests[i] == MPI_REQUEST_NULL) continue;
        MPI_Cancel(&set->requests[i]);
        MPI_Request_free(&set->requests[i]);
    }
    set->count = 0;
}

// MARK: Collectives

int cmpi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }

// More than INT_MAX elements: one MPI_Allreduce per int-sized piece (kept out of line, so that the
// common case below is a bare tail call; benchmarks time that wrapper against a C loop).
__attribute__((noinline))
static int allreduce_in_pieces(const void *send, void *receive, int64_t count, cmpi_datatype type, cmpi_op op) {
    size_t size = type_size(type);
    for (int64_t offset = 0; offset < count; offset += max_count) {
        int length = (int)min64(max_count, count - offset);
        int code = MPI_Allreduce((const char *)send + offset * size, (char *)receive + offset * size, length,
                                 mpi_type(type), mpi_op(op, type), MPI_COMM_WORLD);
        if (code != MPI_SUCCESS) return code;
    }
    return MPI_SUCCESS;
}

int cmpi_allreduce(const void *send, void *receive, int64_t count, cmpi_datatype type, cmpi_op op) {
    if (count > max_count) return allreduce_in_pieces(send, receive, count, type, op);
    return MPI_Allreduce(send, receive, (int)count, mpi_type(type), mpi_op(op, type), MPI_COMM_WORLD);
}

int cmpi_allreduce_loop(const void *send, void *receive, int64_t count, cmpi_datatype type, cmpi_op op, int warmup,
                        int iterations, double *seconds) {
    if (count > max_count || iterations < 1) return MPI_ERR_COUNT;
    MPI_Datatype datatype = mpi_type(type);
    MPI_Op operation = mpi_op(op, type);
    for (int i = 0; i < warmup; i++) {
        int code = MPI_Allreduce(send, receive, (int)count, datatype, operation, MPI_COMM_WORLD);
        if (code != MPI_SUCCESS) return code;
    }
    int code = MPI_Barrier(MPI_COMM_WORLD);
    if (code != MPI_SUCCESS) return code;
    double start = MPI_Wtime();
    for (int i = 0; i < iterations; i++) {
        code = MPI_Allreduce(send, receive, (int)count, datatype, operation, MPI_COMM_WORLD);
        if (code != MPI_SUCCESS) return code;
    }
    *seconds = (MPI_Wtime() - start) / iterations;
    return MPI_SUCCESS;
}

int cmpi_reduce(const void *send, void *receive, int64_t count, cmpi_datatype type, cmpi_op op, int root) {
    size_t size = type_size(type);
    for (int64_t offset = 0; offset < count; offset += max_count) {
        int length = (int)min64(max_count, count - offset);
        int code = MPI_Reduce((const char *)send + offset * size, (char *)receive + offset * size, length,
                              mpi_type(type), mpi_op(op, type), root, MPI_COMM_WORLD);
        if (code != MPI_SUCCESS) return code;
    }
    return MPI_SUCCESS;
}

int cmpi_bcast(void *buffer, int64_t count, cmpi_datatype type, int root) {
    size_t size = type_size(type);
    for (int64_t offset = 0; offset < count; offset += max_count) {
        int length = (int)min64(max_count, count - offset);
        int code = MPI_Bcast((char *)buffer + offset * size, length, mpi_type(type), root, MPI_COMM_WORLD);
        if (code != MPI_SUCCESS) return code;
    }
    return MPI_SUCCESS;
}

// The rank-segmented collectives take one count per rank, so a chunk of every segment has to be packed
// next to the same chunk of the others before each call, and unpacked after it. Only buffers of more
// than max_count elements per rank pay for the copies.
static void gather_chunks(char *packed, const char *segmented, int ranks, int64_t segment, int64_t offset,
                          int64_t length, size_t size) {
    for (int r = 0; r < ranks; r++)
        memcpy(packed + (size_t)(r * length) * size, segmented + (size_t)(r * segment + offset) * size, (size_t)length * size);
}

static void scatter_chunks(char *segmented, const char *packed, int ranks, int64_t segment, int64_t offset,
                           int64_t length, size_t size) {
    for (int r = 0; r < ranks; r++)
        memcpy(segmented + (size_t)(r * segment + offset) * size, packed + (size_t)(r * length) * size, (size_t)length * size);
}

int cmpi_reduce_scatter_block(const void *send, void *receive, int64_t receive_count, cmpi_datatype type, cmpi_op op) {
    size_t size = type_size(type);
    if (receive_count <= max_count)
        return MPI_Reduce_scatter_block(send, receive, (int)receive_count, mpi_type(type), mpi_op(op, type), MPI_COMM_WORLD);
    int ranks = 0, code = MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    if (code != MPI_SUCCESS) return code;
    char *packed = malloc((size_t)(ranks * max_count) * size);
    if (!packed) return MPI_ERR_NO_MEM;
    for (int64_t offset = 0; offset < receive_count && code == MPI_SUCCESS; offset += max_count) {
        int64_t length = min64(max_count, receive_count - offset);
        gather_chunks(packed, send, ranks, receive_count, offset, length, size);
        code = MPI_Reduce_scatter_block(packed, (char *)receive + offset * size, (int)length, mpi_type(type),
                                        mpi_op(op, type), MPI_COMM_WORLD);
    }
    free(packed);
    return code;
}

int cmpi_allgather(const void *send, int64_t send_count, void *receive, cmpi_datatype type) {
    size_t size = type_size(type);
    if (send_count <= max_count)
        return MPI_Allgather(send, (int)send_count, mpi_type(type), receive, (int)send_count, mpi_type(type), MPI_COMM_WORLD);
    int ranks = 0, code = MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    if (code != MPI_SUCCESS) return code;
    char *packed = malloc((size_t)(ranks * max_count) * size);
    if (!packed) return MPI_ERR_NO_MEM;
    for (int64_t offset = 0; offset < send_count && code == MPI_SUCCESS; offset += max_count) {
        int64_t length = min64(max_count, send_count - offset);
        code = MPI_Allgather((const char *)send + offset * size, (int)length, mpi_type(type), packed, (int)length,
                             mpi_type(type), MPI_COMM_WORLD);
        if (code == MPI_SUCCESS) scatter_chunks(receive, packed, ranks, send_count, offset, length, size);
    }
    free(packed);
    return code;
}

int cmpi_alltoall(const void *send, int64_t count_per_rank, void *receive, cmpi_datatype type) {
    size_t size = type_size(type);
    if (count_per_rank <= max_count)
        return MPI_Alltoall(send, (int)count_per_rank, mpi_type(type), receive, (int)count_per_rank, mpi_type(type), MPI_COMM_WORLD);
    int ranks = 0, code = MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    if (code != MPI_SUCCESS) return code;
    char *packed_send = malloc((size_t)(ranks * max_count) * size);
    char *packed_receive = malloc((size_t)(ranks * max_count) * size);
    if (!packed_send || !packed_receive) { free(packed_send); free(packed_receive); return MPI_ERR_NO_MEM; }
    for (int64_t offset = 0; offset < count_per_rank && code == MPI_SUCCESS; offset += max_count) {
        int64_t length = min64(max_count, count_per_rank - offset);
        gather_chunks(packed_send, send, ranks, count_per_rank, offset, length, size);
        code = MPI_Alltoall(packed_send, (int)length, mpi_type(type), packed_receive, (int)length, mpi_type(type), MPI_COMM_WORLD);
        if (code == MPI_SUCCESS) scatter_chunks(receive, packed_receive, ranks, count_per_rank, offset, length, size);
    }
    free(packed_send);
    free(packed_receive);
    return code;
}

int cmpi_allgatherv_bytes(const void *send, int send_bytes, void *receive, const int *receive_counts,
                          const int *displacements) {
    return MPI_Allgatherv(send, send_bytes, MPI_BYTE, receive, receive_counts, displacements, MPI_BYTE, MPI_COMM_WORLD);
}

#endif
