/// The (I, r) system's linearization, state (I, r) ∈ ℝ²ⁿ, v = (a, c):
///
/// ```
/// point t keeps   r_t, x_t, g′(I_t)
/// F               = ((−I + W r + U x)/τ_s, (−r + g(I))/τ_m)
/// J_t v           = ((−a + W c)/τ_s,  (g′ ∘ a − c)/τ_m)
/// J_tᵀ v          = (−a/τ_s + g′ ∘ c/τ_m,  Wᵀ a/τ_s − c/τ_m)
/// D_t             : ∂F_I,i/∂W_ij = r_j/τ_s,  ∂F_I,i/∂U_ij = x_j/τ_s;  F_r has none
/// Σ_t v_tᵀ D_t    = (A Rᵀ, A Xᵀ)/τ_s,  A the current half of V       two dgemm calls
/// ```
public final class SynapticRateNetworkLinearization<G: TransferFunction>: Linearization {
    public let stateCount: Int
    public let inputCount: Int
    public let parameterCount: Int
    public let capacity: Int
    private let network: SynapticRateNetwork<G>
    private let units: Int
    private let weights: WeightStorage
    private let r, x, slope: PointColumns             // r_t, x_t, g′(I_t)
    private let scratch, matrix: PooledBuffer

    init(_ network: SynapticRateNetwork<G>, points capacity: Int) {
        let n = network.connectivity.units, k = network.inputCount
        self.network = network
        units = n
        stateCount = 2 * n; inputCount = k; parameterCount = n * n + n * k
        self.capacity = capacity
        weights = WeightStorage(recurrent: network.connectivity.recurrent, input: network.connectivity.input)
        r = PointColumns(width: n, capacity: capacity)
        x = PointColumns(width: k, capacity: capacity)
        slope = PointColumns(width: n, capacity: capacity)
        scratch = PooledBuffer(count: n)
        matrix = PooledBuffer(count: 4 * n * n)
    }

    private var τs: Double { network.synapticTimeConstant }
    private var τm: Double { network.membraneTimeConstant }

    public func linearize(point t: Int, state: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                          rate F: UnsafeMutablePointer<Double>) {
        let n = units, current = state, rates = state + n, g = network.transfer, τs = τs, τm = τm
        self.r[t].update(from: rates, count: n)
        self.x[t].update(from: x, count: inputCount)
        weights.summedInput(rates, x, into: F, scratch: scratch.pointer)
        for i in 0..<n {
            F[i] = (-current[i] + F[i]) / τs
            F[n + i] = (-rates[i] + g.value(current[i])) / τm
            slope[t][i] = g.derivative(current[i])
        }
    }

    public func jacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double, plus β: Double,
                                into out: UnsafeMutablePointer<Double>) {
        let n = units, a = v, c = v + n, sp = slope[t], τs = τs, τm = τm
        weights.recurrent(c, into: out)
        for i in 0..<n {
            let top = (-a[i] + out[i]) / τs, bottom = (sp[i] * a[i] - c[i]) / τm
            out[i] = β == 0 ? α * top : β * v[i] + α * top
            out[n + i] = β == 0 ? α * bottom : β * v[n + i] + α * bottom
        }
    }

    public func transposedJacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double,
                                          plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = units, a = v, c = v + n, sp = slope[t], τs = τs, τm = τm
        weights.transposedRecurrent(a, into: out + n)
        for i in 0..<n {
            let top = -a[i] / τs + sp[i] * c[i] / τm, bottom = out[n + i] / τs - c[i] / τm
            out[i] = β == 0 ? α * top : β * v[i] + α * top
            out[n + i] = β == 0 ? α * bottom : β * v[n + i] + α * bottom
        }
    }

    /// M = β I + α J_t (2n × 2n) formed once, then M P.
    public func jacobianMatrixProduct(point t: Int, _ P: UnsafePointer<Double>, columns: Int, scaledBy α: Double,
                                      plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = units, N = 2 * n, sp = slope[t], M = matrix.pointer, τs = τs, τm = τm
        M.update(repeating: 0, count: N * N)
        network.connectivity.recurrent.elements.withUnsafeBufferPointer { w in
            for i in 0..<n {
                M[i + i * N] = α * (-1 / τs)
                for j in 0..<n { M[i + (n + j) * N] = α * (w[i + j * n] / τs) }
                M[n + i + i * N] = α * (sp[i] / τm)
                M[n + i + (n + i) * N] = α * (-1 / τm)
            }
        }
        for i in 0..<N { M[i + i * N] += β }
        BLAS.gemm(m: N, n: columns, k: N, alpha: 1, M, lda: N, P, ldb: N, beta: 0, out, ldc: N)
    }

    public func addParameterJacobian(point t: Int, scaledBy α: Double, to P: UnsafeMutablePointer<Double>) {
        let n = units, N = 2 * n, k = inputCount, rt = r[t], xt = x[t], a = α / τs
        for j in 0..<n { let c = a * rt[j]; for i in 0..<n { P[i + (i + j * n) * N] += c } }
        for j in 0..<k { let c = a * xt[j]; for i in 0..<n { P[i + (n * n + i + j * n) * N] += c } }
    }

    public func addParameterVJPs(points: Range<Int>, _ V: UnsafePointer<Double>, scaledBy α: Double,
                                 to g: UnsafeMutablePointer<Double>) {
        let n = units, k = inputCount, t0 = points.lowerBound
        guard !points.isEmpty else { return }
        WeightStorage.addOuterProducts(V, lda: 2 * n, r[t0], ldb: n, rows: n, columns: n, count: points.count,
                                       scaledBy: α / τs, to: g)
        WeightStorage.addOuterProducts(V, lda: 2 * n, x[t0], ldb: k, rows: n, columns: k, count: points.count,
                                       scaledBy: α / τs, to: g + n * n)
    }

    public func parameterJacobianAt(point t: Int) -> Matrix {
        let n = units
        let top = network.connectivity.summedInputJacobian(Array(UnsafeBufferPointer(start: r[t], count: n)),
                                                           Array(UnsafeBufferPointer(start: x[t], count: inputCount)),
                                                           rowScale: [Double](repeating: 1 / τs, count: n))
        var d = Matrix(rows: 2 * n, columns: top.columns)
        for c in 0..<top.columns { for i in 0..<n { d[i, c] = top[i, c] } }
        return d
    }
}

extension SynapticRateNetwork {
    public func makeLinearization(points: Int) -> SynapticRateNetworkLinearization<G> {
        SynapticRateNetworkLinearization(self, points: points)
    }
}
