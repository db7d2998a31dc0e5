/// Assignment 4, exercise 1: the nudged fixed point of the homework model.
///
/// Equilibrium propagation nudges the dynamics by the loss l = ½ (r − y)²:
///
/// ```
/// dr/dt = −r + w r + b + x + λ ∂l/∂r = (w − 1 + λ) r + b + x − λ y
/// ```
///
/// Set the right-hand side to zero and solve for r: r*_λ = (b + x − λ y)/(1 − w − λ). At
/// λ = 0 it is assignment 3's r* = (b + x)/(1 − w). Its Jacobian is J_λ = w − 1 + λ: for
/// w + λ ≥ 1 throw `UnstableNudgedFixedPoint(w: w, nudge: λ)`.
///
/// - Returns: r*_λ.
public func nudgedFixedPoint(w: Double, b: Double, x: Double, y: Double, nudge λ: Double) throws -> Double {
    // BEGIN SOLUTION
    guard w + λ < 1 else { throw UnstableNudgedFixedPoint(w: w, nudge: λ) }
    return (b + x - λ * y) / (1 - w - λ)
    // END SOLUTION
}
