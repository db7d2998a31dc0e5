import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 1, exercise 3, `gradientStep`: w ← w − η dL/dw, b ← b − η dL/db.
struct GradientStepTests {
    /// From the course's start w = b = 1 with η = 0.1 and the gradient (2, −3):
    /// w = 1 − 0.2 = 0.8 and b = 1 + 0.3 = 1.3.
    @Test func stepsAgainstTheGradient() throws {
        let got = try gradientStep(w: 1, b: 1, dw: 2, db: -3, learningRate: 0.1)
        expectClose(got.w, 0.8, within: 1e-15, "w")
        expectClose(got.b, 1.3, within: 1e-15, "b")
    }

    /// A zero gradient, or a zero learning rate, leaves (w, b) where it was.
    @Test func zeroGradientLeavesParametersUnchanged() throws {
        let still = try gradientStep(w: 0.7, b: -0.2, dw: 0, db: 0, learningRate: 0.1)
        expectClose(still.w, 0.7, within: 0, "w after a zero gradient")
        expectClose(still.b, -0.2, within: 0, "b after a zero gradient")
        let frozen = try gradientStep(w: 0.7, b: -0.2, dw: 5, db: -4, learningRate: 0)
        expectClose(frozen.w, 0.7, within: 0, "w with learning rate 0")
        expectClose(frozen.b, -0.2, within: 0, "b with learning rate 0")
    }

    // BEGIN HIDDEN TESTS
    /// Seeded runs away from w = b = 1, η = 0.3: one step from the gradient of the
    /// library's first epoch gives the parameters the library's `trained` ends
    /// that epoch with. Same operation: 1e-15 (relative above 1).
    @Test func matchesLibraryUpdateOnRandomRuns() throws {
        for (k, run) in randomCases().enumerated() {
            let epoch = try #require(try run.problem.trained(epochs: 1, learningRate: 0.3).history.first)
            let got = try gradientStep(w: run.w, b: run.b, dw: epoch.gradient[0], db: epoch.gradient[1],
                                       learningRate: 0.3)
            expectClose(got.w, epoch.parameters[0], within: 1e-15, "case \(k) (\(run)): w")
            expectClose(got.b, epoch.parameters[1], within: 1e-15, "case \(k) (\(run)): b")
        }
    }
    // END HIDDEN TESTS
}
