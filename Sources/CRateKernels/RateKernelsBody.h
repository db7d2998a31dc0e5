// The kernels' one source. RateKernels.c includes this file once per
// instruction set, with TARGET (the function attribute that selects it) and
// NAME(f) (which suffixes f with the level) defined. Nothing here may depend on
// the level: v8d is a vector of eight doubles whatever the hardware width, so
// every level performs the same IEEE operations in the same order.

static ALWAYS_INLINE TARGET v8d NAME(load)(const double *p) {
    v8d v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

static ALWAYS_INLINE TARGET void NAME(store)(double *p, v8d v) { __builtin_memcpy(p, &v, sizeof v); }

static ALWAYS_INLINE TARGET v8d NAME(fma)(v8d a, v8d b, v8d c) { return __builtin_elementwise_fma(a, b, c); }

/// Swift's `fastTanh` (Sources/RecurrentLearning/Systems/Tanh.swift), lane by
/// lane, operation for operation: see its doc comment for the derivation.
static ALWAYS_INLINE TARGET v8d NAME(tanh8)(v8d x) {
    const v8u signBit = (v8u){0} + 0x8000000000000000ULL;
    v8d y = (v8d)((v8u)x & ~signBit);                                   // |x|
    v8u large = (v8u)(y > 20.0);
    v8d z = 2.0 * (v8d)((large & (v8u)((v8d){0} + 20.0)) | (~large & (v8u)y));
    const double shifter = 0x1.8p52;
    v8d kShifted = z * 1.4426950408889634 + shifter;
    v8d k = kShifted - shifter;
    v8d r = (z - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
    v8d r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    v8d q01 = 1.0 / 2 + r * (1.0 / 6), q23 = 1.0 / 24 + r * (1.0 / 120);
    v8d q45 = 1.0 / 720 + r * (1.0 / 5040), q67 = 1.0 / 40320 + r * (1.0 / 362880);
    v8d q89 = 1.0 / 3628800 + r * (1.0 / 39916800), qab = 1.0 / 479001600 + r * (1.0 / 6227020800);
    v8d q = (q01 + r2 * q23) + r4 * (q45 + r2 * q67) + r8 * (q89 + r2 * qab);
    v8d p = r + r2 * q;
    v8u shifterBits = (v8u){0} + 0x4338000000000000ULL;                 // bits of 0x1.8p52
    v8d twoK = (v8d)(((v8u)kShifted - shifterBits + 1023) << 52);
    v8d e = twoK * p + (twoK - 1.0);
    v8d t = e / (e + 2.0);
    return (v8d)((v8u)t | ((v8u)x & signBit));
}

static TARGET void NAME(tanh)(const double *x, double *y, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) NAME(store)(y + i, NAME(tanh8)(NAME(load)(x + i)));
    if (i < n) {                        // the last n mod 8 through the same lanes
        double in[8] = {0}, out[8];
        for (long j = i; j < n; j++) in[j - i] = x[j];
        NAME(store)(out, NAME(tanh8)(NAME(load)(in)));
        for (long j = i; j < n; j++) y[j] = out[j - i];
    }
}

/// y[i ..< i + 8B] = W[i ..< i + 8B, :] x, summed in B registers over all
/// columns. B is a constant wherever this is inlined, so the loops unroll.
static ALWAYS_INLINE TARGET void NAME(productRows)(long n, const double *W, const double *x, double *y,
                                                  long i, const int B) {
    v8d s[8];
    for (int c = 0; c < B; c++) s[c] = (v8d){0};
    for (long j = 0; j < n; j++) {
        const double *w = W + j * n + i;
        v8d xj = (v8d){0} + x[j];
        for (int c = 0; c < B; c++) s[c] = NAME(fma)(NAME(load)(w + 8 * c), xj, s[c]);
    }
    for (int c = 0; c < B; c++) NAME(store)(y + i + 8 * c, s[c]);
}

/// y = W[:, j0 ..< j1] x[j0 ..< j1], sweeping eight columns at a time down all
/// rows, y kept in L1: W is read in storage order, which large matrices need (a
/// row block would jump a column's length every 64 rows). Each y_i is one chain
/// of fused multiply-adds from 0 in order of j.
static ALWAYS_INLINE TARGET void NAME(sweepColumns)(long n, const double *W, const double *x, double *y,
                                                   long j0, long j1) {
    long rows8 = n - n % 8, j = j0;
    for (long i = 0; i < n; i++) y[i] = 0;
    for (; j + 8 <= j1; j += 8) {
        const double *w = W + j * n;
        v8d xs[8];
        for (int c = 0; c < 8; c++) xs[c] = (v8d){0} + x[j + c];
        for (long i = 0; i < rows8; i += 8) {
            v8d s = NAME(load)(y + i);
            for (int c = 0; c < 8; c++) s = NAME(fma)(NAME(load)(w + c * n + i), xs[c], s);
            NAME(store)(y + i, s);
        }
        for (long i = rows8; i < n; i++)
            for (int c = 0; c < 8; c++) y[i] = __builtin_fma(w[c * n + i], x[j + c], y[i]);
    }
    for (; j < j1; j++)
        for (long i = 0; i < n; i++) y[i] = __builtin_fma(W[j * n + i], x[j], y[i]);
}

/// y = W x for n >= COLUMN_SWEEP_SIZE, in PANELS panels of columns: panel p holds
/// columns [p P, min((p + 1) P, n)), P = 8 ceil(n / 64), its partial sums s_p =
/// W[:, panel] x[panel] each a chain from 0 in order of j, and y = ((s_0 + s_1) +
/// s_2) + ... + s_7. The panels may be swept in either order with the same bits:
/// `reverse` takes them last to first, so that a pass after a forward one starts
/// on the panel still in L2 (at n = 1024 a panel is 1 MB of W's 8 MB). s_0 is
/// summed in y, s_1 ... s_7 in `scratch` (7 n doubles).
static ALWAYS_INLINE TARGET void NAME(productPanels)(long n, const double *W, const double *x, double *y,
                                                    double *scratch, int reverse) {
    long width = 8 * ((n + 63) / 64), rows8 = n - n % 8;
    for (long q = 0; q < PANELS; q++) {
        long p = reverse ? PANELS - 1 - q : q;
        long j0 = p * width < n ? p * width : n, j1 = j0 + width < n ? j0 + width : n;
        NAME(sweepColumns)(n, W, x, p == 0 ? y : scratch + (p - 1) * n, j0, j1);
    }
    for (long p = 1; p < PANELS; p++) {
        const double *s = scratch + (p - 1) * n;
        for (long i = 0; i < rows8; i += 8) NAME(store)(y + i, NAME(load)(y + i) + NAME(load)(s + i));
        for (long i = rows8; i < n; i++) y[i] += s[i];
    }
}

/// y = W x for an n x n W. Below COLUMN_SWEEP_SIZE, (W x)_i = fma(W[i,n-1], x[n-1],
/// ... fma(W[i,0], x[0], 0)): below ROW_SWEEP_FROM, blocks of ROW_VECTORS x 8 rows are
/// summed in registers over all columns (each W element read once, y written once),
/// then the vectors left over in one block, then the last n mod 8 rows one by one;
/// from ROW_SWEEP_FROM, the same chains by `sweepColumns` over all columns, y in L1.
/// From COLUMN_SWEEP_SIZE on, the panel sums of `productPanels`.
static ALWAYS_INLINE TARGET void NAME(product)(long n, const double *W, const double *x, double *y,
                                              double *scratch, int reverse) {
    if (n >= COLUMN_SWEEP_SIZE) {
        NAME(productPanels)(n, W, x, y, scratch, reverse);
        return;
    }
    if (n >= ROW_SWEEP_FROM) {   // the same sums, W read in storage order
        NAME(sweepColumns)(n, W, x, y, 0, n);
        return;
    }
    long vectors = n / 8, i = 0;
    for (; vectors >= ROW_VECTORS; vectors -= ROW_VECTORS, i += 8 * ROW_VECTORS)
        NAME(productRows)(n, W, x, y, i, ROW_VECTORS);
    switch (vectors) {   // 0 < vectors < ROW_VECTORS <= 8
    case 1: NAME(productRows)(n, W, x, y, i, 1); break;
    case 2: NAME(productRows)(n, W, x, y, i, 2); break;
    case 3: NAME(productRows)(n, W, x, y, i, 3); break;
    case 4: NAME(productRows)(n, W, x, y, i, 4); break;
    case 5: NAME(productRows)(n, W, x, y, i, 5); break;
    case 6: NAME(productRows)(n, W, x, y, i, 6); break;
    case 7: NAME(productRows)(n, W, x, y, i, 7); break;
    }
    for (i = n - n % 8; i < n; i++) {
        double s = 0;
        for (long j = 0; j < n; j++) s = __builtin_fma(W[i + j * n], x[j], s);
        y[i] = s;
    }
}

/// C[i ..< i + 8V, c0 ..< c0 + NC] = S[i ..< i + 8V, 0 ..< k] P[0 ..< k, c0 ..< c0 + NC]:
/// V x NC vectors summed in registers over k, one fused multiply-add per term
/// in order of k. V and NC are constants wherever this is inlined.
static ALWAYS_INLINE TARGET void NAME(productTile)(long k, const double *S, long ldS, const double *P, long ldP,
                                                  double *C, long ldC, long i, long c0, const int V, const int NC) {
    v8d acc[48];
#pragma clang loop unroll(full)
    for (int a = 0; a < V * NC; a++) acc[a] = (v8d){0};
    for (long j = 0; j < k; j++) {
        v8d col[8];
#pragma clang loop unroll(full)
        for (int v = 0; v < V; v++) col[v] = NAME(load)(S + j * ldS + i + 8 * v);
#pragma clang loop unroll(full)
        for (int c = 0; c < NC; c++) {
            v8d p = (v8d){0} + P[j + (c0 + c) * ldP];
#pragma clang loop unroll(full)
            for (int v = 0; v < V; v++) acc[v * NC + c] = NAME(fma)(col[v], p, acc[v * NC + c]);
        }
    }
#pragma clang loop unroll(full)
    for (int c = 0; c < NC; c++)
#pragma clang loop unroll(full)
        for (int v = 0; v < V; v++) NAME(store)(C + (c0 + c) * ldC + i + 8 * v, acc[v * NC + c]);
}

/// Tiles of V vectors (V < TILE_VECTORS only at the bottom) by TILE_ACCUMULATORS / V
/// columns, the vector rows of `matrixProduct`.
static ALWAYS_INLINE TARGET void NAME(productTiles)(long k, long m, const double *S, long ldS, const double *P,
                                                   long ldP, double *C, long ldC, long i, const int V) {
    const int NC = TILE_ACCUMULATORS / V;   // a constant once inlined: V is
    long c0 = 0;
    for (; c0 + NC <= m; c0 += NC) NAME(productTile)(k, S, ldS, P, ldP, C, ldC, i, c0, V, NC);
    for (; c0 < m; c0++) NAME(productTile)(k, S, ldS, P, ldP, C, ldC, i, c0, V, 1);
}

/// C = S P for S (rows x k, leading dimension ldS), P (k x m, ldP), C (rows x m, ldC):
/// C[i, c] = fma(S[i, k-1], P[k-1, c], ... fma(S[i, 0], P[0, c], 0)), the sums of
/// `product` below COLUMN_SWEEP_SIZE. Register tiles as in a dgemm micro-kernel (no packing: P is read
/// in place), then the last rows mod 8 four columns at a time.
static TARGET void NAME(matrixProduct)(long rows, long k, long m, const double *S, long ldS,
                                       const double *P, long ldP, double *C, long ldC) {
    long vectors = rows / 8, i = 0;
    for (; vectors >= TILE_VECTORS; vectors -= TILE_VECTORS, i += 8 * TILE_VECTORS)
        NAME(productTiles)(k, m, S, ldS, P, ldP, C, ldC, i, TILE_VECTORS);
    switch (vectors) {   // 0 <= vectors < TILE_VECTORS <= 4
    case 1: NAME(productTiles)(k, m, S, ldS, P, ldP, C, ldC, i, 1); break;
    case 2: NAME(productTiles)(k, m, S, ldS, P, ldP, C, ldC, i, 2); break;
    case 3: NAME(productTiles)(k, m, S, ldS, P, ldP, C, ldC, i, 3); break;
    }
    for (i = rows - rows % 8; i < rows; i++) {
        long c = 0;
        for (; c + 4 <= m; c += 4) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            const double *p0 = P + c * ldP, *p1 = p0 + ldP, *p2 = p1 + ldP, *p3 = p2 + ldP;
            for (long j = 0; j < k; j++) {
                double sij = S[i + j * ldS];
                s0 = __builtin_fma(sij, p0[j], s0);
                s1 = __builtin_fma(sij, p1[j], s1);
                s2 = __builtin_fma(sij, p2[j], s2);
                s3 = __builtin_fma(sij, p3[j], s3);
            }
            C[i + c * ldC] = s0; C[i + (c + 1) * ldC] = s1; C[i + (c + 2) * ldC] = s2; C[i + (c + 3) * ldC] = s3;
        }
        for (; c < m; c++) {
            double sum = 0;
            for (long j = 0; j < k; j++) sum = __builtin_fma(S[i + j * ldS], P[j + c * ldP], sum);
            C[i + c * ldC] = sum;
        }
    }
}

