import Foundation

/// The guard g of the backward-tuning sweep ("tiny-error bias, huge-error
/// saturation"), applied to the propagated error e₁ before it is added to a
/// node's multiplier: ε = ρ′ + g(e₁).
///
/// Its scale is the mean error ρ̄′ (the mean of |ρ′| over the non-zero
/// entries of the current pass):
///
///     ν = 1e-6 ρ̄′,   ω = 1e6 ρ̄′,   α = 1e-3 ω.
///
/// g is odd, g(−u) = −g(u), and for u > 0
///
///     g(u) = ν + u²/(4ν)                   for 0 < u ≤ 2ν,
///     g(u) = u                             for 2ν ≤ u ≤ ω − α,
///     g(u) = ω − α exp(−(u − ω)/α − 1)     for u ≥ ω − α,
///
/// with g(0) = 0. Properties:
/// - **bias at 0**: g(0⁺) = ν and g(0⁻) = −ν, a deliberate jump: a tiny
///   non-zero error is lifted to at least ν, so it keeps propagating instead
///   of vanishing;
/// - **C¹ on u ≠ 0**: at u = 2ν both pieces equal 2ν with slope 1; at
///   u = ω − α both equal ω − α with slope 1;
/// - **saturation**: |g(u)| < ω for every u, and g increases towards ω
///   over a scale α beyond ω − α (in floating point g reaches ω itself once
///   α e^{−(u−ω)/α−1} falls below half an ulp of ω, from about u = ω + 29α);
/// - the identity on the middle range [2ν, ω − α], which holds every error
///   between 1e-6 and about 1e6 times the mean.
///
/// This is the paper's guard (Viéville et al., RR-9100, 2017), taken with
/// ρ̄′ from the current pass. (The 2017 code guarded only positive values
/// with a running mean; see the backward-tuning reference, §3.)
///
/// **No error at all** (ρ̄′ = 0): ν = ω = 0 and the formulas degenerate. The
/// guard is then the zero map, the limit of g as ρ̄′ → 0 (|g| ≤ ω → 0). Every
/// ρ′ is 0 in that case, so the propagated errors are 0 and a zero gradient
/// stays exactly zero, as it would with the identity.
public struct ErrorGuard: Equatable, Sendable {
    /// ρ̄′, the mean |ρ′| over the non-zero entries.
    public let meanAbsoluteError: Double
    /// ν = 1e-6 ρ̄′: the bias g(0⁺); the quadratic piece covers |u| ≤ 2ν.
    public let nu: Double
    /// ω = 1e6 ρ̄′: the saturation level, |g| ≤ ω.
    public let omega: Double
    /// α = 1e-3 ω: the width of the saturating knee, which starts at ω − α.
    public let alpha: Double

    /// The guard for a pass whose non-zero |ρ′| have mean `meanAbsoluteError` (≥ 0).
    public init(meanAbsoluteError: Double) {
        precondition(meanAbsoluteError >= 0 && meanAbsoluteError.isFinite,
                     "the mean absolute error must be finite and ≥ 0, got \(meanAbsoluteError)")
        self.meanAbsoluteError = meanAbsoluteError
        nu = 1e-6 * meanAbsoluteError
        omega = 1e6 * meanAbsoluteError
        alpha = 1e-3 * omega
    }

    /// The guard whose scale ρ̄′ is the mean of |ρ′| over the non-zero
    /// entries of `errors` (0 when every entry is 0).
    public init<Errors: Sequence<Double>>(errors: Errors) {
        var sum = 0.0, count = 0
        for e in errors where e != 0 {
            sum += abs(e)
            count += 1
        }
        self.init(meanAbsoluteError: count == 0 ? 0 : sum / Double(count))
    }

    /// g(u).
    public func callAsFunction(_ u: Double) -> Double {
        if u == 0 || meanAbsoluteError == 0 { return 0 }
        let a = abs(u)
        let g: Double
        if a <= 2 * nu {
            g = nu + a * a / (4 * nu)
        } else if a <= omega - alpha {
            g = a
        } else {
            g = omega - alpha * exp(-(a - omega) / alpha - 1)
        }
        return u < 0 ? -g : g
    }
}
