/// Assignment 3, exercise 1: the fixed point of the homework model at a constant input.
///
/// With x held constant, dr/dt = −r + w r + b + x = (w − 1) r + b + x settles where the
/// rate is zero:
///
/// ```
/// 0 = (w − 1) r* + b + x     ⇒     r* = (b + x) / (1 − w)
/// ```
///
/// It is a fixed point the network settles into only when J = ∂F/∂r = w − 1 < 0, that
/// is w < 1. For w ≥ 1 throw `UnstableFixedPoint(w: w)` instead of returning a number.
///
/// - Returns: r*.
public func fixedPoint(w: Double, b: Double, x: Double) throws -> Double {
    // BEGIN SOLUTION
    guard w < 1 else { throw UnstableFixedPoint(w: w) }
    return (b + x) / (1 - w)
    // END SOLUTION
}
