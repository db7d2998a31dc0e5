import Foundation
import RecurrentLearning
import Testing

@Suite("Random: seeded generator and normal distribution")
struct RandomTests {
    @Test("the same seed gives the same sequence")
    func sameSeedSameSequence() {
        var g1 = SeededGenerator(seed: 42), g2 = SeededGenerator(seed: 42)
        let s1 = (0..<1000).map { _ in g1.next() }
        let s2 = (0..<1000).map { _ in g2.next() }
        #expect(s1 == s2)
        var n1 = SeededGenerator(seed: 42), n2 = SeededGenerator(seed: 42)
        #expect(NormalDistribution().samples(100, using: &n1) == NormalDistribution().samples(100, using: &n2))
    }

    @Test("different seeds give different sequences")
    func differentSeedsDiffer() {
        var g1 = SeededGenerator(seed: 1), g2 = SeededGenerator(seed: 2)
        let s1 = (0..<100).map { _ in g1.next() }
        let s2 = (0..<100).map { _ in g2.next() }
        // Two independent 64-bit streams coincide at a position with
        // probability 2⁻⁶⁴: no position may be equal.
        #expect(zip(s1, s2).allSatisfy { $0 != $1 })
        #expect(Set(s1).count == 100)
    }

    @Test("the generator is SplitMix64: reference outputs of the published algorithm")
    func splitMix64ReferenceValues() {
        // Outputs of Vigna's splitmix64.c for seed 1234567 (the test vector used
        // by several SplitMix64 ports), so seeds printed by the toolkit mean the
        // same as elsewhere.
        var g = SeededGenerator(seed: 1234567)
        #expect((0..<5).map { _ in g.next() } == [
            6457827717110365317, 3203168211198807973, 9817491932198370423,
            4593380528125082431, 16408922859458223821,
        ])
        #expect(g.seed == 1234567)
    }

    @Test("uniform draws lie in [0, 1) and in [a, b)")
    func uniformRange() {
        var g = SeededGenerator(seed: 3)
        let u = (0..<10_000).map { _ in g.uniform() }
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        let v = (0..<10_000).map { _ in g.uniform(-2, 5) }
        #expect(v.allSatisfy { $0 >= -2 && $0 < 5 })
        // Mean of 10k U(0, 1): standard error 1/√(12 · 10⁴) ≈ 0.0029; 5 SE ≈ 0.015.
        let mean = u.reduce(0, +) / Double(u.count)
        #expect(abs(mean - 0.5) <= 0.015, "uniform mean \(mean)")
    }

    @Test("100k normal samples have mean ≈ 0 and standard deviation ≈ 1")
    func normalMoments() {
        var g = SeededGenerator(seed: 2024)
        let N = 100_000
        let z = NormalDistribution().samples(N, using: &g)
        let mean = z.reduce(0, +) / Double(N)
        let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(N - 1)
        let sd = variance.squareRoot()
        // Standard errors for N = 10⁵: mean 1/√N ≈ 0.0032, sd 1/√(2N) ≈ 0.0022.
        // Five standard errors: a correct sampler fails with probability < 1e-6.
        #expect(abs(mean) <= 5 / Double(N).squareRoot(), "sample mean \(mean)")
        #expect(abs(sd - 1) <= 5 / (2 * Double(N)).squareRoot(), "sample standard deviation \(sd)")
        // Shape: P(|z| > 1.96) = 0.05, binomial SE √(0.05 · 0.95 / N) ≈ 0.0007;
        // five SE ≈ 0.0035. A uniform or otherwise mis-shaped sampler fails this.
        let tail = Double(z.filter { abs($0) > 1.96 }.count) / Double(N)
        #expect(abs(tail - 0.05) <= 0.0035, "tail fraction \(tail)")
        // Fourth moment of N(0, 1) is 3; its SE is √(96/N) ≈ 0.031; five SE ≈ 0.155.
        let kurtosis = z.reduce(0) { $0 + pow($1 - mean, 4) } / Double(N) / (variance * variance)
        #expect(abs(kurtosis - 3) <= 0.155, "kurtosis \(kurtosis)")
    }

    @Test("N(μ, σ²) is μ + σ z for the same standard draws z")
    func meanAndStandardDeviationScale() {
        var g1 = SeededGenerator(seed: 9), g2 = SeededGenerator(seed: 9)
        let z = NormalDistribution().samples(1000, using: &g1)
        let x = NormalDistribution(mean: 3, standardDeviation: 2).samples(1000, using: &g2)
        // One multiply and one add per draw: 1e-15 relative covers their rounding.
        expectClose(x, z.map { 3 + 2 * $0 }, within: 1e-15, "scaled normal draws")
    }

    @Test("fill uses both Box–Muller partners: cos then sin of one pair, and the right moments")
    func fillUsesPairs() {
        var g = SeededGenerator(seed: 8), h = SeededGenerator(seed: 8)
        var buffer = [Double](repeating: 0, count: 5)
        NormalDistribution(mean: 1, standardDeviation: 0.5).fill(&buffer, using: &g)
        for k in stride(from: 0, to: 5, by: 2) {          // pairs (0, 1), (2, 3), and 4 alone
            let ρ = 0.5 * (-2 * log(h.uniform())).squareRoot(), θ = 2 * Double.pi * h.uniform()
            #expect(abs(buffer[k] - (1 + ρ * cos(θ))) <= 1e-15)
            if k + 1 < 5 { #expect(abs(buffer[k + 1] - (1 + ρ * sin(θ))) <= 1e-15) }
        }
        var many = [Double](repeating: 0, count: 100_000)
        NormalDistribution().fill(&many, using: &g)
        let mean = many.reduce(0, +) / 1e5, variance = many.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 1e5
        // Standard errors: 1/√1e5 ≈ 0.0032 for the mean, √(2/1e5) ≈ 0.0045 for the variance; 5 of each.
        #expect(abs(mean) < 0.016 && abs(variance - 1) < 0.023, "mean \(mean), variance \(variance)")
        // sin partners are normal too, and uncorrelated with their cos partners
        let correlation = stride(from: 0, to: 100_000, by: 2).map { many[$0] * many[$0 + 1] }.reduce(0, +) / 5e4
        #expect(abs(correlation) < 0.023, "pair correlation \(correlation)")
    }
}
