import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 4, exercise 3, `eqpropErrors`: the relative errors of the one-sided (O(λ)) and
/// symmetric (O(λ²)) estimates against the exact implicit gradient.
struct EqPropErrorTests {
    static let nudges = [0.1, 0.05, 0.02, 0.01]

    /// The log–log slopes over a decade of λ: 1 for the one-sided estimate, 2 for the symmetric one.
    @Test func errorsFallAsOrderOneAndTwo() throws {
        let errors = try eqpropErrors(w: 0.5, b: 1, x: 0.2, y: 2, nudges: Self.nudges)
        #expect(errors.count == 4, "one pair per nudge")
        guard errors.count == 4, errors.allSatisfy({ $0.oneSided > 0 && $0.symmetric > 0 }) else {
            Issue.record("errors must be positive numbers, got \(errors)")
            return
        }
        let x = Self.nudges.map(log)
        let one = LineFit(x: x, y: errors.map { log($0.oneSided) }).slope, two = LineFit(x: x, y: errors.map { log($0.symmetric) }).slope
        #expect(abs(one - 1) <= 0.2, "one-sided slope \(one), errors \(errors.map(\.oneSided))")
        #expect(abs(two - 2) <= 0.2, "symmetric slope \(two), errors \(errors.map(\.symmetric))")
    }

    /// The same errors computed with the library: EqProp against the implicit gradient by solve.
    @Test func matchesLibraryErrors() throws {
        let (w, b, x, y) = (0.3, 0.5, -0.2, 1.0)
        let problem = homeworkProblem(w: w, b: b, x: x, y: y)
        let exact = try ImplicitGradient.bySolve(problem).gradient
        let got = try eqpropErrors(w: w, b: b, x: x, y: y, nudges: Self.nudges)
        #expect(got.count == Self.nudges.count)
        for (k, λ) in Self.nudges.enumerated() where k < got.count {
            for (estimator, value) in [(EquilibriumPropagation.Estimator.oneSided, got[k].oneSided), (.symmetric, got[k].symmetric)] {
                let estimate = try EquilibriumPropagation.gradient(problem, nudge: λ, estimator: estimator).gradient
                let expected = Vector.norm(Vector.subtracting(estimate, exact)) / Vector.norm(exact)
                #expect(abs(value - expected) <= 1e-6 * expected, "\(estimator.rawValue) error at λ = \(λ): expected \(expected), got \(value)")
            }
        }
    }

    // BEGIN HIDDEN TESTS
    /// Seeded cases against closed forms, and w ≥ 1 thrown.
    @Test func seededCasesAndUnstableW() throws {
        var rng = SeededGenerator(seed: 43)
        for _ in 0..<8 {
            let w = rng.uniform(-2, 0.6), b = rng.uniform(-2, 2), x = rng.uniform(-1, 1), y = rng.uniform(-2, 2)
            func r(_ ν: Double) -> Double { (b + x - ν * y) / (1 - w - ν) }
            let v = (r(0) - y) / (1 - w), size = (v * r(0) * v * r(0) + v * v).squareRoot()
            func error(_ d: Double) -> Double { ((d * r(0) - v * r(0)) * (d * r(0) - v * r(0)) + (d - v) * (d - v)).squareRoot() / size }
            let got = try eqpropErrors(w: w, b: b, x: x, y: y, nudges: [0.03, 0.003])
            #expect(got.count == 2, "one pair per nudge, got \(got.count)")
            for (k, λ) in [0.03, 0.003].enumerated() where k < got.count {
                expectClose(got[k].oneSided, error((r(λ) - r(0)) / λ), within: 1e-8, "one-sided error at w = \(w), λ = \(λ)")
                expectClose(got[k].symmetric, error((r(λ) - r(-λ)) / (2 * λ)), within: 1e-8, "symmetric error at w = \(w), λ = \(λ)")
            }
        }
        #expect(throws: UnstableNudgedFixedPoint.self) { _ = try eqpropErrors(w: 1.5, b: 0, x: 1, y: 0, nudges: [0.01]) }
    }
    // END HIDDEN TESTS
}
