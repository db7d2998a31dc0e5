import Foundation

/// A rate non-linearity φ and its derivative φ′.
///
/// | case        | φ(u)              | φ′(u)            | range    |
/// |-------------|-------------------|------------------|----------|
/// | `tanh`      | tanh u            | 1 − tanh² u      | (−1, 1)  |
/// | `logistic`  | 1/(1 + e^(−u))    | φ(u)(1 − φ(u))   | (0, 1)   |
/// | `rectified` | max(u, 0)         | 1 if u > 0 else 0 | [0, ∞)  |
///
/// tanh is evaluated by `fastTanh` (within 4 ulp of `Foundation.tanh`,
/// branch-free so that loops over a state vector vectorise): the same
/// function in every path, so simulations, RTRL, BPTT and finite differences
/// all see one and the same network.
///
/// `rectified` has a kink at 0, where φ′ is taken as 0; finite differences
/// that straddle the kink disagree with it, so gradient checks on rectified
/// networks keep states away from 0.
public enum Activation: String, Sendable, CaseIterable {
    case tanh, logistic, rectified

    public func value(_ u: Double) -> Double {
        switch self {
        case .tanh: fastTanh(u)
        case .logistic: 1 / (1 + exp(-u))
        case .rectified: max(u, 0)
        }
    }

    public func derivative(_ u: Double) -> Double {
        switch self {
        case .tanh: let t = fastTanh(u); return 1 - t * t
        case .logistic: let s = 1 / (1 + exp(-u)); return s * (1 - s)
        case .rectified: return u > 0 ? 1 : 0
        }
    }

    /// φ″(u): tanh″ = −2 tanh (1 − tanh²), logistic″ = φ(1 − φ)(1 − 2φ), rectified″ = 0
    /// (away from the kink). The energy models' Jacobians need it.
    public func secondDerivative(_ u: Double) -> Double {
        switch self {
        case .tanh: let t = fastTanh(u); return -2 * t * (1 - t * t)
        case .logistic: let s = 1 / (1 + exp(-u)); return s * (1 - s) * (1 - 2 * s)
        case .rectified: return 0
        }
    }
}