/// out = F, or r + dt F when `euler`. `out` holds W phi while it is summed.
static TARGET void NAME(field)(long n, long k, const double *W, const double *U, const double *b,
                               double tau, const double *r, const double *phi, const double *x,
                               int euler, double dt, double *scratch, int reverse, double *out) {
    NAME(product)(n, W, phi, out, scratch, reverse);
    long rows8 = n - n % 8;
    for (long i = 0; i < rows8; i += 8) {
        v8d u = {0};
        for (long c = 0; c < k; c++) u = NAME(fma)(NAME(load)(U + c * n + i), (v8d){0} + x[c], u);
        v8d ri = NAME(load)(r + i);
        v8d F = (((-ri + NAME(load)(out + i)) + u) + NAME(load)(b + i)) / tau;
        NAME(store)(out + i, euler ? ri + dt * F : F);
    }
    for (long i = rows8; i < n; i++) {
        double u = 0;
        for (long c = 0; c < k; c++) u = __builtin_fma(U[i + c * n], x[c], u);
        double F = (((-r[i] + out[i]) + u) + b[i]) / tau;
        out[i] = euler ? r[i] + dt * F : F;
    }
}

/// The sum of the eight lanes in the order the header states.
static ALWAYS_INLINE TARGET double NAME(lanesSum)(v8d s) {
    return ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
}

