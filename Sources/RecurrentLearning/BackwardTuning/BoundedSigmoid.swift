import Foundation

/// ζ_[a,b](u) = a + (b − a)/(1 + e^(−4u/(b − a))) = (a + b)/2 + (b − a)/2 · tanh(2u/(b − a)),
/// the backward-tuning units' non-linearity, of slope 1 at 0:
///
/// ```
/// ζ′(u) = 4 e^(−4u/(b−a)) / (1 + e^(−4u/(b−a)))²
/// ```
///
/// When the exponential reaches 1e24, ζ returns a and ζ′ 0 (the published code's
/// overflow guard, kept so that simulations agree).
public struct BoundedSigmoid: TransferFunction, Equatable {
    public let lower: Double, upper: Double

    public init(lower: Double = 0, upper: Double = 1) {
        precondition(lower < upper, "ζ_[a,b] needs a < b, got [\(lower), \(upper)]")
        self.lower = lower
        self.upper = upper
    }

    public func value(_ u: Double) -> Double {
        let e = exp(-4 * u / (upper - lower))
        return e >= 1e24 ? lower : lower + (upper - lower) / (1 + e)
    }

    public func derivative(_ u: Double) -> Double {
        let e = exp(-4 * u / (upper - lower))
        return e >= 1e24 ? 0 : 4 * e / ((1 + e) * (1 + e))
    }
}
