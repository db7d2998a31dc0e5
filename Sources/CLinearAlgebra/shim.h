// The C interfaces to BLAS (CBLAS, from OpenBLAS) and LAPACK (LAPACKE).
#include <cblas.h>
#include <lapacke.h>
