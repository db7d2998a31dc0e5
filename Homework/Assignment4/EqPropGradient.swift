/// Assignment 4, exercise 2: the equilibrium-propagation estimate of dl/dw and dl/db.
///
/// For the homework model J = w − 1 is a number, so J⁻ᵀ = J⁻¹ and the derivative of the
/// nudged fixed point is the implicit gradient's adjoint: (dr*_λ/dλ at λ = 0) = v*. Then
///
/// ```
/// dl/dw = (dr*/dλ) ∂F/∂w = (dr*/dλ) r*,     dl/db = (dr*/dλ) ∂F/∂b = dr*/dλ,
/// ```
///
/// with dr*/dλ estimated from the nudged fixed points (exercise 1):
/// - one-sided (`symmetric` false): (r*_λ − r*)/λ;
/// - symmetric (`symmetric` true): (r*_λ − r*_−λ)/(2λ).
///
/// r* is the free fixed point, r*_λ at λ = 0. Throw `UnstableNudgedFixedPoint` when a phase
/// you solve has no stable fixed point: the free one (w ≥ 1), the one at λ (w + λ ≥ 1), and
/// for the symmetric estimate the one at −λ (w − λ ≥ 1).
///
/// - Returns: the estimates of (dl/dw, dl/db).
public func eqpropGradient(w: Double, b: Double, x: Double, y: Double, nudge λ: Double,
                           symmetric: Bool) throws -> (dw: Double, db: Double) {
    // BEGIN SOLUTION
    let point = { (ν: Double) throws -> Double in                // r*_ν, as in exercise 1
        guard w + ν < 1 else { throw UnstableNudgedFixedPoint(w: w, nudge: ν) }
        return (b + x - ν * y) / (1 - w - ν)
    }
    let free = try point(0)
    let direction = symmetric ? (try point(λ) - point(-λ)) / (2 * λ) : (try point(λ) - free) / λ
    return (direction * free, direction)
    // END SOLUTION
}
