import Foundation
import RecurrentLearning
import Testing

/// The guard g of the backward sweep: tiny-error bias ν, identity, saturation at ω.
@Suite("Error guard: odd, C¹ away from 0, identity in the middle, bias ν, saturation below ω")
struct ErrorGuardTests {
    /// Mean errors over several decades: every property is scale-free.
    static let scales: [Double] = [1e-3, 0.37, 42]

    @Test("ν, ω, α are 1e-6 ρ̄′, 1e6 ρ̄′, 1e-3 ω; ρ̄′ is the mean |ρ′| over non-zero entries")
    func constants() {
        let g = ErrorGuard(errors: [0, 0.5, -1.5, 0, 1])
        #expect(g.meanAbsoluteError == 1)
        #expect(g.nu == 1e-6 && g.omega == 1e6 && g.alpha == 1e3)
    }

    @Test("g is odd: g(−u) = −g(u) on every piece, and g(0) = 0", arguments: scales)
    func odd(scale: Double) {
        let g = ErrorGuard(meanAbsoluteError: scale)
        #expect(g(0) == 0)
        let probes = [1e-3 * g.nu, g.nu, 2 * g.nu, 3 * g.nu, scale, g.omega - g.alpha,
                      g.omega, g.omega + 2 * g.alpha, 1e3 * g.omega]
        for u in probes { #expect(g(-u) == -g(u), "u = \(u)") }
    }

    /// Checks value continuity and matching one-sided slopes at `join`, with
    /// step h. Returns the left and right difference quotients.
    static func expectC1(_ g: ErrorGuard, at join: Double, step h: Double, slopeTolerance: Double,
                         _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let left = join - h, right = join + h
        let slopeLeft = (g(join) - g(left)) / (join - left)
        let slopeRight = (g(right) - g(join)) / (right - join)
        // Both pieces have slope 1 at the join; a jump of size J would add J/h
        // to one of the quotients.
        #expect(abs(slopeLeft - 1) <= slopeTolerance, "\(what): left slope \(slopeLeft)", sourceLocation: sourceLocation)
        #expect(abs(slopeRight - 1) <= slopeTolerance, "\(what): right slope \(slopeRight)", sourceLocation: sourceLocation)
    }

    @Test("continuous and C¹ at u = 2ν (quadratic → identity) and u = ω − α (identity → saturation)",
          arguments: scales)
    func c1AtJoins(scale: Double) {
        let g = ErrorGuard(meanAbsoluteError: scale)
        // The value at each join is the one both pieces give.
        #expect(abs(g(2 * g.nu) - 2 * g.nu) <= 1e-15 * g.nu)
        #expect(g(g.omega - g.alpha) == g.omega - g.alpha)
        // At 2ν the quadratic side has g'' = 1/(2ν): its one-sided quotient
        // with h = 1e-4 ν is 1 − h/(4ν) = 1 − 2.5e-5; rounding adds
        // ~ε · 2ν / h ≈ 5e-12. Tolerance 1e-4.
        Self.expectC1(g, at: 2 * g.nu, step: 1e-4 * g.nu, slopeTolerance: 1e-4, "u = 2ν")
        // At ω − α the saturating side has |g''| = 1/α: quotient 1 − h/(2α)
        // = 1 − 5e-5 with h = 1e-4 α; rounding ~ε ω / h ≈ 2e-9. Tolerance 1e-4.
        Self.expectC1(g, at: g.omega - g.alpha, step: 1e-4 * g.alpha, slopeTolerance: 1e-4, "u = ω − α")
        // Same on the negative side (g is odd, so this is the mirror image).
        Self.expectC1(g, at: -2 * g.nu, step: 1e-4 * g.nu, slopeTolerance: 1e-4, "u = −2ν")
        Self.expectC1(g, at: -(g.omega - g.alpha), step: 1e-4 * g.alpha, slopeTolerance: 1e-4, "u = −(ω − α)")
    }

    @Test("the identity on the middle range [2ν, ω − α]", arguments: scales)
    func identityInTheMiddle(scale: Double) {
        let g = ErrorGuard(meanAbsoluteError: scale)
        for u in [2 * g.nu, 2.5 * g.nu, 1e-3 * scale, scale, 1e3 * scale, 0.5 * g.omega, g.omega - g.alpha] {
            #expect(g(u) == u, "u = \(u)")
            #expect(g(-u) == -u, "u = −\(u)")
        }
    }

    @Test("huge errors saturate below ω: g increases from ω − α towards ω and never exceeds it", arguments: scales)
    func saturation(scale: Double) {
        let g = ErrorGuard(meanAbsoluteError: scale)
        // g(ω) = ω − α/e exactly from the formula.
        #expect(abs(g(g.omega) - (g.omega - g.alpha / M_E)) <= 1e-15 * g.omega)
        // Strictly below ω while α e^{…} is representable next to ω (u < ω + 29α).
        var previous = g(g.omega - g.alpha)
        for k in 1...20 {
            let u = g.omega - g.alpha + Double(k) * g.alpha
            let value = g(u)
            #expect(value > previous && value < g.omega, "u = ω + \(k - 1)α: g = \(value)")
            previous = value
        }
        for u in [10 * g.omega, 1e6 * g.omega, .greatestFiniteMagnitude] {
            #expect(g(u) <= g.omega && g(u) >= g.omega - g.alpha, "u = \(u)")
            #expect(g(-u) >= -g.omega, "u = −\(u)")
        }
    }

    @Test("the bias: g(0⁺) = ν and g(0⁻) = −ν", arguments: scales)
    func biasAtZero(scale: Double) {
        let g = ErrorGuard(meanAbsoluteError: scale)
        // ν + u²/(4ν) with u²/(4ν) far below an ulp of ν: exactly ν.
        #expect(g(.leastNonzeroMagnitude) == g.nu)
        #expect(g(-.leastNonzeroMagnitude) == -g.nu)
        #expect(g(1e-12 * g.nu) == g.nu)
        // At u = ν the quadratic piece gives ν + ν/4.
        #expect(abs(g(g.nu) - 1.25 * g.nu) <= 1e-15 * g.nu)
    }

    @Test("with no error at all (ρ̄′ = 0) g is the zero map, so a zero gradient stays zero")
    func noError() {
        let g = ErrorGuard(errors: [0, 0, 0])
        #expect(g.meanAbsoluteError == 0)
        for u in [0.0, 1e-300, -1, 1e300] { #expect(g(u) == 0) }
    }
}
