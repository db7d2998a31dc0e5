/// A discrete-time map  r_{t+1} = M(r_t, x_t)  with its linearization, the
/// layer RTRL and BPTT are written on: they differentiate the map exactly,
/// whichever it is.
///
/// ```
/// tangent          Out = (∂M/∂r)_t P        P: n × columns   (RTRL's sensitivities)
/// cotangent        out = (∂M/∂r)_tᵀ a                         (BPTT's adjoints)
/// parameters       P ← P + (∂M/∂w)_t,   g ← g + Σ_t V_tᵀ (∂M/∂w)_t
/// ```
///
/// `step` linearizes the model at (r_t, x_t) as the given point of the
/// linearization; the other calls use that point.
public protocol DiscreteMap: Sendable {
    /// Linearizes at (r, x) as point t and writes M(r, x) to `next`.
    func step<L: Linearization>(_ l: L, point t: Int, state r: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                                into next: UnsafeMutablePointer<Double>)
    /// Out = (∂M/∂r)_t P for an n × `columns` P.
    func tangent<L: Linearization>(_ l: L, point t: Int, _ P: UnsafePointer<Double>, columns: Int,
                                   into out: UnsafeMutablePointer<Double>)
    /// out = (∂M/∂r)_tᵀ a.
    func cotangent<L: Linearization>(_ l: L, point t: Int, _ a: UnsafePointer<Double>,
                                     into out: UnsafeMutablePointer<Double>)
    /// P ← P + (∂M/∂w)_t for an n × m P.
    func addParameterJacobian<L: Linearization>(_ l: L, point t: Int, to P: UnsafeMutablePointer<Double>)
    /// g ← g + Σ_{t ∈ points} V[:, t − points.lowerBound]ᵀ (∂M/∂w)_t.
    func addParameterVJPs<L: Linearization>(_ l: L, points: Range<Int>, _ V: UnsafePointer<Double>,
                                            to g: UnsafeMutablePointer<Double>)
}

/// The forward Euler map of dr/dt = F(r, x), the input held over the step:
///
/// ```
/// M(r, x)  = r + Δt F(r, x)
/// ∂M/∂r    = I + Δt J,       ∂M/∂w = Δt D
/// ```
///
/// Its local error is O(Δt²), but RTRL and BPTT differentiate this map
/// itself, so their gradients are exact for the simulated loss and equal
/// each other, and central differences of the same simulation, to rounding.
public struct EulerMap: DiscreteMap {
    /// Δt, in the unit of the model's time constants.
    public var timeStep: Double

    @inlinable
    public init(timeStep: Double) {
        precondition(timeStep > 0, "Δt must be positive, got \(timeStep)")
        self.timeStep = timeStep
    }

    /// F is written to `next`, then next = r + Δt F in place: the same sum as
    /// `Integrator.euler`, so the states are those of `simulate`, bit for bit.
    @inlinable
    public func step<L: Linearization>(_ l: L, point t: Int, state r: UnsafePointer<Double>,
                                       input x: UnsafePointer<Double>, into next: UnsafeMutablePointer<Double>) {
        l.linearize(point: t, state: r, input: x, rate: next)
        let Δt = timeStep
        for i in 0..<l.stateCount { next[i] = r[i] + Δt * next[i] }
    }

    @inlinable
    public func tangent<L: Linearization>(_ l: L, point t: Int, _ P: UnsafePointer<Double>, columns: Int,
                                          into out: UnsafeMutablePointer<Double>) {
        l.jacobianMatrixProduct(point: t, P, columns: columns, scaledBy: timeStep, plus: 1, into: out)
    }

    @inlinable
    public func cotangent<L: Linearization>(_ l: L, point t: Int, _ a: UnsafePointer<Double>,
                                            into out: UnsafeMutablePointer<Double>) {
        l.transposedJacobianProduct(point: t, a, scaledBy: timeStep, plus: 1, into: out)
    }

    @inlinable
    public func addParameterJacobian<L: Linearization>(_ l: L, point t: Int, to P: UnsafeMutablePointer<Double>) {
        l.addParameterJacobian(point: t, scaledBy: timeStep, to: P)
    }

    @inlinable
    public func addParameterVJPs<L: Linearization>(_ l: L, points: Range<Int>, _ V: UnsafePointer<Double>,
                                                   to g: UnsafeMutablePointer<Double>) {
        l.addParameterVJPs(points: points, V, scaledBy: timeStep, to: g)
    }
}
