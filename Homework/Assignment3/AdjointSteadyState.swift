/// Assignment 3, exercise 4: the adjoint ODE dv/dt = v J + ∂l/∂r*, stepped to its steady state.
///
/// For the homework model J = w − 1 and ∂l/∂r* = r* − y (l = ½ (r* − y)²). The steady
/// state is v* = −(r* − y) / (w − 1), the v* of exercise 3. Reach it with Euler steps:
///
/// ```
/// v = 0, steps = 0
/// while not |v (w − 1) + (r* − y)| ≤ tolerance · |r* − y|:      (a NaN residual keeps stepping)
///     if steps == maxSteps: throw AdjointDidNotConverge(steps: steps)
///     v ← v + dt (v (w − 1) + (r* − y))
///     steps ← steps + 1
/// ```
///
/// (When r* = y the loop never runs: v = 0 after 0 steps.) For w ≥ 1 throw
/// `UnstableFixedPoint(w: w)` before stepping: the adjoint would not settle.
///
/// - Returns: v after the last step and the number of steps taken.
public func adjointSteadyState(w: Double, b: Double, x: Double, y: Double, dt: Double,
                               tolerance: Double, maxSteps: Int) throws -> (v: Double, steps: Int) {
    // BEGIN SOLUTION
    guard w < 1 else { throw UnstableFixedPoint(w: w) }
    let g = (b + x) / (1 - w) - y                         // ∂l/∂r*
    var v = 0.0, steps = 0
    while !(abs(v * (w - 1) + g) <= tolerance * abs(g)) {
        if steps == maxSteps { throw AdjointDidNotConverge(steps: steps) }
        v += dt * (v * (w - 1) + g)
        steps += 1
    }
    return (v, steps)
    // END SOLUTION
}
