import CRateKernels
import Foundation
import Testing
@testable import RecurrentLearning

/// The C kernels of the rate network (`Sources/CRateKernels`) against their
/// documented sums, written out here in plain Swift with `addingProduct`
/// (a correctly rounded fused multiply-add): every instruction-set level
/// must produce those sums bit for bit, so the level a machine picks never
/// changes a number.
@Suite("Rate-network kernels: every level computes the documented sums, bit for bit")
struct RateKernelsTests {
    /// The levels this machine can run: plain C always, AVX2 and AVX-512 where present.
    static let levels = Array(Int32(RL_LEVEL_GENERIC)...rl_best_level())

    static func table(_ level: Int32) -> rl_kernel_table { rl_kernels_at(level).pointee }

    /// Sizes around the vector width (8), the register blocks (24, 64), the
    /// transposed product's blocks of 2, 4 and 8 columns, AVX2's column sweep
    /// from 128 (127, 130, 256) and the panel sums (512, 513, 1030), with
    /// k = 0, 1, 3 inputs.
    static let shapes: [(n: Int, k: Int)] = [(1, 1), (3, 0), (7, 3), (8, 1), (9, 1), (16, 1), (23, 3),
                                             (64, 1), (100, 3), (127, 1), (130, 0), (256, 1), (512, 0),
                                             (513, 1), (1030, 1)]

    struct Case {
        var n: Int, k: Int
        var W: [Double], U: [Double], b: [Double], r: [Double], φ: [Double], x: [Double], v: [Double]
        var τ = 1.7, Δt = 0.1

        init(n: Int, k: Int, seed: UInt64) {
            var rng = SeededGenerator(seed: seed)
            let normal = NormalDistribution()
            self.n = n; self.k = k
            W = normal.samples(n * n, using: &rng).map { $0 / Double(n).squareRoot() }
            U = normal.samples(n * k, using: &rng)
            b = normal.samples(n, using: &rng)
            r = normal.samples(n, using: &rng)
            φ = r.map(fastTanh)
            x = normal.samples(k, using: &rng)
            v = normal.samples(n, using: &rng)
        }

        /// F = (−r + W φ + U x + b)/τ with (W φ)_i = fma(W[i,n−1], φ[n−1], … fma(W[i,0], φ[0], 0))
        /// below 512; from 512 on, the same chains over eight panels of P = 8⌈n/64⌉ columns,
        /// added ((s₀ + s₁) + s₂) + … + s₇.
        var documentedField: [Double] {
            (0..<n).map { i in
                var drive = 0.0, u = 0.0
                if n >= Int(RL_PANEL_SIZE) {
                    let width = 8 * ((n + 63) / 64)
                    for p in 0..<Int(RL_PANELS) {
                        var s = 0.0
                        for j in min(p * width, n)..<min((p + 1) * width, n) { s = s.addingProduct(W[i + j * n], φ[j]) }
                        drive = p == 0 ? s : drive + s
                    }
                } else {
                    for j in 0..<n { drive = drive.addingProduct(W[i + j * n], φ[j]) }
                }
                for c in 0..<k { u = u.addingProduct(U[i + c * n], x[c]) }
                return (((-r[i] + drive) + u) + b[i]) / τ
            }
        }

