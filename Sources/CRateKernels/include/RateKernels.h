// Fused per-step kernels of the rate network  tau dr/dt = -r + W phi(r) + U x + b,
// compiled for the instruction set the CPU has (AVX-512, AVX2 + FMA, or plain C)
// and chosen once at run time. See RateKernels.c for why they are in C.
//
// Every kernel is one source instantiated per instruction set, so all levels
// compute the same operations in the same order: their results are identical
// bit for bit (the tests hold them to it). Matrices are column-major.
#ifndef RECURRENT_LEARNING_RATE_KERNELS_H
#define RECURRENT_LEARNING_RATE_KERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction-set levels: 0 plain C, 1 AVX2 + FMA, 2 AVX-512F.
enum { RL_LEVEL_GENERIC = 0, RL_LEVEL_AVX2 = 1, RL_LEVEL_AVX512 = 2 };

/// The best level this CPU and operating system support: the one the
/// functions below run. Since all levels give the same bits, the choice
/// changes the speed and nothing else.
int rl_best_level(void);

/// y[i] = tanh(x[i]), the toolkit's tanh (bit for bit Swift's `fastTanh`).
void rl_tanh(const double *x, double *y, long n);

/// The n from which W phi is summed in panels of columns (`rl_rate_field`).
enum { RL_PANEL_SIZE = 512, RL_PANELS = 8 };

/// F = (-r + W phi + U x + b) / tau, the four terms added in that order.
/// W is n x n, U is n x k (k may be 0: then U and x are not read). The
/// products are summed over columns in order with fused multiply-adds:
/// (W phi)_i = fma(W[i,n-1], phi[n-1], ... fma(W[i,0], phi[0], 0)) for n < RL_PANEL_SIZE;
/// from it on, over RL_PANELS panels of P = 8 ceil(n/64) columns, panel p covering
/// [p P, min((p+1) P, n)), each panel's sum s_p such a chain from 0, and
/// (W phi)_i = ((s_0 + s_1) + s_2) + ... + s_7. `scratch` holds 7n doubles for n >=
/// RL_PANEL_SIZE (it may be NULL below). `reverse` (0 or 1) sweeps the panels last to
/// first, with the same result bit for bit: alternated from one call to the next, each
/// pass over W starts on the panel the last one left in cache.
void rl_rate_field(long n, long k, const double *W, const double *U, const double *b,
                   double tau, const double *r, const double *phi, const double *x,
                   double *scratch, int reverse, double *F);

/// The Euler step  next = r + dt F, with F exactly as `rl_rate_field` computes it.
void rl_rate_euler(long n, long k, const double *W, const double *U, const double *b,
                   double tau, const double *r, const double *phi, const double *x,
                   double dt, double *scratch, int reverse, double *next);

/// The activations phi the kernels know, for phi' from phi's values:
/// tanh' = 1 - phi^2, logistic' = phi (1 - phi), rectified' = 1 where phi > 0, else 0.
enum { RL_TANH = 0, RL_LOGISTIC = 1, RL_RECTIFIED = 2 };

/// The vector-Jacobian product  v^T J = (-v + (W^T v) .* phi'(r)) / tau, J = (-I + W diag(phi'(r))) / tau,
/// given phi = phi(r) of the `activation` (phi' computed from it).
/// (W^T v)_j is column j of W dotted with v: eight partial sums over i mod 8
/// (fused multiply-adds in order of i), reduced as ((s0+s4)+(s2+s6))+((s1+s5)+(s3+s7)),
/// then the last n mod 8 terms, in order.
/// `reverse` (0 or 1) takes the columns last to first, with the same result bit for bit:
/// alternated from one call to the next, each pass over W starts on the columns the last
/// one left in cache.
void rl_rate_vjp(long n, const double *W, double tau, const double *v, const double *phi, int activation,
                 int reverse, double *out);

/// The right-hand side of the adjoint ODE dv/dt = vJ + g:  out = v^T J + g, with v^T J exactly as
/// `rl_rate_vjp`; returns max_i |out_i|, NaN if any component is NaN. One pass over W
/// per step of the fixed-point adjoint. `reverse` (0 or 1) dots the columns of W last to
/// first, with the same result bit for bit: alternating it from one step to the next,
/// each pass starts on the columns the last one left in cache.
double rl_rate_adjoint_field(long n, const double *W, double tau, const double *v, const double *phi,
                             int activation, const double *g, int reverse, double *out);

/// The BPTT adjoint step  previous = a + dt (a^T J)^T, with a^T J exactly as `rl_rate_vjp`.
void rl_rate_adjoint(long n, const double *W, double tau, const double *a, const double *phi, int activation,
                     double dt, int reverse, double *previous);

/// C = S P for S (rows x k, leading dimension ldS), P (k x m, ldP), C (rows x m, ldC),
/// column-major: C[i, c] = fma(S[i, k-1], P[k-1, c], ... fma(S[i, 0], P[0, c], 0)),
/// one chain per entry in order of k (as `rl_rate_field`'s product below RL_PANEL_SIZE). RTRL's step (I + dt J) p, a small k
/// times a long P, with no packing of P (what a BLAS dgemm spends its time on here).
void rl_matrix_product(long rows, long k, long m, const double *S, long ldS, const double *P, long ldP,
                       double *C, long ldC);

/// The sum of x[0..n) taken `passes` times, read at the full vector width, odd passes
/// from the end back: `bench` times it to measure the read bandwidth of repeated passes
/// over a buffer of a given size.
double rl_read(const double *x, long n, long passes);

/// Every kernel of one level, for the tests that hold the levels equal and for
/// `bench`. `rl_kernels_at(level)` gives min(level, best)'s table.
typedef struct {
    int level;
    void (*tanh)(const double *x, double *y, long n);
    void (*rateField)(long n, long k, const double *W, const double *U, const double *b,
                      double tau, const double *r, const double *phi, const double *x,
                      double *scratch, int reverse, double *F);
    void (*rateEuler)(long n, long k, const double *W, const double *U, const double *b,
                      double tau, const double *r, const double *phi, const double *x, double dt,
                      double *scratch, int reverse, double *next);
    void (*rateVJP)(long n, const double *W, double tau, const double *v, const double *phi, int activation,
                    int reverse, double *out);
    void (*rateAdjoint)(long n, const double *W, double tau, const double *a, const double *phi, int activation,
                        double dt, int reverse, double *previous);
    void (*matrixProduct)(long rows, long k, long m, const double *S, long ldS, const double *P, long ldP,
                          double *C, long ldC);
    double (*read)(const double *x, long n, long passes);
    double (*rateAdjointField)(long n, const double *W, double tau, const double *v, const double *phi,
                               int activation, const double *g, int reverse, double *out);
} rl_kernel_table;

const rl_kernel_table *rl_kernels_at(int level);

#ifdef __cplusplus
}
#endif
#endif
