/// The rate form's linearization,  τ_m dr/dt = −r + g(h),  h = W r + U x:
///
/// ```
/// point t keeps   r_t, x_t, g′(h_t)
/// J_t v           = (−v + g′ ∘ (W v))/τ_m
/// J_tᵀ v          = (−v + Wᵀ(g′ ∘ v))/τ_m
/// D_t             : ∂F_i/∂W_ij = g′_i r_j/τ_m,  ∂F_i/∂U_ij = g′_i x_j/τ_m
/// Σ_t v_tᵀ D_t    = (A Rᵀ, A Xᵀ)/τ_m,  A = [g′_t ∘ v_t]      two dgemm calls
/// ```
public final class RateFormNetworkLinearization<G: TransferFunction>: Linearization {
    public let stateCount: Int
    public let inputCount: Int
    public let parameterCount: Int
    public let capacity: Int
    private let network: RateFormNetwork<G>
    private let weights: WeightStorage
    private let r, x, slope: PointColumns             // r_t, x_t, g′(h_t)
    private let scratch, matrix: PooledBuffer

    init(_ network: RateFormNetwork<G>, points capacity: Int) {
        let n = network.stateCount, k = network.inputCount
        self.network = network
        stateCount = n; inputCount = k; parameterCount = n * n + n * k
        self.capacity = capacity
        weights = WeightStorage(recurrent: network.connectivity.recurrent, input: network.connectivity.input)
        r = PointColumns(width: n, capacity: capacity)
        x = PointColumns(width: k, capacity: capacity)
        slope = PointColumns(width: n, capacity: capacity)
        scratch = PooledBuffer(count: 2 * n)
        matrix = PooledBuffer(count: n * n)
    }

    private var τ: Double { network.membraneTimeConstant }

    public func linearize(point t: Int, state r: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                          rate F: UnsafeMutablePointer<Double>) {
        let n = stateCount, h = scratch.pointer, g = network.transfer, τ = τ
        self.r[t].update(from: r, count: n)
        self.x[t].update(from: x, count: inputCount)
        weights.summedInput(r, x, into: h, scratch: scratch.pointer + n)
        for i in 0..<n {
            slope[t][i] = g.derivative(h[i])
            F[i] = (-r[i] + g.value(h[i])) / τ
        }
    }

    public func jacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double, plus β: Double,
                                into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, sp = slope[t], τ = τ
        weights.recurrent(v, into: out)
        for i in 0..<n {
            let j = (-v[i] + sp[i] * out[i]) / τ
            out[i] = β == 0 ? α * j : β * v[i] + α * j
        }
    }

    public func transposedJacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double,
                                          plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, sp = slope[t], a = scratch.pointer, τ = τ
        for i in 0..<n { a[i] = sp[i] * v[i] }
        weights.transposedRecurrent(a, into: out)
        for j in 0..<n {
            let g = (-v[j] + out[j]) / τ
            out[j] = β == 0 ? α * g : β * v[j] + α * g
        }
    }

    /// M = β I + α (−I + diag g′ W)/τ_m formed once, then M P.
    public func jacobianMatrixProduct(point t: Int, _ P: UnsafePointer<Double>, columns: Int, scaledBy α: Double,
                                      plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, sp = slope[t], M = matrix.pointer, τ = τ
        network.connectivity.recurrent.elements.withUnsafeBufferPointer { w in
            for c in 0..<n {
                for i in 0..<n { M[i + c * n] = α * ((sp[i] * w[i + c * n] - (i == c ? 1 : 0)) / τ) }
                M[c + c * n] += β
            }
        }
        BLAS.gemm(m: n, n: columns, k: n, alpha: 1, M, lda: n, P, ldb: n, beta: 0, out, ldc: n)
    }

    public func addParameterJacobian(point t: Int, scaledBy α: Double, to P: UnsafeMutablePointer<Double>) {
        let n = stateCount, k = inputCount, sp = slope[t], rt = r[t], xt = x[t], τ = τ
        for j in 0..<n { for i in 0..<n { P[i + (i + j * n) * n] += α * (sp[i] * rt[j] / τ) } }
        for j in 0..<k { for i in 0..<n { P[i + (n * n + i + j * n) * n] += α * (sp[i] * xt[j] / τ) } }
    }

    public func addParameterVJPs(points: Range<Int>, _ V: UnsafePointer<Double>, scaledBy α: Double,
                                 to g: UnsafeMutablePointer<Double>) {
        let n = stateCount, k = inputCount, T = points.count, t0 = points.lowerBound
        guard T > 0 else { return }
        ScratchPool.shared.withBuffers([n * T]) { buffers in
            let A = buffers[0]
            for t in 0..<T { for i in 0..<n { A[i + t * n] = slope[t0 + t][i] * V[i + t * n] } }
            WeightStorage.addOuterProducts(A, lda: n, r[t0], ldb: n, rows: n, columns: n, count: T,
                                           scaledBy: α / τ, to: g)
            WeightStorage.addOuterProducts(A, lda: n, x[t0], ldb: k, rows: n, columns: k, count: T,
                                           scaledBy: α / τ, to: g + n * n)
        }
    }

    public func parameterJacobianAt(point t: Int) -> Matrix {
        let n = stateCount, sp = slope[t]
        return network.connectivity.summedInputJacobian(Array(UnsafeBufferPointer(start: r[t], count: n)),
                                                        Array(UnsafeBufferPointer(start: x[t], count: inputCount)),
                                                        rowScale: (0..<n).map { sp[$0] / τ })
    }
}

extension RateFormNetwork {
    public func makeLinearization(points: Int) -> RateFormNetworkLinearization<G> {
        RateFormNetworkLinearization(self, points: points)
    }
}
