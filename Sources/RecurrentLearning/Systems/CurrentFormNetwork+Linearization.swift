/// The current form's linearization,  τ_s dI/dt = −I + W g(I) + U x:
///
/// ```
/// point t keeps   g(I_t), g′(I_t), x_t
/// J_t v           = (−v + W (g′ ∘ v))/τ_s
/// J_tᵀ v          = (−v + g′ ∘ (Wᵀ v))/τ_s
/// D_t             : ∂F_i/∂W_ij = g(I_j)/τ_s,  ∂F_i/∂U_ij = x_j/τ_s
/// Σ_t v_tᵀ D_t    = (V Gᵀ, V Xᵀ)/τ_s                          two dgemm calls
/// ```
public final class CurrentFormNetworkLinearization<G: TransferFunction>: Linearization {
    public let stateCount: Int
    public let inputCount: Int
    public let parameterCount: Int
    public let capacity: Int
    private let network: CurrentFormNetwork<G>
    private let weights: WeightStorage
    private let g, slope, x: PointColumns             // g(I_t), g′(I_t), x_t
    private let scratch, matrix: PooledBuffer

    init(_ network: CurrentFormNetwork<G>, points capacity: Int) {
        let n = network.stateCount, k = network.inputCount
        self.network = network
        stateCount = n; inputCount = k; parameterCount = n * n + n * k
        self.capacity = capacity
        weights = WeightStorage(recurrent: network.connectivity.recurrent, input: network.connectivity.input)
        g = PointColumns(width: n, capacity: capacity)
        slope = PointColumns(width: n, capacity: capacity)
        x = PointColumns(width: k, capacity: capacity)
        scratch = PooledBuffer(count: 2 * n)
        matrix = PooledBuffer(count: n * n)
    }

    private var τ: Double { network.synapticTimeConstant }

    public func linearize(point t: Int, state current: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                          rate F: UnsafeMutablePointer<Double>) {
        let n = stateCount, transfer = network.transfer, τ = τ, gt = g[t], st = slope[t]
        self.x[t].update(from: x, count: inputCount)
        for i in 0..<n { gt[i] = transfer.value(current[i]); st[i] = transfer.derivative(current[i]) }
        weights.summedInput(gt, x, into: F, scratch: scratch.pointer)
        for i in 0..<n { F[i] = (-current[i] + F[i]) / τ }
    }

    public func jacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double, plus β: Double,
                                into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, st = slope[t], a = scratch.pointer, τ = τ
        for j in 0..<n { a[j] = st[j] * v[j] }
        weights.recurrent(a, into: out)
        for i in 0..<n {
            let j = (-v[i] + out[i]) / τ
            out[i] = β == 0 ? α * j : β * v[i] + α * j
        }
    }

    public func transposedJacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double,
                                          plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, st = slope[t], τ = τ
        weights.transposedRecurrent(v, into: out)
        for j in 0..<n {
            let g = (-v[j] + st[j] * out[j]) / τ
            out[j] = β == 0 ? α * g : β * v[j] + α * g
        }
    }

    /// M = β I + α (−I + W diag g′)/τ_s formed once, then M P.
    public func jacobianMatrixProduct(point t: Int, _ P: UnsafePointer<Double>, columns: Int, scaledBy α: Double,
                                      plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, st = slope[t], M = matrix.pointer, τ = τ
        network.connectivity.recurrent.elements.withUnsafeBufferPointer { w in
            for c in 0..<n {
                for i in 0..<n { M[i + c * n] = α * ((w[i + c * n] * st[c] - (i == c ? 1 : 0)) / τ) }
                M[c + c * n] += β
            }
        }
        BLAS.gemm(m: n, n: columns, k: n, alpha: 1, M, lda: n, P, ldb: n, beta: 0, out, ldc: n)
    }

    public func addParameterJacobian(point t: Int, scaledBy α: Double, to P: UnsafeMutablePointer<Double>) {
        let n = stateCount, k = inputCount, gt = g[t], xt = x[t], a = α / τ
        for j in 0..<n { let c = a * gt[j]; for i in 0..<n { P[i + (i + j * n) * n] += c } }
        for j in 0..<k { let c = a * xt[j]; for i in 0..<n { P[i + (n * n + i + j * n) * n] += c } }
    }

    public func addParameterVJPs(points: Range<Int>, _ V: UnsafePointer<Double>, scaledBy α: Double,
                                 to g: UnsafeMutablePointer<Double>) {
        let n = stateCount, k = inputCount, t0 = points.lowerBound
        guard !points.isEmpty else { return }
        WeightStorage.addOuterProducts(V, lda: n, self.g[t0], ldb: n, rows: n, columns: n, count: points.count,
                                       scaledBy: α / τ, to: g)
        WeightStorage.addOuterProducts(V, lda: n, x[t0], ldb: k, rows: n, columns: k, count: points.count,
                                       scaledBy: α / τ, to: g + n * n)
    }

    public func parameterJacobianAt(point t: Int) -> Matrix {
        network.connectivity.summedInputJacobian(Array(UnsafeBufferPointer(start: g[t], count: stateCount)),
                                                 Array(UnsafeBufferPointer(start: x[t], count: inputCount)),
                                                 rowScale: [Double](repeating: 1 / τ, count: stateCount))
    }
}

extension CurrentFormNetwork {
    public func makeLinearization(points: Int) -> CurrentFormNetworkLinearization<G> {
        CurrentFormNetworkLinearization(self, points: points)
    }
}