/// phi'(r) from phi = phi(r), lane by lane (Swift's `Activation.slope(fromValue:)`).
static ALWAYS_INLINE TARGET v8d NAME(slope8)(v8d phi, int activation) {
    switch (activation) {
    case RL_TANH: return 1.0 - phi * phi;
    case RL_LOGISTIC: return phi * (1.0 - phi);
    default: {
        v8u positive = (v8u)(phi > 0.0);
        return (v8d)(positive & (v8u)((v8d){0} + 1.0));
    }
    }
}

/// The eight lane sums of s[0..8) at once, lane c holding `lanesSum(s[c])`:
/// the same additions of the same operands, arranged by shuffles so that each
/// step adds whole vectors.
static ALWAYS_INLINE TARGET v8d NAME(lanesSums)(const v8d s[8]) {
    v8d a[4], b[2];
    for (int p = 0; p < 4; p++)   // a: lanes s_l + s_{l+4} of columns 2p (lanes 0-3) and 2p+1 (4-7)
        a[p] = __builtin_shufflevector(s[2 * p], s[2 * p + 1], 0, 1, 2, 3, 8, 9, 10, 11)
             + __builtin_shufflevector(s[2 * p], s[2 * p + 1], 4, 5, 6, 7, 12, 13, 14, 15);
    for (int q = 0; q < 2; q++)   // b: (s0+s4)+(s2+s6), (s1+s5)+(s3+s7) of columns 4q ... 4q+3
        b[q] = __builtin_shufflevector(a[2 * q], a[2 * q + 1], 0, 1, 4, 5, 8, 9, 12, 13)
             + __builtin_shufflevector(a[2 * q], a[2 * q + 1], 2, 3, 6, 7, 10, 11, 14, 15);
    return __builtin_shufflevector(b[0], b[1], 0, 2, 4, 6, 8, 10, 12, 14)
         + __builtin_shufflevector(b[0], b[1], 1, 3, 5, 7, 9, 11, 13, 15);
}

