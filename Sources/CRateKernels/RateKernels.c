// Why these kernels are C: Swift compiles for baseline x86-64 (SSE2, no FMA)
// and has no per-function target attribute, so a Swift loop can use two lanes
// at most, while a single JAX step runs in AVX-512. C's target attribute builds
// the same source for AVX-512, for AVX2 + FMA and for plain C in one binary,
// and cpuid picks one at run time: no unsafe build flags, and a machine
// without AVX-512 still runs the AVX2 code.
//
// What they buy (BPTT of the rate network, T = 1000): at n <= 64 a step is a
// few hundred flops, where a BLAS call costs more than its arithmetic; at
// n >= 256 the two products a step are bound by reading W, and one copy of W
// read in column order (forward W phi and backward W^T a alike) keeps the
// working set at one matrix.
#include "RateKernels.h"

#pragma clang fp contract(off)   // every fused multiply-add below is written out
// The vector helpers are static and always inlined, so no vector crosses a
// call boundary and the AVX calling-convention warning does not apply.
#pragma clang diagnostic ignored "-Wpsabi"

typedef double v8d __attribute__((vector_size(64), aligned(8)));
typedef unsigned long long v8u __attribute__((vector_size(64), aligned(8)));

#define ALWAYS_INLINE inline __attribute__((always_inline))

/// phi'(r) from phi = phi(r), one component (the vector form is `slope8`).
static inline double slope1(double phi, int activation) {
    switch (activation) {
    case RL_TANH: return 1 - phi * phi;
    case RL_LOGISTIC: return phi * (1 - phi);
    default: return phi > 0 ? 1 : 0;
    }
}

// None of these per-level constants changes the order of any sum, only the
// blocking, so every level still computes the same bits.
// ROW_VECTORS: how many vectors of eight rows `product` keeps in registers,
// enough independent fused multiply-adds to hide their latency, and no more
// than the register file holds (32 ZMM registers; 16 YMM, two per vector).
// ROW_SWEEP_FROM: the n from which `product` sums the same chains column by
// column instead (`sweepColumns`, W read in storage order): with AVX2's row
// blocks of 24 rows each column is three cache lines 8n bytes apart, and the
// sweep reads W of n = 256 faster (`product` alone 15 % on an AMD EPYC Zen 3;
// BPTT 6 % on a Zen 2); the AVX-512 blocks of 64 rows keep the row form up to
// COLUMN_SWEEP_SIZE (not measured against the sweep: no AVX-512 machine). From
// COLUMN_SWEEP_SIZE on, `product` sums in PANELS panels of columns (the
// header's sums, the same at every level).
// COLUMN_BLOCK: how many columns of W `vjp` dots with v at once, each an
// accumulator vector: 8 (8 of 32 ZMM), 4 (8 of 16 YMM), 2 (8 of 16 XMM). Eight
// AVX2 accumulators of two YMM each left no register for v and spilled, which
// made the transposed product a third slower (Zen 3). `matrixProduct` keeps
// TILE_ACCUMULATORS vectors in registers, TILE_VECTORS x 8 rows by the rest in
// columns: 4 x 6 of the 32 ZMM registers as in a dgemm micro-kernel (2 x 12,
// 1 x 24 on short matrices); 1 x 6 (12 of 16 YMM); 1 x 2 in plain C (8 of 16 XMM).
#define COLUMN_SWEEP_SIZE RL_PANEL_SIZE
#define PANELS RL_PANELS

#if defined(__x86_64__)
#define TARGET __attribute__((target("avx512f,avx2,fma")))
#define NAME(f) f##_avx512
#define LEVEL RL_LEVEL_AVX512
#define ROW_VECTORS 8
#define ROW_SWEEP_FROM COLUMN_SWEEP_SIZE
#define COLUMN_BLOCK 8
#define TILE_VECTORS 4
#define TILE_ACCUMULATORS 24
#include "RateKernelsBody.h"
#undef TARGET
#undef NAME
#undef ROW_VECTORS
#undef ROW_SWEEP_FROM
#undef COLUMN_BLOCK
#undef LEVEL
#undef TILE_VECTORS
#undef TILE_ACCUMULATORS
#define TARGET __attribute__((target("avx2,fma")))
#define NAME(f) f##_avx2
#define LEVEL RL_LEVEL_AVX2
#define ROW_VECTORS 3
#define ROW_SWEEP_FROM 128
#define COLUMN_BLOCK 4
#define TILE_VECTORS 1
#define TILE_ACCUMULATORS 6
#include "RateKernelsBody.h"
#undef TARGET
#undef NAME
#undef ROW_VECTORS
#undef ROW_SWEEP_FROM
#undef COLUMN_BLOCK
#undef LEVEL
#undef TILE_VECTORS
#undef TILE_ACCUMULATORS
#endif

