/// Why a fixed-point method gave no answer. Each case carries the numbers that decided
/// it, and no method returns a state or a gradient alongside one of these.
public enum FixedPointError: Error, Equatable, CustomStringConvertible {
    /// The solve stopped with ‖F(r)‖∞ = `residual` still above its tolerance.
    case didNotConverge(method: String, iterations: Int, residual: Double)
    /// F(r) stopped being finite: the iteration ran away.
    case diverged(method: String, iterations: Int)
    /// The solve converged, but to a point where max Re λ(J) = `spectralAbscissa` ≥ 0:
    /// the dynamics leave it, so it is no answer of the network.
    case unstable(spectralAbscissa: Double, residual: Double)
    /// J is singular to working precision where it had to be factored, at r* or at a
    /// Newton iterate (LAPACK's 1 / κ₁(J) estimate, 0 for a zero pivot).
    case singularJacobian(reciprocalCondition: Double)
    /// LAPACK's eigenvalue solver did not converge on J at r*, so stability is unknown.
    case stabilityUnknown(info: Int)
    /// The adjoint dv/dt = vJ + ∂l/∂r* grew without bound: J has an eigenvalue with Re λ ≥ 0.
    case adjointDiverged(steps: Int, residual: Double)
    /// The adjoint ran to its horizon with ‖vJ + ∂l/∂r*‖∞ / ‖∂l/∂r*‖∞ = `residual` still
    /// above tolerance.
    case adjointDidNotConverge(steps: Int, horizon: Double, residual: Double)

    public var description: String {
        switch self {
        case let .didNotConverge(method, iterations, residual):
            "\(method) did not converge: ‖F(r)‖∞ = \(residual.formatted(sig: 3)) after \(iterations) iterations; "
                + "allow more iterations, try Newton, or check that the network contracts"
        case let .diverged(method, iterations):
            "\(method) diverged: F(r) was not finite after \(iterations) iterations; the network has no attracting fixed point from this start"
        case let .unstable(abscissa, residual):
            "the fixed point is unstable: max Re λ(J) = \(abscissa.formatted(sig: 3)) ≥ 0 (‖F(r*)‖∞ = \(residual.formatted(sig: 3))); "
                + "the dynamics leave it, so no gradient at it means anything"
        case let .singularJacobian(rcond):
            "J is singular where it was factored (1/κ₁(J) ≈ \(rcond.formatted(sig: 3))): at a fixed point r* does not depend smoothly "
                + "on w there; at a Newton iterate, start Newton elsewhere or relax first"
        case let .stabilityUnknown(info):
            "the eigenvalues of J at r* could not be computed (LAPACK dgeev info \(info)), so its stability is unknown"
        case let .adjointDiverged(steps, residual):
            "the adjoint ODE diverged: ‖vJ + ∂l/∂r*‖ grew to \(residual.formatted(sig: 3)) × its start in \(steps) steps; "
                + "J has an eigenvalue with Re λ ≥ 0, or Δt is too large for the adjoint's Euler steps"
        case let .adjointDidNotConverge(steps, horizon, residual):
            "the adjoint ODE did not reach its steady state: relative residual \(residual.formatted(sig: 3)) at t = \(horizon.formatted(sig: 3)) "
                + "after \(steps) steps; allow a longer horizon or a larger Δt, or use the solve"
        }
    }
}