/// out[j ..< j + width] = (W^T v)[j ..< j + width], C >= width columns at a time sharing
/// the loads of v: C vectors of eight lane sums over i mod 8, each reduced as the header
/// states. C is a constant wherever this is inlined, so the loops unroll and the C
/// accumulators stay in registers.
static ALWAYS_INLINE TARGET void NAME(dotColumns)(long n, const double *W, const double *v, long j, long width,
                                                 double *out, const int C) {
    long rows8 = n - n % 8;
    const double *w[8];
    for (int c = 0; c < C; c++) w[c] = W + (j + (c < width ? c : 0)) * n;
    v8d s[8];
    for (int c = 0; c < 8; c++) s[c] = (v8d){0};
    for (long i = 0; i < rows8; i += 8) {
        v8d vi = NAME(load)(v + i);
        for (int c = 0; c < C; c++) s[c] = NAME(fma)(NAME(load)(w[c] + i), vi, s[c]);
    }
    double d[8];
    NAME(store)(d, NAME(lanesSums)(s));
    for (long c = 0; c < width; c++) {
        for (long i = rows8; i < n; i++) d[c] = __builtin_fma(w[c][i], v[i], d[c]);
        out[j + c] = d[c];
    }
}

/// out = v^T J (+ plus, when not NULL), or a + dt (a^T J)^T when `adjoint` (v = a).
/// Column j of W is dotted with v, COLUMN_BLOCK columns at a time (`dotColumns`).
/// Each (W^T v)_j is its own sum, so the blocks may go in either order with the same
/// result, bit for bit: `reverse` takes them last to first, so that a pass after a
/// forward one starts on the columns still in L2.
/// Returns max_i |out_i| (the size of the adjoint ODE's right-hand side vJ + g).
static TARGET double NAME(vjp)(long n, const double *W, double tau, const double *v, const double *phi,
                               int activation, int adjoint, double dt, const double *plus, int reverse,
                               double *out) {
    long rows8 = n - n % 8, blocks = (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
    for (long block = 0; block < blocks; block++) {
        long j = COLUMN_BLOCK * (reverse ? blocks - 1 - block : block);
        long width = n - j < COLUMN_BLOCK ? n - j : COLUMN_BLOCK;
        NAME(dotColumns)(n, W, v, j, width, out, COLUMN_BLOCK);
    }
    const v8u signBit = (v8u){0} + 0x8000000000000000ULL;
    v8d largest8 = (v8d){0};
    for (long i = 0; i < rows8; i += 8) {   // out holds W^T v
        v8d vi = NAME(load)(v + i);
        v8d g = (-vi + NAME(load)(out + i) * NAME(slope8)(NAME(load)(phi + i), activation)) / tau;
        v8d result = adjoint ? vi + dt * g : plus ? g + NAME(load)(plus + i) : g;   // scalar conditions
        NAME(store)(out + i, result);
        v8d magnitude = (v8d)((v8u)result & ~signBit);
        v8u take = (v8u)(magnitude > largest8) | (v8u)(magnitude != magnitude);   // a NaN wins: it is reported
        largest8 = (v8d)((take & (v8u)magnitude) | (~take & (v8u)largest8));
    }
    double lanes[8], largest = 0;
    NAME(store)(lanes, largest8);
    for (int c = 0; c < 8; c++) largest = lanes[c] > largest || lanes[c] != lanes[c] ? lanes[c] : largest;
    for (long i = rows8; i < n; i++) {
        double g = (-v[i] + out[i] * slope1(phi[i], activation)) / tau;
        out[i] = adjoint ? v[i] + dt * g : plus ? g + plus[i] : g;
        double magnitude = __builtin_fabs(out[i]);
        largest = magnitude > largest || magnitude != magnitude ? magnitude : largest;
    }
    return largest;
}

/// The sum of x[0..<n], taken `passes` times: eight vectors of eight lanes
/// at a time, a streaming read at the full load width, every other pass from the
/// end back (as the fixed-point adjoint sweeps W), so that a pass starts on what
/// the last left in cache. The bench's probe of the read bandwidth of repeated
/// passes over a buffer of n doubles.
static TARGET double NAME(read)(const double *x, long n, long passes) {
    v8d s[8] = {{0}};
    double total = 0;
    long blocks = n - n % 64;
    for (long pass = 0; pass < passes; pass++) {
        if (pass % 2 == 0) {
            for (long i = 0; i < blocks; i += 64)
                for (int c = 0; c < 8; c++) s[c] += NAME(load)(x + i + 8 * c);
        } else {
            for (long i = blocks - 64; i >= 0; i -= 64)
                for (int c = 0; c < 8; c++) s[c] += NAME(load)(x + i + 8 * c);
        }
        for (long i = blocks; i < n; i++) total += x[i];
    }
    for (int c = 0; c < 8; c++) total += NAME(lanesSum)(s[c]);
    return total;
}

// The entry points of this level, as the table `rl_kernels_at` hands out.

static TARGET void NAME(rateField)(long n, long k, const double *W, const double *U, const double *b,
                                   double tau, const double *r, const double *phi, const double *x,
                                   double *scratch, int reverse, double *F) {
    NAME(field)(n, k, W, U, b, tau, r, phi, x, 0, 0, scratch, reverse, F);
}

static TARGET void NAME(rateEuler)(long n, long k, const double *W, const double *U, const double *b,
                                   double tau, const double *r, const double *phi, const double *x,
                                   double dt, double *scratch, int reverse, double *next) {
    NAME(field)(n, k, W, U, b, tau, r, phi, x, 1, dt, scratch, reverse, next);
}

static TARGET void NAME(rateVJP)(long n, const double *W, double tau, const double *v, const double *phi,
                                 int activation, int reverse, double *out) {
    NAME(vjp)(n, W, tau, v, phi, activation, 0, 0, 0, reverse, out);
}

static TARGET double NAME(rateAdjointField)(long n, const double *W, double tau, const double *v, const double *phi,
                                            int activation, const double *g, int reverse, double *out) {
    return NAME(vjp)(n, W, tau, v, phi, activation, 0, 0, g, reverse, out);
}

static TARGET void NAME(rateAdjoint)(long n, const double *W, double tau, const double *a, const double *phi,
                                     int activation, double dt, int reverse, double *previous) {
    NAME(vjp)(n, W, tau, a, phi, activation, 1, dt, 0, reverse, previous);
}

static const rl_kernel_table NAME(table) = {
    LEVEL, NAME(tanh), NAME(rateField), NAME(rateEuler), NAME(rateVJP), NAME(rateAdjoint), NAME(matrixProduct),
    NAME(read), NAME(rateAdjointField),
};
