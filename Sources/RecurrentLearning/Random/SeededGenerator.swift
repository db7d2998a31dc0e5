/// A seeded 64-bit generator (SplitMix64): the same seed gives the same
/// numbers on every machine, so every result reproduces from its printed seed.
///
/// SplitMix64 (Steele, Lea & Flood 2014) passes BigCrush, has period 2⁶⁴ and
/// costs a few integer operations a draw: ample for simulations and weight
/// initialisation in this toolkit.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform draw in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * uniform()
    }
}
