import CRateKernels

/// The rate network's linearization: F and the Jacobian products of
/// τ dr/dt = −r + W φ(r) + U x + b through the fused C kernels (`CRateKernels`).
///
/// ```
/// point t keeps   φ_t = φ(r_t) (n) and x_t (k)
/// J_t v           = (−v + W (φ′_t ∘ v)) / τ
/// J_tᵀ v          = (−v + (Wᵀ v) ∘ φ′_t) / τ          rl_rate_vjp / rl_rate_adjoint
/// J_tᵀ v + g, ‖·‖∞                                    rl_rate_adjoint_field
/// β P + α J_t P   = S P,  S = β I + α J_t              rl_matrix_product
/// D_t             : ∂F_i/∂W_ij = φ_t,j/τ, ∂F_i/∂U_ij = x_t,j/τ, ∂F_i/∂b_i = 1/τ
/// Σ_t v_tᵀ D_t    = (V Φᵀ, V Xᵀ, V 1)/τ                three BLAS products
/// ```
///
/// - φ′ comes from φ (`Activation.slope(fromValue:)`), so each state costs one
///   evaluation of φ; tanh is the kernels' eight-lane `fastTanh`, bit for bit.
/// - W, U and b are copied once onto 64-byte boundaries: eight-lane loads
///   that straddle cache lines would halve the read rate of W.
/// - F is `rl_rate_field`, the kernel `RateNetwork.rate` calls: the states of
///   RTRL and BPTT are bit for bit those of `rate`.
/// - Successive products sweep W forward and backward on alternate calls, with the
///   same bits either way: Wᵀv its columns (each (Wᵀv)_j is its own sum), W φ its
///   eight panels of columns (n ≥ 512; each panel's sum is its own, added in a fixed
///   order). Each pass starts on what the last one left in L2, which at n = 1024
///   (W = 8 MB, L2 of 2 MB) saves a sixth to a fifth of the reads from L3.
/// - Storage: n² + nk + n for the copies, (n + k) per point, n² + 2n scratch,
///   in one block from the pool; nothing is allocated after `init`.
public final class RateNetworkLinearization: Linearization {
    public let stateCount: Int
    public let inputCount: Int
    public let parameterCount: Int
    public let capacity: Int
    let τ: Double
    let activation: Activation
    /// One pooled block for everything: W, U, b, the scratch S (n × n), a
    /// scratch vector and n zeros, then Φ (n × capacity) and X (k × capacity),
    /// each part starting on a 64-byte boundary. One block, not nine: at n = 16
    /// the pool's bookkeeping per block was a tenth of a gradient.
    private let storage: PooledBuffer
    private let w, u, b, matrix, vector, zeros, values, inputs: UnsafeMutablePointer<Double>
    /// The direction of the last sweep over W's columns by a transposed product,
    /// and over its panels by W v (0 forward, 1 reverse): successive calls alternate
    /// (the same bits either way). The panel sums use `matrix` as their scratch.
    private var sweep: Int32 = 1, fieldSweep: Int32 = 1

