import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 4, exercise 2, `eqpropGradient`: dl/dw ≈ (dr*/dλ) r*, dl/db ≈ dr*/dλ with the
/// one-sided (r*_λ − r*)/λ or the symmetric (r*_λ − r*_−λ)/(2λ).
struct EqPropGradientTests {
    /// w = 0.5, b = 1, x = 0.2, y = 2, λ = 0.1: r* = 2.4, r*_λ = 2.5, r*_−λ = 7/3.
    /// One-sided dr*/dλ = 1, so (2.4, 1); symmetric (2.5 − 7/3)/0.2 = 5/6, so (2, 5/6).
    /// The exact gradient is (1.92, 0.8).
    @Test func matchesHandComputedEstimates() throws {
        let oneSided = try eqpropGradient(w: 0.5, b: 1, x: 0.2, y: 2, nudge: 0.1, symmetric: false)
        expectClose(oneSided.dw, 2.4, within: 1e-13, "one-sided dl/dw")
        expectClose(oneSided.db, 1, within: 1e-13, "one-sided dl/db")
        let symmetric = try eqpropGradient(w: 0.5, b: 1, x: 0.2, y: 2, nudge: 0.1, symmetric: true)
        expectClose(symmetric.dw, 2, within: 1e-13, "symmetric dl/dw")
        expectClose(symmetric.db, 5.0 / 6, within: 1e-13, "symmetric dl/db")
    }

    /// The library's equilibrium propagation (two or three relaxations of the nudged model) on the same problem.
    @Test func matchesLibraryEquilibriumPropagation() throws {
        for (w, b, x, y, λ) in [(0.3, 0.5, -0.2, 1.0, 0.05), (-1.5, 2.0, 0.4, -0.3, 0.01)] {
            let problem = homeworkProblem(w: w, b: b, x: x, y: y)
            for symmetric in [false, true] {
                let library = try EquilibriumPropagation.gradient(problem, nudge: λ, estimator: symmetric ? .symmetric : .oneSided)
                let got = try eqpropGradient(w: w, b: b, x: x, y: y, nudge: λ, symmetric: symmetric)
                expectClose(got.dw, library.gradient[0], within: 1e-9, "dl/dw at w = \(w), symmetric \(symmetric)")
                expectClose(got.db, library.gradient[1], within: 1e-9, "dl/db at w = \(w), symmetric \(symmetric)")
            }
        }
    }

    // BEGIN HIDDEN TESTS
    /// Seeded cases against the closed forms of r*_λ; both signs of λ estimate the gradient;
    /// an unstable phase is thrown.
    @Test func seededCasesBothSignsAndUnstablePhases() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<10 {
            let w = rng.uniform(-2, 0.7), b = rng.uniform(-2, 2), x = rng.uniform(-1, 1), y = rng.uniform(-2, 2)
            let λ = rng.uniform(0.001, 0.2)
            func r(_ ν: Double) -> Double { (b + x - ν * y) / (1 - w - ν) }
            let one = (r(λ) - r(0)) / λ, sym = (r(λ) - r(-λ)) / (2 * λ)
            let gotOne = try eqpropGradient(w: w, b: b, x: x, y: y, nudge: λ, symmetric: false)
            let gotSym = try eqpropGradient(w: w, b: b, x: x, y: y, nudge: λ, symmetric: true)
            expectClose(gotOne.dw, one * r(0), within: 1e-11, "one-sided dl/dw at w = \(w), λ = \(λ)")
            expectClose(gotOne.db, one, within: 1e-11, "one-sided dl/db at w = \(w), λ = \(λ)")
            expectClose(gotSym.dw, sym * r(0), within: 1e-11, "symmetric dl/dw at w = \(w), λ = \(λ)")
            expectClose(gotSym.db, sym, within: 1e-11, "symmetric dl/db at w = \(w), λ = \(λ)")
            let down = try eqpropGradient(w: w, b: b, x: x, y: y, nudge: -λ, symmetric: false)
            expectClose(down.db, (r(-λ) - r(0)) / -λ, within: 1e-11, "one-sided dl/db at −λ")
        }
        #expect(throws: UnstableNudgedFixedPoint.self) { _ = try eqpropGradient(w: 0.95, b: 0, x: 1, y: 0, nudge: 0.1, symmetric: false) }
        #expect(throws: UnstableNudgedFixedPoint.self) { _ = try eqpropGradient(w: 1.2, b: 0, x: 1, y: 0, nudge: 0.01, symmetric: true) }
    }
    // END HIDDEN TESTS
}
