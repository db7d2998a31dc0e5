import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 4, exercise 1, `nudgedFixedPoint`: r*_λ = (b + x − λ y)/(1 − w − λ), thrown for w + λ ≥ 1.
struct NudgedFixedPointTests {
    /// w = 0.5, b = 1, x = 0.2, y = 2: r*_0.1 = (1.2 − 0.2)/0.4 = 2.5, r*_0 = 2.4, r*_−0.1 = 1.4/0.6.
    @Test func matchesClosedForm() throws {
        expectClose(try nudgedFixedPoint(w: 0.5, b: 1, x: 0.2, y: 2, nudge: 0.1), 2.5, within: 1e-14, "r* at λ = 0.1")
        expectClose(try nudgedFixedPoint(w: 0.5, b: 1, x: 0.2, y: 2, nudge: 0), 2.4, within: 1e-14, "r* at λ = 0")
        expectClose(try nudgedFixedPoint(w: 0.5, b: 1, x: 0.2, y: 2, nudge: -0.1), 1.4 / 0.6, within: 1e-14, "r* at λ = −0.1")
    }

    /// J_λ = w − 1 + λ ≥ 0: no stable point to return. A nudge toward the target (λ < 0) can
    /// make an unstable w stable, and then there is a number.
    @Test func refusesUnstableNudgedPoints() throws {
        #expect(throws: UnstableNudgedFixedPoint(w: 0.5, nudge: 0.6)) { _ = try nudgedFixedPoint(w: 0.5, b: 1, x: 0, y: 0, nudge: 0.6) }
        #expect(throws: UnstableNudgedFixedPoint(w: 1.2, nudge: -0.1)) { _ = try nudgedFixedPoint(w: 1.2, b: 1, x: 0, y: 0, nudge: -0.1) }
        expectClose(try nudgedFixedPoint(w: 1.2, b: 1, x: 0, y: 0.5, nudge: -0.5), (1 + 0.25) / 0.3, within: 1e-13,
                    "r* at w = 1.2, λ = −0.5 (stable: w + λ = 0.7)")
    }

    // BEGIN HIDDEN TESTS
    /// Seeded cases against the library: Newton on the nudged system dr/dt = F + λ (r − y).
    @Test func matchesLibraryNudgedSolve() throws {
        var rng = SeededGenerator(seed: 41)
        for _ in 0..<10 {
            let w = rng.uniform(-2, 0.8), b = rng.uniform(-2, 2), x = rng.uniform(-1, 1), y = rng.uniform(-2, 2)
            let λ = rng.uniform(-0.5, 0.15)
            let nudged = NudgedSystem(base: HomeworkModel(w: w, b: b), readout: [0], nudge: λ)
            let library = try FixedPointSolver(.newton, tolerance: 1e-15).solve(nudged, input: [x, y], from: [0])
            expectClose(try nudgedFixedPoint(w: w, b: b, x: x, y: y, nudge: λ), library.state[0], within: 1e-12,
                        "r*_λ at w = \(w), λ = \(λ)")
        }
    }
    // END HIDDEN TESTS
}