    init(_ network: RateNetwork, points capacity: Int) {
        let n = network.stateCount, k = network.inputCount
        stateCount = n
        inputCount = k
        parameterCount = n * n + n * k + n
        self.capacity = capacity
        τ = network.timeConstant
        activation = network.activation
        let sizes = [n * n, n * k, n, n * n, n, n, n * capacity, k * capacity]
        let padded = sizes.map { ($0 + 7) / 8 * 8 }                 // 8 doubles = 64 bytes
        storage = PooledBuffer(count: padded.reduce(0, +))
        var parts: [UnsafeMutablePointer<Double>] = []
        var offset = 0
        for size in padded { parts.append(storage.pointer + offset); offset += size }
        (w, u, b, matrix, vector, zeros, values, inputs) = (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5],
                                                              parts[6], parts[7])
        network.weights.elements.withUnsafeBufferPointer { if n > 0 { w.update(from: $0.baseAddress!, count: n * n) } }
        network.inputWeights.elements.withUnsafeBufferPointer { if n * k > 0 { u.update(from: $0.baseAddress!, count: n * k) } }
        network.bias.withUnsafeBufferPointer { if n > 0 { b.update(from: $0.baseAddress!, count: n) } }
        zeros.update(repeating: 0, count: n)
    }

    private func φ(_ t: Int) -> UnsafeMutablePointer<Double> {
        precondition(t >= 0 && t < capacity, "point \(t) outside 0 ..< \(capacity)")
        return values + t * stateCount
    }

    private func x(_ t: Int) -> UnsafeMutablePointer<Double> { inputs + t * inputCount }

    private var uPointer: UnsafePointer<Double>? { inputCount > 0 ? UnsafePointer(u) : nil }

    public func linearize(point t: Int, state r: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                          rate F: UnsafeMutablePointer<Double>) {
        let n = stateCount, k = inputCount, φt = φ(t), xt = self.x(t)
        for j in 0..<k { xt[j] = x[j] }          // a loop: k is 1 or 2, a memmove call would cost more
        activation.apply(r, into: φt, count: n)
        fieldSweep ^= 1
        rl_rate_field(n, k, w, uPointer, b, τ, r, φt, k > 0 ? xt : nil, matrix, fieldSweep, F)
    }

    /// out = β v + α g for g already in out (β = 0: v not read).
    private func combine(_ v: UnsafePointer<Double>, _ α: Double, _ β: Double, _ out: UnsafeMutablePointer<Double>) {
        if α == 1 && β == 0 { return }
        for i in 0..<stateCount { out[i] = β == 0 ? α * out[i] : β * v[i] + α * out[i] }
    }

    public func jacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double, plus β: Double,
                                into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, φt = φ(t), s = vector, activation = activation
        for j in 0..<n { s[j] = activation.slope(fromValue: φt[j]) * v[j] }
        // (−v + W s + 0)/τ: the field kernel with no input and a zero bias
        fieldSweep ^= 1
        rl_rate_field(n, 0, w, nil, zeros, τ, v, s, nil, matrix, fieldSweep, out)
        combine(v, α, β, out)
    }

    public func transposedJacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double,
                                          plus β: Double, into out: UnsafeMutablePointer<Double>) {
        sweep ^= 1
        if β == 1 {   // the BPTT step a + Δt Jᵀa, fused
            rl_rate_adjoint(stateCount, w, τ, v, φ(t), activation.kernelCode, α, sweep, out)
        } else {
            rl_rate_vjp(stateCount, w, τ, v, φ(t), activation.kernelCode, sweep, out)
            combine(v, α, β, out)
        }
    }

    /// One pass over W: Wᵀv, the slopes, + g and the largest magnitude, fused.
    public func adjointField(point t: Int, _ v: UnsafePointer<Double>, plus g: UnsafePointer<Double>,
                             into out: UnsafeMutablePointer<Double>) -> Double {
        sweep ^= 1
        return rl_rate_adjoint_field(stateCount, w, τ, v, φ(t), activation.kernelCode, g, sweep, out)
    }

    /// S = β I + α J_t formed once (n²), then S P in register tiles: RTRL's
    /// (I + Δt J) p, where a BLAS dgemm would repack P every step.
    public func jacobianMatrixProduct(point t: Int, _ P: UnsafePointer<Double>, columns: Int, scaledBy α: Double,
                                      plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, φt = φ(t), S = matrix, τ = τ
        for c in 0..<n {
            let column = S + c * n, wc = w + c * n, sc = activation.slope(fromValue: φt[c])
            for i in 0..<n { column[i] = α * (wc[i] * sc / τ) }
            column[c] = α * (wc[c] * sc / τ - 1 / τ) + β
        }
        rl_matrix_product(n, n, columns, S, n, P, n, out, n)
    }

    /// Adds α D_t without forming it: n² + nk + n non-zeros, one per parameter.
    public func addParameterJacobian(point t: Int, scaledBy α: Double, to P: UnsafeMutablePointer<Double>) {
        let n = stateCount, k = inputCount, a = α / τ, φt = φ(t), xt = x(t)
        for j in 0..<n {
            let φj = a * φt[j], block = P + j * n * n
            for i in 0..<n { block[i + i * n] += φj }
        }
        for j in 0..<k {
            let xj = a * xt[j], block = P + (n * n + j * n) * n
            for i in 0..<n { block[i + i * n] += xj }
        }
        let biasBlock = P + (n * n + n * k) * n
        for i in 0..<n { biasBlock[i + i * n] += a }
    }

    /// g ← g + α Σ_t v_t (φ_tᵀ, x_tᵀ, 1)/τ: ∂L/∂W += (α/τ) V Φᵀ and ∂L/∂U += (α/τ) V Xᵀ
    /// are dgemm calls with a transpose flag on the second factor (no transposed
    /// copy), ∂L/∂b += V (α/τ, …, α/τ) a dgemv.
    public func addParameterVJPs(points: Range<Int>, _ V: UnsafePointer<Double>, scaledBy α: Double,
                                 to g: UnsafeMutablePointer<Double>) {
        let n = stateCount, k = inputCount, T = points.count, a = α / τ
        guard T > 0, n > 0 else { return }
        let Φ = φ(points.lowerBound), X = x(points.lowerBound)
        BLAS.gemm(transposeB: true, m: n, n: n, k: T, alpha: a, V, lda: n, Φ, ldb: n, beta: 1, g, ldc: n)
        if k > 0 {
            BLAS.gemm(transposeB: true, m: n, n: k, k: T, alpha: a, V, lda: n, X, ldb: k,
                      beta: 1, g + n * n, ldc: n)
        }
        ScratchPool.shared.withBuffers([T]) { ones in
            ones[0].update(repeating: a, count: T)
            BLAS.gemv(m: n, n: T, alpha: 1, V, ones[0], beta: 1, g + n * n + n * k)
        }
    }

    public func parameterJacobianAt(point t: Int) -> Matrix {
        let n = stateCount, k = inputCount, φt = φ(t), xt = x(t)
        var d = Matrix(rows: n, columns: parameterCount)
        for j in 0..<n { for i in 0..<n { d[i, i + j * n] = φt[j] / τ } }
        for j in 0..<k { for i in 0..<n { d[i, n * n + i + j * n] = xt[j] / τ } }
        for i in 0..<n { d[i, n * n + n * k + i] = 1 / τ }
        return d
    }
}

