import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 3, exercise 1, `fixedPoint`: r* = (b + x)/(1 − w) for w < 1, a thrown
/// `UnstableFixedPoint` for w ≥ 1.
struct FixedPointRateTests {
    /// w = 0.5, b = 1, x = 0.2: r* = 1.2 / 0.5 = 2.4; w = −1: r* = 1.2 / 2 = 0.6.
    @Test func matchesClosedForm() throws {
        expectClose(try fixedPoint(w: 0.5, b: 1, x: 0.2), 2.4, within: 1e-14, "r* at w = 0.5")
        expectClose(try fixedPoint(w: -1, b: 1, x: 0.2), 0.6, within: 1e-14, "r* at w = −1")
    }

    /// w = 1.5 (a repelling point) and w = 1 (none): a thrown error, not a number.
    @Test func unstableWeightThrows() {
        for w in [1.5, 1.0] {
            #expect(throws: UnstableFixedPoint(w: w), "w = \(w)") { _ = try fixedPoint(w: w, b: 1, x: 0.2) }
        }
    }

    // BEGIN HIDDEN TESTS
    /// Seeded cases with w from −3 to 0.95: the library's Newton solve of
    /// dr/dt = (w − 1) r + b + x finds the same r*, and F(r*) = 0.
    @Test func matchesLibrarySolver() throws {
        var rng = SeededGenerator(seed: 31)
        for _ in 0..<20 {
            let w = rng.uniform(-3, 0.95), b = rng.uniform(-2, 2), x = rng.uniform(-1, 1)
            let solved = try FixedPointSolver(.newton, tolerance: 1e-14).solve(HomeworkModel(w: w, b: b), input: [x], from: [0])
            let got = try fixedPoint(w: w, b: b, x: x)
            expectClose(got, solved.state[0], within: 1e-12, "r* at w = \(w), b = \(b), x = \(x)")
            expectClose((w - 1) * got + b + x, 0, within: 1e-12, "F(r*) at w = \(w)")
        }
    }
    // END HIDDEN TESTS
}
