// Provided code: nothing to write in this file.
//
// The error of assignment 4. A nudged fixed point the network does not settle into is
// reported by throwing it, never by returning a number.

/// Thrown when w + λ ≥ 1: the nudged dynamics dr/dt = (w − 1 + λ) r + b + x − λ y have
/// J_λ = w − 1 + λ ≥ 0, so no attracting fixed point (a large uphill nudge does this even
/// when w < 1).
public struct UnstableNudgedFixedPoint: Error, Equatable, CustomStringConvertible {
    public let w: Double
    public let nudge: Double

    public init(w: Double, nudge: Double) {
        self.w = w
        self.nudge = nudge
    }

    public var description: String {
        "w + λ = \(w) + \(nudge) ≥ 1: the nudged fixed point is not stable (J_λ = w − 1 + λ ≥ 0)"
    }
}
