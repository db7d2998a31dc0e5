import Foundation

/// The 64-bit Mersenne Twister MT19937-64 (Matsumoto & Nishimura 2000), as C++'s
/// `std::mt19937_64`, with the uniform and Gaussian draws of the backward-tuning
/// experiments (`ReverseEngineering`), so their published numbers can be reproduced:
///
/// ```
/// uniform  u = (next 64-bit output as a double) / 2⁶⁴,  replaced by the largest double below 1 if it is 1
/// gaussian g = μ + σ √(−2 ln u₁) cos(2π u₂),  u₁ drawn first and redrawn while 0
/// ```
///
/// `SeededGenerator` remains the toolkit's generator; this one exists for fidelity.
public struct MersenneTwister64: Sendable {
    private static let n = 312, m = 156
    private static let matrixA: UInt64 = 0xB502_6F5A_A966_19E9
    private static let upperMask: UInt64 = 0xFFFF_FFFF_8000_0000, lowerMask: UInt64 = 0x7FFF_FFFF
    private var state = [UInt64](repeating: 0, count: 312)
    private var index = 312

    public init(seed: UInt64) {
        state[0] = seed
        for i in 1..<Self.n {
            state[i] = 6_364_136_223_846_793_005 &* (state[i - 1] ^ (state[i - 1] >> 62)) &+ UInt64(i)
        }
        index = Self.n
    }

    private mutating func twist() {
        for i in 0..<Self.n {
            let x = (state[i] & Self.upperMask) | (state[(i + 1) % Self.n] & Self.lowerMask)
            state[i] = state[(i + Self.m) % Self.n] ^ (x >> 1) ^ ((x & 1) == 0 ? 0 : Self.matrixA)
        }
        index = 0
    }

    public mutating func next() -> UInt64 {
        if index >= Self.n { twist() }
        var x = state[index]
        index += 1
        x ^= (x >> 29) & 0x5555_5555_5555_5555
        x ^= (x << 17) & 0x71D6_7FFF_EDA6_0000
        x ^= (x << 37) & 0xFFF7_EEE0_0000_0000
        x ^= x >> 43
        return x
    }

    /// u ∈ [0, 1).
    public mutating func uniform() -> Double {
        let u = Double(next()) / 0x1p64
        return u < 1 ? u : 1.0.nextDown
    }

    /// μ + σ √(−2 ln u₁) cos(2π u₂).
    public mutating func gaussian(mean: Double = 0, standardDeviation σ: Double = 1) -> Double {
        var u1 = uniform()
        while u1 == 0 { u1 = uniform() }
        let u2 = uniform()
        return mean + σ * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
