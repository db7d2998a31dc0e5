// Provided code: nothing to write in this file.
//
// The errors of assignment 3. A fixed point the network does not settle into, or an
// adjoint that does not settle, is reported by throwing one of these, never by
// returning a number.

/// Thrown for w ≥ 1: J = w − 1 ≥ 0, so dr/dt = (w − 1) r + b + x has no attracting
/// fixed point (for w > 1 it repels, for w = 1 there is none or a whole line of them).
public struct UnstableFixedPoint: Error, Equatable, CustomStringConvertible {
    public let w: Double

    public init(w: Double) { self.w = w }

    public var description: String { "w = \(w) ≥ 1: the fixed point is not stable (J = w − 1 ≥ 0)" }
}

/// Thrown when the adjoint's Euler steps did not reach the tolerance within the steps allowed.
public struct AdjointDidNotConverge: Error, Equatable, CustomStringConvertible {
    public let steps: Int

    public init(steps: Int) { self.steps = steps }

    public var description: String { "the adjoint did not settle in \(steps) steps" }
}
