/// Assignment 3, exercise 2: how the fixed point moves with the parameters.
///
/// Differentiate 0 = F(r*(w, b)) = (w − 1) r* + b + x: 0 = J dr*/dw + ∂F/∂w with
/// J = w − 1, ∂F/∂w = r*, ∂F/∂b = 1, so dr*/dw = −J⁻¹ ∂F/∂w:
///
/// ```
/// ∂r*/∂w = r* / (1 − w) = (b + x) / (1 − w)²
/// ∂r*/∂b = 1 / (1 − w)
/// ```
///
/// For w ≥ 1 throw `UnstableFixedPoint(w: w)`.
///
/// - Returns: (∂r*/∂w, ∂r*/∂b).
public func fixedPointSensitivities(w: Double, b: Double, x: Double) throws -> (drdw: Double, drdb: Double) {
    // BEGIN SOLUTION
    guard w < 1 else { throw UnstableFixedPoint(w: w) }
    let r = (b + x) / (1 - w)
    return (r / (1 - w), 1 / (1 - w))
    // END SOLUTION
}
