import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 2, exercise 2, `bpttGradient`: dL/dw = Δt Σ_{t=0}^{T−1} a_{t+1} r_t and
/// dL/db = Δt Σ a_{t+1}. The adjoints are given (hand-made, or the library's
/// BPTT), never computed by the homework's `bpttAdjoints`.
struct BPTTGradientTests {
    /// Hand-made numbers: adjoints 1, 10, 100 and Δt = 0.1 give
    /// dL/db = 0.1 · 111 = 11.1, whatever the rates are.
    @Test func dbIsDtTimesTheSumOfAdjoints() throws {
        let got = try bpttGradient(r0: 2, r: [3, 5, 7], adjoints: [1, 10, 100], dt: 0.1)
        expectClose(got.db, 11.1, within: 1e-14, "dL/db")
    }

    /// The same numbers: a_{t+1} pairs with r_t, the rate before its step, so
    /// r_0 = 2 counts and r_3 = 7 does not: dL/dw = 0.1 · (1·2 + 10·3 + 100·5) = 53.2.
    @Test func dwPairsEachAdjointWithTheRateBeforeItsStep() throws {
        let got = try bpttGradient(r0: 2, r: [3, 5, 7], adjoints: [1, 10, 100], dt: 0.1)
        expectClose(got.dw, 53.2, within: 1e-14, "dL/dw")
    }

    /// The course's sequence at w = b = 1 and at w = 0.5: from the library's
    /// adjoints, the gradient equals the library's BPTT gradient. Same sums: 1e-12.
    @Test func matchesLibraryBPTTOnCourseSequence() throws {
        for w in [1.0, 0.5] {
            var run = courseCase()
            run.w = w
            let result = BPTT.gradient(run.problem)
            let got = try bpttGradient(r0: run.r0, r: result.states.dropFirst().map { $0[0] },
                                       adjoints: result.adjoints.dropFirst().map { $0[0] }, dt: run.dt)
            expectClose(got.dw, result.gradient[0], within: 1e-12, "w = \(w): dL/dw")
            expectClose(got.db, result.gradient[1], within: 1e-12, "w = \(w): dL/db")
        }
    }

    // BEGIN HIDDEN TESTS
    /// Seeded runs with T = 40, 25, 60 and w > 1: from the library's adjoints the
    /// gradient equals RTRL's (the same derivative summed forward, 1e-10) and the
    /// central differences of the simulated loss in w and b (1e-6).
    @Test func matchesRTRLAndFiniteDifferencesOnRandomRuns() throws {
        for (k, run) in randomCases().enumerated() {
            let result = BPTT.gradient(run.problem)
            let got = try bpttGradient(r0: run.r0, r: result.states.dropFirst().map { $0[0] },
                                       adjoints: result.adjoints.dropFirst().map { $0[0] }, dt: run.dt)
            let rtrl = RTRL.gradient(run.problem).gradient
            expectClose(got.dw, rtrl[0], within: 1e-10, "case \(k) (\(run)): dL/dw against RTRL")
            expectClose(got.db, rtrl[1], within: 1e-10, "case \(k) (\(run)): dL/db against RTRL")
            let numericW = centralDifference(at: run.w) { w in
                courseLoss(rates: simulateRates(x: run.x, w: w, b: run.b, r0: run.r0, dt: run.dt), y: run.y)
            }
            let numericB = centralDifference(at: run.b) { b in
                courseLoss(rates: simulateRates(x: run.x, w: run.w, b: b, r0: run.r0, dt: run.dt), y: run.y)
            }
            expectClose(got.dw, numericW, within: 1e-6, "case \(k) (\(run)): dL/dw against central differences")
            expectClose(got.db, numericB, within: 1e-6, "case \(k) (\(run)): dL/db against central differences")
        }
    }
    // END HIDDEN TESTS
}
