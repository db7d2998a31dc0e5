/// The Hopfield network's linearization: the dense default (`DenseLinearization`) for F and
/// the Jacobian products, and vᵀ ∂F/∂w from the structure of ∂F/∂w instead of the dense
/// n × m D. With u = v ∘ ρ′(r_t), F_a = −r_a + ρ′_a (Σ_b W_ab ρ_b + b_a + Σ_c U_ac x_c) gives
///
/// ```
/// (vᵀD)_{W_ab} = u_a ρ_b + u_b ρ_a  (a < b),   u_a ρ_a  (a = b)
/// (vᵀD)_{U_ic} = u_i x_c,           (vᵀD)_{b_i} = u_i
/// ```
///
/// O(n² + nk) a point and 2n doubles a point (ρ and ρ′), where the default forms D, n × m
/// = O(n³) numbers: what keeps the implicit gradient's and equilibrium propagation's last
/// product, Σ_s v_s ∂F/∂w, as cheap as one relaxation step.
public final class HopfieldLinearization: Linearization {
    public let system: HopfieldNetwork
    private let dense: DenseLinearization<HopfieldNetwork>
    /// ρ(r_t) then ρ′(r_t), 2n per point, and x_t, k per point.
    private let activity: PooledBuffer, inputs: PooledBuffer

    public init(_ system: HopfieldNetwork, points capacity: Int) {
        self.system = system
        dense = DenseLinearization(system, points: capacity)
        activity = PooledBuffer(count: 2 * system.stateCount * capacity)
        inputs = PooledBuffer(count: system.inputCount * capacity)
    }

    public var stateCount: Int { dense.stateCount }
    public var inputCount: Int { dense.inputCount }
    public var parameterCount: Int { dense.parameterCount }
    public var capacity: Int { dense.capacity }

    public func linearize(point t: Int, state r: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                          rate F: UnsafeMutablePointer<Double>) {
        dense.linearize(point: t, state: r, input: x, rate: F)
        let n = stateCount, k = inputCount, ρ = activity.pointer + 2 * n * t, x_t = inputs.pointer + k * t
        for i in 0..<n {
            ρ[i] = system.activation.value(r[i])
            ρ[n + i] = system.activation.derivative(r[i])
        }
        for c in 0..<k { x_t[c] = x[c] }
    }

    public func jacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double, plus β: Double,
                                into out: UnsafeMutablePointer<Double>) {
        dense.jacobianProduct(point: t, v, scaledBy: α, plus: β, into: out)
    }

    public func transposedJacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double,
                                          plus β: Double, into out: UnsafeMutablePointer<Double>) {
        dense.transposedJacobianProduct(point: t, v, scaledBy: α, plus: β, into: out)
    }

    public func jacobianMatrixProduct(point t: Int, _ P: UnsafePointer<Double>, columns: Int, scaledBy α: Double,
                                      plus β: Double, into out: UnsafeMutablePointer<Double>) {
        dense.jacobianMatrixProduct(point: t, P, columns: columns, scaledBy: α, plus: β, into: out)
    }

    public func addParameterJacobian(point t: Int, scaledBy α: Double, to P: UnsafeMutablePointer<Double>) {
        dense.addParameterJacobian(point: t, scaledBy: α, to: P)
    }

    public func parameterJacobianAt(point t: Int) -> Matrix { dense.parameterJacobianAt(point: t) }

    public func addParameterVJPs(points: Range<Int>, _ V: UnsafePointer<Double>, scaledBy α: Double,
                                 to g: UnsafeMutablePointer<Double>) {
        let n = stateCount, k = inputCount, couplings = n * (n + 1) / 2
        ScratchPool.shared.withBuffers([n]) { scratch in
            let u = scratch[0]
            for t in points {
                let v = V + (t - points.lowerBound) * n, ρ = activity.pointer + 2 * n * t, x = inputs.pointer + k * t
                for i in 0..<n { u[i] = α * v[i] * ρ[n + i] }
                for b in 0..<n {
                    let column = g + b * (b + 1) / 2
                    for a in 0..<b { column[a] += u[a] * ρ[b] + u[b] * ρ[a] }
                    column[b] += u[b] * ρ[b]
                }
                for c in 0..<k { for i in 0..<n { g[couplings + i + c * n] += u[i] * x[c] } }
                for i in 0..<n { g[couplings + n * k + i] += u[i] }
            }
        }
    }
}

extension HopfieldNetwork {
    public typealias Linearization = HopfieldLinearization

    public func makeLinearization(points: Int) -> HopfieldLinearization {
        HopfieldLinearization(self, points: points)
    }
}