#define TARGET
#define NAME(f) f##_generic
#define LEVEL RL_LEVEL_GENERIC
#define ROW_VECTORS 2
#define ROW_SWEEP_FROM COLUMN_SWEEP_SIZE
#define COLUMN_BLOCK 2
#define TILE_VECTORS 1
#define TILE_ACCUMULATORS 2
#include "RateKernelsBody.h"
#undef TARGET
#undef NAME
#undef ROW_VECTORS
#undef ROW_SWEEP_FROM
#undef COLUMN_BLOCK
#undef LEVEL
#undef TILE_VECTORS
#undef TILE_ACCUMULATORS

#if defined(__x86_64__)
#include <cpuid.h>

static int detectLevel(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return RL_LEVEL_GENERIC;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
    if (!osxsave || !avx || !fma) return RL_LEVEL_GENERIC;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    unsigned long long xcr0 = ((unsigned long long)hi << 32) | lo;
    if ((xcr0 & 0x6) != 0x6) return RL_LEVEL_GENERIC;             // the OS saves the YMM state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return RL_LEVEL_GENERIC;
    int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1;
    if (!avx2) return RL_LEVEL_GENERIC;
    if (avx512f && (xcr0 & 0xE6) == 0xE6) return RL_LEVEL_AVX512; // and the ZMM and mask state
    return RL_LEVEL_AVX2;
}
#else
static int detectLevel(void) { return RL_LEVEL_GENERIC; }
#endif

static int bestLevel = -1;   // cpuid is slow under a hypervisor: ask once

int rl_best_level(void) {
    int best = __atomic_load_n(&bestLevel, __ATOMIC_RELAXED);
    if (best < 0) {
        best = detectLevel();
        __atomic_store_n(&bestLevel, best, __ATOMIC_RELAXED);
    }
    return best;
}

const rl_kernel_table *rl_kernels_at(int level) {
    int best = rl_best_level();
    if (level > best) level = best;
#if defined(__x86_64__)
    if (level >= RL_LEVEL_AVX512) return &table_avx512;
    if (level == RL_LEVEL_AVX2) return &table_avx2;
#endif
    return &table_generic;
}

static const rl_kernel_table *best(void) { return rl_kernels_at(RL_LEVEL_AVX512); }

void rl_tanh(const double *x, double *y, long n) { best()->tanh(x, y, n); }

void rl_rate_field(long n, long k, const double *W, const double *U, const double *b,
                   double tau, const double *r, const double *phi, const double *x,
                   double *scratch, int reverse, double *F) {
    best()->rateField(n, k, W, U, b, tau, r, phi, x, scratch, reverse, F);
}

void rl_rate_euler(long n, long k, const double *W, const double *U, const double *b,
                   double tau, const double *r, const double *phi, const double *x,
                   double dt, double *scratch, int reverse, double *next) {
    best()->rateEuler(n, k, W, U, b, tau, r, phi, x, dt, scratch, reverse, next);
}

void rl_rate_vjp(long n, const double *W, double tau, const double *v, const double *phi, int activation,
                 int reverse, double *out) {
    best()->rateVJP(n, W, tau, v, phi, activation, reverse, out);
}

double rl_rate_adjoint_field(long n, const double *W, double tau, const double *v, const double *phi,
                             int activation, const double *g, int reverse, double *out) {
    return best()->rateAdjointField(n, W, tau, v, phi, activation, g, reverse, out);
}

void rl_rate_adjoint(long n, const double *W, double tau, const double *a, const double *phi, int activation,
                     double dt, int reverse, double *previous) {
    best()->rateAdjoint(n, W, tau, a, phi, activation, dt, reverse, previous);
}

void rl_matrix_product(long rows, long k, long m, const double *S, long ldS, const double *P, long ldP,
                       double *C, long ldC) {
    best()->matrixProduct(rows, k, m, S, ldS, P, ldP, C, ldC);
}

double rl_read(const double *x, long n, long passes) { return best()->read(x, n, passes); }
