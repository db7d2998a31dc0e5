/// A model nudged by its loss, the dynamics of equilibrium propagation's second phase:
///
///     dr/dt = F_w(r, x) + λ (∂l/∂r)ᵀ,     l = s · ½ ‖r[readout] − y‖²,
///
/// with the target y passed as the last inputs, so that one fixed-point solver serves
/// every phase: the input is (x, y), k + |readout| numbers. λ > 0 pushes r uphill on
/// the loss, λ < 0 toward the target; s is the loss's scale (1/S over S samples).
///
/// J_λ = J + λ s Pᵀ P (P selects the readout units); ∂F_λ/∂w = ∂F/∂w: the nudge does
/// not depend on w.
public struct NudgedSystem<Base: DynamicalSystem>: DynamicalSystem {
    public var base: Base
    public var readout: [Int]
    public var nudge: Double
    public var scale: Double

    public init(base: Base, readout: [Int], nudge λ: Double, scale: Double = 1) {
        precondition(readout.allSatisfy { (0..<base.stateCount).contains($0) }, "readout units must lie in 0..<\(base.stateCount)")
        self.base = base
        self.readout = readout
        self.nudge = λ
        self.scale = scale
    }

    public var stateCount: Int { base.stateCount }
    public var inputCount: Int { base.inputCount + readout.count }
    public var parameterCount: Int { base.parameterCount }
    public var parameterNames: [String] { base.parameterNames }
    public var parameters: [Double] {
        get { base.parameters }
        set { base.parameters = newValue }
    }

    /// (x, y) split.
    private func split(_ input: [Double]) -> (x: [Double], y: ArraySlice<Double>) {
        let k = base.inputCount
        return (Array(input[..<k]), input[k...])
    }

    public func rate(_ r: [Double], input: [Double]) -> [Double] {
        let (x, y) = split(input)
        var F = base.rate(r, input: x)
        for (q, unit) in readout.enumerated() { F[unit] += nudge * scale * (r[unit] - y[y.startIndex + q]) }
        return F
    }

    public func stateJacobian(_ r: [Double], input: [Double]) -> Matrix {
        var J = base.stateJacobian(r, input: split(input).x)
        for unit in readout { J[unit, unit] += nudge * scale }
        return J
    }

    public func parameterJacobian(_ r: [Double], input: [Double]) -> Matrix {
        base.parameterJacobian(r, input: split(input).x)
    }
}
