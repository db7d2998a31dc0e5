import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 3, exercise 4, `adjointSteadyState`: Euler steps of dv/dt = v(w − 1) + (r* − y)
/// from v = 0 until the relative residual is at most the tolerance.
struct AdjointSteadyStateTests {
    /// The steady state is the library's v* (by solve), reached in exactly the steps of the
    /// reference loop: from v = 0 the residual after k steps is |r* − y| · |1 + dt (w − 1)|^k.
    @Test func reachesTheSolvesAdjointInTheExpectedSteps() throws {
        for (w, b, x, y, dt) in [(0.5, 1.0, 0.2, 2.0, 0.1), (-1.0, 0.3, -0.4, 1.5, 0.3)] {
            let problem = homeworkProblem(w: w, b: b, x: x, y: y)
            let vStar = try ImplicitGradient.bySolve(problem).adjoints[0][0]
            let got = try adjointSteadyState(w: w, b: b, x: x, y: y, dt: dt, tolerance: 1e-10, maxSteps: 100_000)
            expectClose(got.v, vStar, within: 1e-9, "v at w = \(w), dt = \(dt)")
            let expected = adjointStepCount(w: w, dt: dt, tolerance: 1e-10)
            #expect(got.steps == expected, "w = \(w), dt = \(dt): \(got.steps) steps, expected \(expected)")
        }
    }

    /// w ≥ 1: thrown before any step.
    @Test func unstableWeightThrows() {
        #expect(throws: UnstableFixedPoint(w: 1)) {
            _ = try adjointSteadyState(w: 1, b: 1, x: 0, y: 0, dt: 0.1, tolerance: 1e-10, maxSteps: 100)
        }
    }

    // BEGIN HIDDEN TESTS
    /// Too large a step (|1 + dt (w − 1)| > 1) never settles: AdjointDidNotConverge after
    /// exactly maxSteps steps; too few steps allowed also throws; r* = y needs no step.
    @Test func refusesWhatDoesNotSettle() throws {
        #expect(throws: AdjointDidNotConverge(steps: 50)) {
            _ = try adjointSteadyState(w: 0, b: 1, x: 0, y: 0, dt: 2.5, tolerance: 1e-10, maxSteps: 50)
        }
        #expect(throws: AdjointDidNotConverge(steps: 3)) {
            _ = try adjointSteadyState(w: 0.5, b: 1, x: 0, y: 0, dt: 0.1, tolerance: 1e-10, maxSteps: 3)
        }
        let none = try adjointSteadyState(w: 0.5, b: 1, x: 0, y: 2, dt: 0.1, tolerance: 1e-10, maxSteps: 10)
        #expect(none.v == 0 && none.steps == 0)
        // With room to overflow, v reaches ±inf and then NaN: that is still no answer.
        #expect(throws: AdjointDidNotConverge(steps: 100_000)) {
            _ = try adjointSteadyState(w: 0, b: 1, x: 0, y: 0, dt: 2.5, tolerance: 1e-10, maxSteps: 100_000)
        }
    }
    // END HIDDEN TESTS
}
