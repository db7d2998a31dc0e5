/// Equilibrium propagation (Scellier & Bengio 2017), in the lecture's form: nudge the
/// dynamics by the loss, dr/dt = F + λ (∂l/∂r)ᵀ, and differentiate the nudged fixed point,
///
///     0 = F(r*_λ, x) + λ (∂l/∂r)ᵀ   ⇒   (dr*_λ/dλ)ᵀ at λ = 0  = −(∂l/∂r) J⁻ᵀ.
///
/// When J is symmetric (an `EnergyModel`) J⁻ᵀ = J⁻¹, so dr*/dλ is the implicit gradient's
/// adjoint v* and dl/dw = (dr*/dλ)ᵀ ∂F/∂w, from relaxations alone, no solve, no adjoint:
///
///     one-sided:  dr*/dλ ≈ (r*_λ − r*)/λ               error O(λ)
///     symmetric:  dr*/dλ ≈ (r*_λ − r*_−λ)/(2λ)          error O(λ²)
///
/// plus the solver's floor, about ‖J⁻¹‖ · tolerance / λ: each phase is solved to
/// ‖F‖∞ ≤ tolerance, so each state is off by up to ‖J⁻¹‖ · tolerance, and a difference of
/// two such states divided by λ carries that error.
/// λ > 0 pushes uphill on the loss, λ < 0 toward the target; either sign estimates the
/// same derivative, and flipping it flips the difference, not the estimate.
///
/// The contrastive form (`contrastiveGradient`) needs only ∂E/∂w at the phases:
/// dl/dw = −d/dλ [∂E/∂w (r*_λ)] ≈ −(∂E/∂w(r*_λ) − ∂E/∂w(r*))/λ, local and, for the
/// Hopfield net, Hebbian. The two forms agree to O(λ) one-sided and O(λ²) symmetric (two
/// expansions of one derivative).
///
/// On a model without an energy (J not symmetric) the estimate converges, as λ → 0, to
/// −(∂l/∂r) J⁻ᵀ ∂F/∂w, which is not the gradient: the error stays finite.
public enum EquilibriumPropagation {
    public enum Estimator: String, Sendable, Equatable, CaseIterable {
        case oneSided = "one-sided"
        case symmetric
    }

    public struct Result: Sendable {
        /// l at the free fixed points.
        public var loss: Double
        public var nudge: Double
        public var estimator: Estimator
        /// Σ_s (dr*_s/dλ)ᵀ ∂F/∂w(r*_s, x_s), the estimate of dl/dw (the lecture's form).
        public var gradient: [Double]
        /// The free phase r*_s (λ = 0).
        public var free: [FixedPoint]
        /// The phase at +λ, started from r*_s.
        public var nudged: [FixedPoint]
        /// The phase at −λ (the symmetric estimator only).
        public var oppositelyNudged: [FixedPoint]
        /// The estimates of dr*_s/dλ, one n-vector per sample.
        public var directions: [[Double]]
    }

    /// The free phase, the nudged phase(s) by the problem's solver (its health and typed
    /// errors), and the estimate of dl/dw.
    public static func gradient<S: DynamicalSystem>(_ problem: FixedPointProblem<S>, nudge λ: Double,
                                                    estimator: Estimator = .symmetric) throws(FixedPointError) -> Result {
        precondition(λ.isFinite && λ != 0, "the nudge λ must be finite and non-zero, got \(λ)")
        let linearization = problem.system.makeLinearization(points: problem.sampleCount)
        let free = try problem.solve(linearizing: linearization)          // leaves point s linearized at r*_s
        let plus = try nudgedPhase(problem, λ, from: free)
        let minus = estimator == .symmetric ? try nudgedPhase(problem, -λ, from: free) : []
        let directions = free.indices.map { s in
            estimator == .symmetric
                ? Vector.scaled(Vector.subtracting(plus[s].state, minus[s].state), by: 1 / (2 * λ))
                : Vector.scaled(Vector.subtracting(plus[s].state, free[s].state), by: 1 / λ)
        }
        return Result(loss: problem.loss(at: free), nudge: λ, estimator: estimator,
                      gradient: ImplicitGradient.parameterProduct(problem, directions, linearization),
                      free: free, nudged: plus, oppositelyNudged: minus, directions: directions)
    }

    /// The contrastive form of the same estimate: −Σ_s (∂E/∂w(r*_λ) − ∂E/∂w(r*))/λ (one-sided),
    /// or −Σ_s (∂E/∂w(r*_λ) − ∂E/∂w(r*_−λ))/(2λ) (symmetric), at the phases of `result`.
    public static func contrastiveGradient<S: EnergyModel>(_ result: Result, _ problem: FixedPointProblem<S>) -> [Double] {
        var gradient = [Double](repeating: 0, count: problem.system.parameterCount)
        for s in result.free.indices {
            let x = problem.inputs[s]
            let upper = problem.system.energyParameterGradient(result.nudged[s].state, input: x)
            let (lower, width) = result.estimator == .symmetric
                ? (problem.system.energyParameterGradient(result.oppositelyNudged[s].state, input: x), 2 * result.nudge)
                : (problem.system.energyParameterGradient(result.free[s].state, input: x), result.nudge)
            for j in gradient.indices { gradient[j] -= (upper[j] - lower[j]) / width }
        }
        return gradient
    }

    /// r*_λ for every sample, each solved from its free fixed point.
    static func nudgedPhase<S: DynamicalSystem>(_ problem: FixedPointProblem<S>, _ λ: Double,
                                                from free: [FixedPoint]) throws(FixedPointError) -> [FixedPoint] {
        let nudged = NudgedSystem(base: problem.system, readout: problem.readout, nudge: λ,
                                  scale: 1 / Double(problem.sampleCount))
        var points: [FixedPoint] = []
        for s in free.indices {
            points.append(try problem.solver.solve(nudged, input: problem.inputs[s] + problem.targets[s], from: free[s].state))
        }
        return points
    }
}
