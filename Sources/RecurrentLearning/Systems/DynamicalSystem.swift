/// A continuous-time system  dr/dt = F_w(r, x)
///
/// - state r ∈ ℝⁿ (`stateCount`), input x ∈ ℝᵏ (`inputCount`),
///   parameters w ∈ ℝᵐ: a structured view each model names (W, U, b, …) and the
///   flat `parameters`, ordered as `parameterNames` says.
///
/// Every learning method of the toolkit (RTRL, BPTT, fixed points, adjoints,
/// gradient checks) is written once against this protocol, through the
/// model's **linearization** (`makeLinearization(points:)`): an object that
/// evaluates F at a point and applies the Jacobians there without forming
/// what it need not:
///
/// ```
/// F(r, x)                                          linearize(point:state:input:rate:)
/// J = ∂F/∂r  (n × n):   β v + α J v,  β v + α Jᵀ v,  β P + α J P
/// D = ∂F/∂w  (n × m):   P + α D,  g + α Σ_t v_tᵀ D_t
/// ```
///
/// and the dense J and D (`stateJacobian`, `parameterJacobian`) for the methods
/// that need them (LU solves, eigenvalues) and for the tests. A model is fast
/// by how its linearization works (the rate network's Σ_t v_t φ(r_t)ᵀ is one
/// matrix product over the trajectory), never because a method knows its type.
///
/// Mathematical properties every conforming model keeps (checked in the tests
/// against central differences of `rate`, and the linearization's products
/// against the dense Jacobians):
/// - `stateJacobian(r, x)[i, j]` = ∂F_i/∂r_j
/// - `parameterJacobian(r, x)[i, k]` = ∂F_i/∂w_k
/// - the linearization's F at (r, x) is `rate(r, input: x)`, bit for bit.
///
/// A unit with a discontinuity (a spike threshold) returns a *surrogate*
/// Jacobian and says so in its documentation.
///
/// ## Writing a new model
///
/// Give the shapes, the parameters, F and its two dense Jacobians; the
/// default linearization (`DenseLinearization`) does the rest, and RTRL, BPTT,
/// the gradient checks and training work unchanged:
///
/// ```swift
/// /// One leaky unit with a self-coupling:  dr/dt = −a r + c tanh(r) + x
/// struct LeakyUnit: DynamicalSystem {
///     var a = 1.0, c = 0.5
///     var stateCount: Int { 1 }
///     var inputCount: Int { 1 }
///     var parameterNames: [String] { ["a", "c"] }
///     var parameters: [Double] {
///         get { [a, c] }
///         set { (a, c) = (newValue[0], newValue[1]) }
///     }
///     func rate(_ r: [Double], input x: [Double]) -> [Double] { [-a * r[0] + c * tanh(r[0]) + x[0]] }
///     func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix {
///         Matrix([[-a + c * (1 - tanh(r[0]) * tanh(r[0]))]])
///     }
///     func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix { Matrix([[-r[0], tanh(r[0])]]) }
/// }
/// ```
///
/// (The tests hold such a model to RTRL = BPTT = central differences.) When a
/// model grows, give it its own `Linearization`: products in O(n²) instead of
/// through dense n × n and n × m matrices, its scratch space created once.
public protocol DynamicalSystem: Sendable {
    /// The model's evaluation at stored points and its scratch space.
    associatedtype Linearization: RecurrentLearning.Linearization = DenseLinearization<Self>

    /// n, the dimension of r.
    var stateCount: Int { get }
    /// k, the dimension of x.
    var inputCount: Int { get }
    /// w, flattened. Setting it changes the model.
    var parameters: [Double] { get set }
    /// One readable name per parameter, in the order of `parameters`.
    var parameterNames: [String] { get }
    /// m, the count of `parameters` (by default `parameters.count`, which builds the
    /// vector: a model whose parameters live in several arrays gives m directly).
    var parameterCount: Int { get }

    /// F_w(r, x).
    func rate(_ r: [Double], input x: [Double]) -> [Double]
    /// J = ∂F/∂r at (r, x), n × n.
    func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix
    /// D = ∂F/∂w at (r, x), n × m.
    func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix

    /// A linearization of this model (its parameters as they are now) that can
    /// hold `points` linearization points: 1 for RTRL and a fixed point, T for
    /// BPTT. Its scratch space is created here, once.
    func makeLinearization(points: Int) -> Linearization
}

extension DynamicalSystem {
    /// m, the number of parameters.
    public var parameterCount: Int { parameters.count }

    /// A copy of the model with other parameters.
    public func with(parameters w: [Double]) -> Self {
        precondition(w.count == parameterCount, "model has \(parameterCount) parameters, got \(w.count)")
        var copy = self
        copy.parameters = w
        return copy
    }
}

extension DynamicalSystem where Linearization == DenseLinearization<Self> {
    public func makeLinearization(points: Int) -> DenseLinearization<Self> {
        DenseLinearization(self, points: points)
    }
}
