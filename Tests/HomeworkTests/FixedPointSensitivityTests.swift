import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 3, exercise 2, `fixedPointSensitivities`: ∂r*/∂w = (b + x)/(1 − w)², ∂r*/∂b = 1/(1 − w).
struct FixedPointSensitivityTests {
    /// w = 0.5, b = 1, x = 0.2: ∂r*/∂w = 1.2 / 0.25 = 4.8, ∂r*/∂b = 2.
    @Test func matchesClosedForm() throws {
        let got = try fixedPointSensitivities(w: 0.5, b: 1, x: 0.2)
        expectClose(got.drdw, 4.8, within: 1e-14, "∂r*/∂w")
        expectClose(got.drdb, 2, within: 1e-14, "∂r*/∂b")
    }

    /// w ≥ 1: thrown, not returned.
    @Test func unstableWeightThrows() {
        #expect(throws: UnstableFixedPoint(w: 2)) { _ = try fixedPointSensitivities(w: 2, b: 1, x: 0) }
    }

    // BEGIN HIDDEN TESTS
    /// Seeded cases: central differences of the library's solved r* in w and in b.
    @Test func matchesFiniteDifferencesOfTheSolve() throws {
        var rng = SeededGenerator(seed: 32)
        let solver = FixedPointSolver(.newton, tolerance: 1e-15)
        for _ in 0..<10 {
            let w = rng.uniform(-2, 0.8), b = rng.uniform(-2, 2), x = rng.uniform(-1, 1)
            func r(_ w: Double, _ b: Double) -> Double {
                (try? solver.solve(HomeworkModel(w: w, b: b), input: [x], from: [0]).state[0]) ?? .nan
            }
            let got = try fixedPointSensitivities(w: w, b: b, x: x)
            expectClose(got.drdw, centralDifference(at: w) { r($0, b) }, within: 1e-6, "∂r*/∂w at w = \(w), b = \(b)")
            expectClose(got.drdb, centralDifference(at: b) { r(w, $0) }, within: 1e-6, "∂r*/∂b at w = \(w), b = \(b)")
        }
    }
    // END HIDDEN TESTS
}
