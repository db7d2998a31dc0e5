import CRateKernels

/// The rate network's linearization: F and the Jacobian products of
/// τ dr/dt = −r + W φ(r) + U x + b through the fused C kernels (`CRateKernels`).
///
/// ```
/// point t keeps   φ_t = φ(r_t) (n) and x_t (k)
/// J_t v           = (−v + W (φ′_t ∘ v)) / τ
/// J_tᵀ v          = (−v + (Wᵀ v) ∘ φ′_t) / τ          rl_rate_vjp / rl_rate_adjoint
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
/// - Storage: n² + nk + n for the copies, (n + k) per point, n² + n scratch;
///   nothing is allocated after `init`, and the blocks come from the pool.
public final class RateNetworkLinearization: Linearization {
    public let stateCount: Int
    public let inputCount: Int
    public let parameterCount: Int
    public let capacity: Int
    let τ: Double
    let activation: Activation
    private let w, u, b: PooledBuffer
    private let values, inputs: PooledBuffer       // Φ (n × capacity), X (k × capacity)
    private let matrix, vector, zeros: PooledBuffer // S (n × n), n scratch, n zeros

    init(_ network: RateNetwork, points capacity: Int) {
        let n = network.stateCount, k = network.inputCount
        stateCount = n
        inputCount = k
        parameterCount = n * n + n * k + n
        self.capacity = capacity
        τ = network.timeConstant
        activation = network.activation
        w = PooledBuffer(network.weights.elements)
        u = PooledBuffer(network.inputWeights.elements)
        b = PooledBuffer(network.bias)
        values = PooledBuffer(count: n * capacity)
        inputs = PooledBuffer(count: k * capacity)
        matrix = PooledBuffer(count: n * n)
        vector = PooledBuffer(count: n)
        zeros = PooledBuffer([Double](repeating: 0, count: n))
    }

    private func φ(_ t: Int) -> UnsafeMutablePointer<Double> {
        precondition(t >= 0 && t < capacity, "point \(t) outside 0 ..< \(capacity)")
        return values.pointer + t * stateCount
    }

    private func x(_ t: Int) -> UnsafeMutablePointer<Double> { inputs.pointer + t * inputCount }

    private var uPointer: UnsafePointer<Double>? { inputCount > 0 ? UnsafePointer(u.pointer) : nil }

    public func linearize(point t: Int, state r: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                          rate F: UnsafeMutablePointer<Double>) {
        let n = stateCount, k = inputCount, φt = φ(t)
        self.x(t).update(from: x, count: k)
        activation.apply(r, into: φt, count: n)
        rl_rate_field(n, k, w.pointer, uPointer, b.pointer, τ, r, φt, k > 0 ? self.x(t) : nil, F)
    }

    /// out = β v + α g for g already in out (β = 0: v not read).
    private func combine(_ v: UnsafePointer<Double>, _ α: Double, _ β: Double, _ out: UnsafeMutablePointer<Double>) {
        if α == 1 && β == 0 { return }
        for i in 0..<stateCount { out[i] = β == 0 ? α * out[i] : β * v[i] + α * out[i] }
    }

    public func jacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double, plus β: Double,
                                into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, φt = φ(t), s = vector.pointer, activation = activation
        for j in 0..<n { s[j] = activation.slope(fromValue: φt[j]) * v[j] }
        // (−v + W s + 0)/τ: the field kernel with no input and a zero bias
        rl_rate_field(n, 0, w.pointer, nil, zeros.pointer, τ, v, s, nil, out)
        combine(v, α, β, out)
    }

    public func transposedJacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double,
                                          plus β: Double, into out: UnsafeMutablePointer<Double>) {
        if β == 1 {   // the BPTT step a + Δt Jᵀa, fused
            rl_rate_adjoint(stateCount, w.pointer, τ, v, φ(t), activation.kernelCode, α, out)
        } else {
            rl_rate_vjp(stateCount, w.pointer, τ, v, φ(t), activation.kernelCode, out)
            combine(v, α, β, out)
        }
    }

    /// S = β I + α J_t formed once (n²), then S P in register tiles: RTRL's
    /// (I + Δt J) p, where a BLAS dgemm would repack P every step.
    public func jacobianMatrixProduct(point t: Int, _ P: UnsafePointer<Double>, columns: Int, scaledBy α: Double,
                                      plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, φt = φ(t), S = matrix.pointer, τ = τ
        for c in 0..<n {
            let column = S + c * n, wc = w.pointer + c * n, sc = activation.slope(fromValue: φt[c])
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
    func apply(_ r: UnsafePointer<Double>, into φ: UnsafeMutablePointer<Double>, count n: Int) {
        switch self {   // one switch per state, not one per component
        case .tanh: rl_tanh(r, φ, n)
        case .logistic: for i in 0..<n { φ[i] = Activation.logistic.value(r[i]) }
        case .rectified: for i in 0..<n { φ[i] = max(r[i], 0) }
        }
    }
}
