// The system MPI library (OpenMPI's libmpi, found through pkg-config `ompi-c`). Only CMPIShim includes it.
#include <mpi.h>
