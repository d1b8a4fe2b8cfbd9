// The minimal C timing loop of MPI_Allreduce that `wallsim bench` is compared against: the same
// buffers (2 MiB-aligned and advised onto transparent huge pages from 2 MiB up, as wallsim's
// RankBuffer does), the same warm-up, barrier and back-to-back timed calls, and nothing else.
//
//   mpicc -O2 -o allreduce_loop allreduce_loop.c
//   mpirun -np 2 ./allreduce_loop [-b BYTES] [-e BYTES] [-f FACTOR] [-w WARMUP] [-n ITERATIONS]
//
// Prints per size: bytes, the mean time per call in microseconds averaged over ranks (nccl-tests'
// figure, wallsim bench's default statistic), and the bus bandwidth 2(p-1)/p x bytes / time.
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void *buffer(size_t bytes) {
    size_t huge = 2u << 20;
    void *p = NULL;
    if (posix_memalign(&p, bytes >= huge ? huge : 64, bytes ? bytes : 1) != 0) return NULL;
    if (bytes >= huge) madvise(p, bytes, MADV_HUGEPAGE);
    memset(p, 0, bytes);
    return p;
}

int main(int argc, char **argv) {
    long long minimum = 8, maximum = 64ll << 20;
    int factor = 2, warmup = 5, iterations = 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "-b")) minimum = atoll(argv[i + 1]);
        else if (!strcmp(argv[i], "-e")) maximum = atoll(argv[i + 1]);
        else if (!strcmp(argv[i], "-f")) factor = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-w")) warmup = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-n")) iterations = atoi(argv[i + 1]);
        else { fprintf(stderr, "usage: %s [-b B] [-e B] [-f F] [-w W] [-n N]\n", argv[0]); return 64; }
    }
    MPI_Init(&argc, &argv);
    int rank, ranks;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    if (rank == 0) printf("# size(B) time(us) busbw(GB/s)   MPI_Allreduce float32 sum, %d ranks, -w %d -n %d\n",
                          ranks, warmup, iterations);
    for (long long bytes = minimum; bytes <= maximum; bytes *= factor) {
        int count = (int)(bytes / 4);
        float *send = buffer((size_t)count * 4), *receive = buffer((size_t)count * 4);
        for (int i = 0; i < count; i++) send[i] = (float)((3 * rank + 5 * i) % 7 - 3);
        for (int i = 0; i < warmup; i++) MPI_Allreduce(send, receive, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
        MPI_Barrier(MPI_COMM_WORLD);
        double start = MPI_Wtime();
        for (int i = 0; i < iterations; i++) MPI_Allreduce(send, receive, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
        double mine = (MPI_Wtime() - start) / iterations, sum = 0;
        MPI_Reduce(&mine, &sum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        double seconds = sum / ranks;
        if (rank == 0)
            printf("%lld %.2f %.2f\n", bytes, seconds * 1e6, 2.0 * (ranks - 1) / ranks * (double)bytes / seconds / 1e9);
        free(send);
        free(receive);
    }
    MPI_Finalize();
    return 0;
}
