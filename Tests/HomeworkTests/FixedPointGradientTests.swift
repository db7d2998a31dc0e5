import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 3, exercise 3, `fixedPointGradient`: l = ½(r* − y)², dl/dw = v* r*,
/// dl/db = v*, v* = (r* − y)/(1 − w).
struct FixedPointGradientTests {
    /// w = 0.5, b = 1, x = 0.2, y = 2: r* = 2.4, l = 0.08, v* = 0.8, dl/dw = 1.92, dl/db = 0.8.
    @Test func matchesClosedForm() throws {
        let got = try fixedPointGradient(w: 0.5, b: 1, x: 0.2, y: 2)
        expectClose(got.loss, 0.08, within: 1e-14, "l")
        expectClose(got.dw, 1.92, within: 1e-14, "dl/dw")
        expectClose(got.db, 0.8, within: 1e-14, "dl/db")
    }

    /// The library's implicit gradient (one LU of J and a transposed solve) on the same problem.
    @Test func matchesLibraryImplicitGradient() throws {
        for (w, b, x, y) in [(0.3, 0.5, -0.2, 1.0), (-1.5, 2.0, 0.4, -0.3)] {
            let problem = homeworkProblem(w: w, b: b, x: x, y: y)
            let library = try ImplicitGradient.bySolve(problem)
            let got = try fixedPointGradient(w: w, b: b, x: x, y: y)
            expectClose(got.loss, library.loss, within: 1e-12, "l at w = \(w)")
            expectClose(got.dw, library.gradient[0], within: 1e-12, "dl/dw at w = \(w)")
            expectClose(got.db, library.gradient[1], within: 1e-12, "dl/db at w = \(w)")
        }
    }

    // BEGIN HIDDEN TESTS
    /// Seeded cases: central differences of l(r*(w, b)) with r* from the library's solve;
    /// and w ≥ 1 thrown.
    @Test func matchesFiniteDifferencesAndRefusesUnstable() throws {
        var rng = SeededGenerator(seed: 33)
        for _ in 0..<10 {
            let w = rng.uniform(-2, 0.8), b = rng.uniform(-2, 2), x = rng.uniform(-1, 1), y = rng.uniform(-2, 2)
            func loss(_ w: Double, _ b: Double) -> Double {
                let problem = homeworkProblem(w: w, b: b, x: x, y: y)
                return (try? problem.lossValue()) ?? .nan
            }
            let got = try fixedPointGradient(w: w, b: b, x: x, y: y)
            expectClose(got.dw, centralDifference(at: w) { loss($0, b) }, within: 1e-6, "dl/dw at w = \(w), b = \(b)")
            expectClose(got.db, centralDifference(at: b) { loss(w, $0) }, within: 1e-6, "dl/db at w = \(w), b = \(b)")
        }
        #expect(throws: UnstableFixedPoint(w: 1.2)) { _ = try fixedPointGradient(w: 1.2, b: 0, x: 1, y: 0) }
    }
    // END HIDDEN TESTS
}
