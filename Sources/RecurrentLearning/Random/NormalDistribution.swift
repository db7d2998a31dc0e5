import Foundation

/// The normal distribution N(μ, σ²), sampled by the Box–Muller transform:
///
/// ```
/// z = √(−2 ln u₁) · cos(2π u₂),   u₁ ∈ (0, 1), u₂ ∈ [0, 1)
/// x = μ + σ z
/// ```
///
/// One pair of uniforms per draw (the sine partner is discarded), so draw k of
/// a seeded generator never depends on how many draws came before in another
/// stream: simple to reason about, and plenty fast here.
public struct NormalDistribution: Sendable {
    public var mean: Double
    public var standardDeviation: Double

    public init(mean: Double = 0, standardDeviation: Double = 1) {
        precondition(standardDeviation >= 0, "standard deviation \(standardDeviation) is negative")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    public func sample(using g: inout SeededGenerator) -> Double {
        var u1 = g.uniform()
        while u1 == 0 { u1 = g.uniform() }
        let u2 = g.uniform()
        return mean + standardDeviation * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    public func samples(_ count: Int, using g: inout SeededGenerator) -> [Double] {
        (0..<count).map { _ in sample(using: &g) }
    }

    /// Fills `buffer` with draws, using both partners of each Box–Muller pair
    /// (z₁ = ρ cos 2πu₂, z₂ = ρ sin 2πu₂, independent): half the uniforms and
    /// logarithms of `sample`, for the large batches of a population's noise.
    public func fill(_ buffer: inout [Double], using g: inout SeededGenerator) {
        var k = 0
        while k < buffer.count {
            var u1 = g.uniform()
            while u1 == 0 { u1 = g.uniform() }
            let ρ = standardDeviation * (-2 * log(u1)).squareRoot(), θ = 2 * Double.pi * g.uniform()
            buffer[k] = mean + ρ * cos(θ)
            if k + 1 < buffer.count { buffer[k + 1] = mean + ρ * sin(θ) }
            k += 2
        }
    }
}