extension RateNetwork {
    public func makeLinearization(points: Int) -> RateNetworkLinearization {
        RateNetworkLinearization(self, points: points)
    }

    /// Runs `body` with W, U (nil when k = 0) and b in place; never-null
    /// pointers even for n = 0.
    func withStorage<R>(_ body: (UnsafePointer<Double>, UnsafePointer<Double>?, UnsafePointer<Double>) -> R) -> R {
        let k = inputCount
        return weights.elements.withUnsafeBufferPointer { w in
            inputWeights.elements.withUnsafeBufferPointer { u in
                bias.withUnsafeBufferPointer { b in
                    withUnsafePointer(to: 0.0) { none in
                        body(w.baseAddress ?? none, k > 0 ? u.baseAddress : nil, b.baseAddress ?? none)
                    }
                }
            }
        }
    }
}

extension Activation {
    /// φ′ computed from φ itself: tanh′ = 1 − φ², logistic′ = φ(1 − φ),
    /// rectified′ = 1 where φ > 0. Each state then needs one evaluation of φ
    /// (tanh or exp, the dearest scalar work of a step), not two.
    /// Bit-identical to `derivative(u)`, which evaluates the same φ(u) first.
    func slope(fromValue φ: Double) -> Double {
        switch self {
        case .tanh: 1 - φ * φ
        case .logistic: φ * (1 - φ)
        case .rectified: φ > 0 ? 1 : 0
        }
    }

    /// The kernels' name for this activation (`RL_TANH`, …): they compute φ′ from φ.
    var kernelCode: Int32 {
        switch self {
        case .tanh: Int32(RL_TANH)
        case .logistic: Int32(RL_LOGISTIC)
        case .rectified: Int32(RL_RECTIFIED)
        }
    }

    /// φ[i] ← φ(r[i]) for i < count: tanh through the eight-lane kernel (bit
    /// for bit `value`), the others component by component.
    @inline(__always)
    func apply(_ r: UnsafePointer<Double>, into φ: UnsafeMutablePointer<Double>, count n: Int) {
        switch self {   // one switch per state, not one per component
        case .tanh: rl_tanh(r, φ, n)
        case .logistic: for i in 0..<n { φ[i] = Activation.logistic.value(r[i]) }
        case .rectified: for i in 0..<n { φ[i] = max(r[i], 0) }
        }
    }
}
