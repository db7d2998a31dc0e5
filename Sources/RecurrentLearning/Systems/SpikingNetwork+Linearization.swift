/// The spiking network's linearization, through the surrogate slope:
///
/// ```
/// point t keeps   s_t = s(u_t), s′_t = σ′_β(u_t − V_th)      (n each)
/// F               = −V_th s + W s + x
/// J_t v           = (W − V_th I)(s′_t ∘ v)  = W (s′ ∘ v) − V_th s′ ∘ v
/// J_tᵀ v          = ((Wᵀ v) − V_th v) ∘ s′_t
/// D_t             : ∂F_i/∂W_ij = s_t,j
/// Σ_t v_tᵀ D_t    = V Sᵀ                                  one dgemm
/// ```
///
/// Every product is O(n²) (a dgemv), J P one dgemm-sized product: BPTT costs
/// O(n²) a step, never the n × n² dense ∂F/∂W.
public final class SpikingNetworkLinearization: Linearization {
    public let stateCount: Int
    public let inputCount: Int
    public let parameterCount: Int
    public let capacity: Int
    private let network: SpikingNetwork
    private let weights: WeightStorage
    private let s, slope: PointColumns              // s_t, s′_t
    private let scratch, matrix: PooledBuffer       // n, n × n

    init(_ network: SpikingNetwork, points capacity: Int) {
        let n = network.stateCount
        self.network = network
        stateCount = n
        inputCount = n
        parameterCount = n * n
        self.capacity = capacity
        weights = WeightStorage(recurrent: network.weights)
        s = PointColumns(width: n, capacity: capacity)
        slope = PointColumns(width: n, capacity: capacity)
        scratch = PooledBuffer(count: n)
        matrix = PooledBuffer(count: n * n)
    }


    public func linearize(point t: Int, state u: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                          rate F: UnsafeMutablePointer<Double>) {
        let n = stateCount, st = s[t], sp = slope[t], θ = network.threshold
        for i in 0..<n { st[i] = network.spikeValue(u[i]); sp[i] = network.spikeSlope(u[i]) }
        weights.recurrent(st, into: F)                       // W s, as `rate` computes it
        for i in 0..<n { F[i] = -θ * st[i] + F[i] + x[i] }
    }

    public func jacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double, plus β: Double,
                                into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, sp = slope[t], a = scratch.pointer, θ = network.threshold
        for j in 0..<n { a[j] = sp[j] * v[j] }
        weights.recurrent(a, into: out)
        for i in 0..<n {
            let g = out[i] - θ * a[i]
            out[i] = β == 0 ? α * g : β * v[i] + α * g
        }
    }

    public func transposedJacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double,
                                          plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, sp = slope[t], θ = network.threshold
        weights.transposedRecurrent(v, into: out)
        for j in 0..<n {
            let g = (out[j] - θ * v[j]) * sp[j]
            out[j] = β == 0 ? α * g : β * v[j] + α * g
        }
    }

    /// M = β I + α (W − V_th I) diag(s′) formed once, then M P.
    public func jacobianMatrixProduct(point t: Int, _ P: UnsafePointer<Double>, columns: Int, scaledBy α: Double,
                                      plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, sp = slope[t], M = matrix.pointer, θ = network.threshold
        network.weights.elements.withUnsafeBufferPointer { w in
            for c in 0..<n {
                for i in 0..<n { M[i + c * n] = α * ((w[i + c * n] - (i == c ? θ : 0)) * sp[c]) }
                M[c + c * n] += β
            }
        }
        BLAS.gemm(m: n, n: columns, k: n, alpha: 1, M, lda: n, P, ldb: n, beta: 0, out, ldc: n)
    }

    public func addParameterJacobian(point t: Int, scaledBy α: Double, to P: UnsafeMutablePointer<Double>) {
        let n = stateCount, st = s[t]
        for j in 0..<n {
            let a = α * st[j], block = P + j * n * n
            for i in 0..<n { block[i + i * n] += a }
        }
    }

    public func addParameterVJPs(points: Range<Int>, _ V: UnsafePointer<Double>, scaledBy α: Double,
                                 to g: UnsafeMutablePointer<Double>) {
        guard !points.isEmpty else { return }
        WeightStorage.addOuterProducts(V, lda: stateCount, s[points.lowerBound], ldb: stateCount, rows: stateCount,
                                       columns: stateCount, count: points.count, scaledBy: α, to: g)
    }

    public func parameterJacobianAt(point t: Int) -> Matrix {
        let n = stateCount, st = s[t]
        var d = Matrix(rows: n, columns: n * n)
        for j in 0..<n { for i in 0..<n { d[i, i + j * n] = st[j] } }
        return d
    }
}

extension SpikingNetwork {
    public func makeLinearization(points: Int) -> SpikingNetworkLinearization {
        SpikingNetworkLinearization(self, points: points)
    }
}
