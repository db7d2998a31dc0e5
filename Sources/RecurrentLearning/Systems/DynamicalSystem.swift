/// A continuous-time system  dr/dt = F_w(r, x)
///
/// - state r ∈ ℝⁿ (`stateCount`), input x ∈ ℝᵏ (`inputCount`),
///   parameters w ∈ ℝᵐ (`parameters`, flattened; `parameterNames` says which is which).
///
/// Every learning method of the toolkit (RTRL, BPTT, fixed points, adjoints,
/// gradient checks) is written once against this protocol. A model provides F
/// and its two Jacobians:
///
/// ```
/// J    = ∂F/∂r   (n × n)   `stateJacobian`
/// ∂F/∂w          (n × m)   `parameterJacobian` (dense, for RTRL)
/// vᵀ ∂F/∂r,  vᵀ ∂F/∂w      `stateVJP`, `parameterVJP` (for BPTT and adjoints)
/// ```
///
/// The vector–Jacobian products have defaults built on the dense Jacobians; a
/// model overrides them when its structure makes them cheaper (the rate
/// network's vᵀ ∂F/∂W is the outer product v φ(r)ᵀ/τ, O(n²), not O(n³)).
///
/// Mathematical properties every conforming model keeps (checked in the tests
/// against central differences of `rate`):
/// - `stateJacobian(r, x)[i, j]` = ∂F_i/∂r_j
/// - `parameterJacobian(r, x)[i, k]` = ∂F_i/∂w_k
/// - `stateVJP(v, r, x)` = vᵀ `stateJacobian(r, x)`, `parameterVJP` likewise.
///
/// A unit with a discontinuity (a spike threshold) returns a *surrogate*
/// Jacobian and says so in its documentation.
public protocol DynamicalSystem: Sendable {
    /// n, the dimension of r.
    var stateCount: Int { get }
    /// k, the dimension of x.
    var inputCount: Int { get }
    /// w, flattened. Setting it changes the model.
    var parameters: [Double] { get set }
    /// One readable name per parameter, in the order of `parameters`.
    var parameterNames: [String] { get }

    /// F_w(r, x).
    func rate(_ r: [Double], input x: [Double]) -> [Double]
    /// J = ∂F/∂r at (r, x), n × n.
    func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix
    /// ∂F/∂w at (r, x), n × m.
    func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix
    /// vᵀ ∂F/∂r, length n.
    func stateVJP(_ v: [Double], state r: [Double], input x: [Double]) -> [Double]
    /// vᵀ ∂F/∂w, length m.
    func parameterVJP(_ v: [Double], state r: [Double], input x: [Double]) -> [Double]
    /// P ← P + α ∂F/∂w(r, x) in place, for an n × m matrix P: RTRL's
    /// inhomogeneous term. A model with a sparse ∂F/∂w adds only its non-zeros.
    func addParameterJacobian(to p: inout Matrix, scaledBy α: Double, state r: [Double], input x: [Double])
    /// Σ_t v_tᵀ ∂F/∂w(r_t, x_t) over a whole trajectory, length m. BPTT's
    /// parameter gradient; a model may batch it (one matrix product).
    func parameterVJPSum(adjoints v: [[Double]], states r: [[Double]], inputs x: [[Double]]) -> [Double]
}

extension DynamicalSystem {
    /// m, the number of parameters.
    public var parameterCount: Int { parameters.count }

    public func stateVJP(_ v: [Double], state r: [Double], input x: [Double]) -> [Double] {
        v * stateJacobian(r, input: x)
    }

    public func parameterVJP(_ v: [Double], state r: [Double], input x: [Double]) -> [Double] {
        v * parameterJacobian(r, input: x)
    }

    public func addParameterJacobian(to p: inout Matrix, scaledBy α: Double, state r: [Double], input x: [Double]) {
        let d = parameterJacobian(r, input: x)
        precondition(p.rows == d.rows && p.columns == d.columns,
                     "addParameterJacobian: P is \(p.rows) × \(p.columns), ∂F/∂w is \(d.rows) × \(d.columns)")
        for i in p.elements.indices { p.elements[i] += α * d.elements[i] }
    }

    public func parameterVJPSum(adjoints v: [[Double]], states r: [[Double]], inputs x: [[Double]]) -> [Double] {
        precondition(v.count == r.count && r.count == x.count,
                     "parameterVJPSum needs as many adjoints (\(v.count)), states (\(r.count)) and inputs (\(x.count))")
        var sum = [Double](repeating: 0, count: parameterCount)
        for t in v.indices {
            let g = parameterVJP(v[t], state: r[t], input: x[t])
            for k in sum.indices { sum[k] += g[k] }
        }
        return sum
    }

    /// A copy of the model with other parameters.
    public func with(parameters w: [Double]) -> Self {
        precondition(w.count == parameterCount, "model has \(parameterCount) parameters, got \(w.count)")
        var copy = self
        copy.parameters = w
        return copy
    }
}