        /// vᵀJ with (Wᵀv)_j: eight lanes over i mod 8, ((s0+s4)+(s2+s6))+((s1+s5)+(s3+s7)),
        /// then the last n mod 8 terms; φ′ from φ (default: tanh, 1 − φ²).
        func documentedVJP(slope: (Double) -> Double = { 1 - $0 * $0 }) -> [Double] {
            let rows8 = n - n % 8
            return (0..<n).map { j in
                var s = [Double](repeating: 0, count: 8)
                for i in 0..<rows8 { s[i % 8] = s[i % 8].addingProduct(W[i + j * n], v[i]) }
                var d = ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]))
                for i in rows8..<n { d = d.addingProduct(W[i + j * n], v[i]) }
                return (-v[j] + d * slope(φ[j])) / τ
            }
        }

        func field(_ t: rl_kernel_table, reverse: Int32 = 0) -> [Double] {
            var F = [Double](repeating: .nan, count: n)
            var scratch = [Double](repeating: .nan, count: 7 * n)
            t.rateField(n, k, W, U, b, τ, r, φ, k > 0 ? x : nil, &scratch, reverse, &F)
            return F
        }

        func euler(_ t: rl_kernel_table, reverse: Int32 = 0) -> [Double] {
            var next = [Double](repeating: .nan, count: n)
            var scratch = [Double](repeating: .nan, count: 7 * n)
            t.rateEuler(n, k, W, U, b, τ, r, φ, k > 0 ? x : nil, Δt, &scratch, reverse, &next)
            return next
        }

        func vjp(_ t: rl_kernel_table, reverse: Int32 = 0) -> [Double] {
            var out = [Double](repeating: .nan, count: n)
            t.rateVJP(n, W, τ, v, φ, Int32(RL_TANH), reverse, &out)
            return out
        }

        func adjoint(_ t: rl_kernel_table, reverse: Int32 = 0) -> [Double] {
            var out = [Double](repeating: .nan, count: n)
            t.rateAdjoint(n, W, τ, v, φ, Int32(RL_TANH), Δt, reverse, &out)
            return out
        }

        /// vᵀJ + g and its largest magnitude, as the fixed-point adjoint takes them.
        func adjointField(_ t: rl_kernel_table, plus g: [Double], reverse: Int32) -> (out: [Double], largest: Double) {
            var out = [Double](repeating: .nan, count: n)
            let largest = t.rateAdjointField(n, W, τ, v, φ, Int32(RL_TANH), g, reverse, &out)
            return (out, largest)
        }
    }

    /// Bit patterns, so that −0 and NaN compare as they are.
    static func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }

    @Test("F and the Euler step are the documented sums at every level", arguments: shapes)
    func fieldIsTheDocumentedSum(n: Int, k: Int) {
        let c = Case(n: n, k: k, seed: UInt64(1000 + n + k))
        let expected = c.documentedField
        let step = zip(c.r, expected).map { $0 + c.Δt * $1 }
        for level in Self.levels {
            let t = Self.table(level)
            #expect(t.level == level)
            for reverse: Int32 in [0, 1] {   // panels first to last, or last to first: the same bits
                #expect(Self.bits(c.field(t, reverse: reverse)) == Self.bits(expected),
                        "F, level \(level), n = \(n), k = \(k), reverse \(reverse)")
                #expect(Self.bits(c.euler(t, reverse: reverse)) == Self.bits(step),
                        "r + Δt F, level \(level), n = \(n), k = \(k), reverse \(reverse)")
            }
        }
    }

    @Test("vᵀJ and the adjoint step are the documented sums at every level", arguments: shapes)
    func vjpIsTheDocumentedSum(n: Int, k: Int) {
        let c = Case(n: n, k: k, seed: UInt64(2000 + n + k))
        let expected = c.documentedVJP()
        let step = zip(c.v, expected).map { $0 + c.Δt * $1 }
        for level in Self.levels {
            let t = Self.table(level)
            for reverse: Int32 in [0, 1] {   // columns first to last, or last to first: the same bits
                #expect(Self.bits(c.vjp(t, reverse: reverse)) == Self.bits(expected), "vᵀJ, level \(level), n = \(n), reverse \(reverse)")
                #expect(Self.bits(c.adjoint(t, reverse: reverse)) == Self.bits(step),
                        "a + Δt (aᵀJ)ᵀ, level \(level), n = \(n), reverse \(reverse)")
            }
        }
    }

    @Test("The adjoint field vᵀJ + g is the documented sum plus g, with its largest magnitude, at every level",
          arguments: shapes)
    func adjointFieldIsTheDocumentedSum(n: Int, k: Int) {
        let c = Case(n: n, k: k, seed: UInt64(3000 + n + k))
        var rng = SeededGenerator(seed: UInt64(n))
        let g = NormalDistribution().samples(n, using: &rng)
        let expected = zip(c.documentedVJP(), g).map { $0 + $1 }
        let largest = expected.map(abs).max() ?? 0
        for level in Self.levels {
            for reverse: Int32 in [0, 1] {
                let (out, reported) = c.adjointField(Self.table(level), plus: g, reverse: reverse)
                #expect(Self.bits(out) == Self.bits(expected), "vᵀJ + g, level \(level), n = \(n), reverse \(reverse)")
                #expect(reported == largest, "‖vᵀJ + g‖∞, level \(level), n = \(n)")
            }
        }
        // A NaN anywhere is reported, whatever its lane or block: the adjoint must see it to stop.
        for spot in Set([0, n / 2, n - 1]) {
            var poisoned = g
            poisoned[spot] = .nan
            for level in Self.levels {
                #expect(c.adjointField(Self.table(level), plus: poisoned, reverse: 0).largest.isNaN,
                        "NaN at \(spot), level \(level), n = \(n)")
            }
        }
    }

    @Test("The documented sums are F and vᵀJ: against the dense J and F of plain products (≤ 1e-13)")
    func documentedSumsAreTheMath() {
        let c = Case(n: 37, k: 2, seed: 7)
        let W = Matrix(rows: 37, columns: 37, elements: c.W)
        var F = [Double](repeating: 0, count: 37), vJ = F
        for i in 0..<37 {
            var drive = 0.0, u = 0.0
            for j in 0..<37 { drive += W[i, j] * c.φ[j] }
            for m in 0..<2 { u += c.U[i + m * 37] * c.x[m] }
            F[i] = (-c.r[i] + drive + u + c.b[i]) / c.τ
        }
        for j in 0..<37 {
            var d = 0.0
            for i in 0..<37 { d += c.v[i] * W[i, j] }
            vJ[j] = (-c.v[j] + d * (1 - c.φ[j] * c.φ[j])) / c.τ
        }
        // Rounding: sums of 37 terms of size ≈ 1, in another order.
        expectClose(c.documentedField, F, within: 1e-13, "documented F vs plain sum")
        expectClose(c.documentedVJP(), vJ, within: 1e-13, "documented vᵀJ vs plain sum")
    }

    @Test("φ′ from φ in the adjoint kernel: logistic φ(1 − φ), rectified 1 where φ > 0, at every level")
    func slopesFromValues() {
        var c = Case(n: 19, k: 1, seed: 3)
        let activations: [(Activation, Int32)] = [(.logistic, Int32(RL_LOGISTIC)), (.rectified, Int32(RL_RECTIFIED))]
        for (activation, code) in activations {
            c.φ = c.r.map(activation.value)
            let expected = c.documentedVJP { activation.slope(fromValue: $0) }
            for level in Self.levels {
                var out = [Double](repeating: .nan, count: 19)
                Self.table(level).rateVJP(19, c.W, c.τ, c.v, c.φ, code, 0, &out)
                #expect(Self.bits(out) == Self.bits(expected), "\(activation), level \(level)")
            }
        }
    }

    @Test("S P (RTRL's step) is the documented sum at every level, tiles and leftovers alike",
          arguments: [(1, 1, 3), (4, 4, 24), (7, 5, 13), (8, 8, 80), (16, 16, 288), (24, 24, 7), (32, 32, 1088),
                      (41, 37, 29), (70, 9, 50)])
    func matrixProductIsTheDocumentedSum(rows: Int, k: Int, m: Int) {
        var rng = SeededGenerator(seed: UInt64(rows * 1000 + k * 10 + m))
        let ldS = rows + 3, ldP = k + 1, ldC = rows + 2          // leading dimensions past the data
        let S = NormalDistribution().samples(ldS * k, using: &rng)
        let P = NormalDistribution().samples(ldP * m, using: &rng)
        var expected = [Double](repeating: .nan, count: ldC * m)
        for c in 0..<m {
            for i in 0..<rows {
                var sum = 0.0
                for j in 0..<k { sum = sum.addingProduct(S[i + j * ldS], P[j + c * ldP]) }
                expected[i + c * ldC] = sum
            }
        }
        for level in Self.levels {
            var C = [Double](repeating: .nan, count: ldC * m)   // the padding rows stay untouched
            Self.table(level).matrixProduct(rows, k, m, S, ldS, P, ldP, &C, ldC)
            #expect(Self.bits(C) == Self.bits(expected), "level \(level), \(rows) × \(k) times \(k) × \(m)")
        }
    }

    @Test("The kernels' tanh is fastTanh bit for bit at every level, special values included")
    func tanhIsFastTanh() {
        var rng = SeededGenerator(seed: 9)
        var x = (0..<20_003).map { _ in rng.uniform(-25, 25) }
        x += (0..<5_000).map { _ in rng.uniform(-1e-3, 1e-3) }
        x += [0, -0.0, .infinity, -.infinity, .nan, 1e300, -40, 20, -20, 19.999, .leastNonzeroMagnitude]
        let expected = Self.bits(x.map(fastTanh))
        for level in Self.levels {
            var y = [Double](repeating: 0, count: x.count)
            Self.table(level).tanh(x, &y, x.count)
            #expect(Self.bits(y) == expected, "level \(level)")
            // the last n mod 8 go through the same lanes
            var tail = [Double](repeating: 0, count: 5)
            Self.table(level).tanh(Array(x.suffix(5)), &tail, 5)
            #expect(Self.bits(tail) == Array(expected.suffix(5)), "tail, level \(level)")
        }
    }

    @Test("The read probe sums its buffer, pass after pass, forward and back")
    func readProbeSums() {
        let x = (0..<1000).map { Double($0 % 17) }
        let sum = x.reduce(0, +)
        for level in Self.levels {
            #expect(Self.table(level).read(x, 1000, 3) == 3 * sum, "level \(level)")
            #expect(Self.table(level).read(x, 1000, 4) == 4 * sum, "level \(level)")
        }
    }
}
