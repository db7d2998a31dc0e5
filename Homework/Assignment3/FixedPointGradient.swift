/// Assignment 3, exercise 3: the implicit gradient of l = ½ (r* − y)² through J⁻¹.
///
/// The lecture's formula dl/dw = −(∂l/∂r*) J⁻¹ ∂F/∂w, for the homework model, where every
/// matrix is a number: ∂l/∂r* = r* − y, J = w − 1, ∂F/∂w = r*, ∂F/∂b = 1. With
/// v* = −(∂l/∂r*) / J = (r* − y) / (1 − w):
///
/// ```
/// l     = ½ (r* − y)²
/// dl/dw = v* r*
/// dl/db = v*
/// ```
///
/// For w ≥ 1 throw `UnstableFixedPoint(w: w)`.
///
/// - Returns: (l, dl/dw, dl/db).
public func fixedPointGradient(w: Double, b: Double, x: Double, y: Double) throws -> (loss: Double, dw: Double, db: Double) {
    // BEGIN SOLUTION
    guard w < 1 else { throw UnstableFixedPoint(w: w) }
    let r = (b + x) / (1 - w), e = r - y
    let v = -e / (w - 1)                                  // v* = −(∂l/∂r*) J⁻¹
    return (e * e / 2, v * r, v)
    // END SOLUTION
}
