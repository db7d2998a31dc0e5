import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 2, exercise 1, `bpttAdjoints`: a_t = dL/dr_t, run backward from
/// a_T = (r_T − y_{T−1})/T through a_t = (r_t − y_{t−1})/T + a_{t+1}(1 + Δt(w − 1)).
/// The rates are given (hand-made, or the library's simulation).
struct BPTTAdjointsTests {
    /// Hand-made numbers, T = 3: the last adjoint is the last error over T,
    /// a_3 = (r_3 − y_2)/3 = (4 − 1)/3 = 1, whatever w and Δt are.
    @Test func lastAdjointIsTheLastErrorOverT() throws {
        let got = try bpttAdjoints(r: [1, 2, 4], y: [0.5, 1, 1], w: 1.3, dt: 0.1)
        #expect(got.count == 3, "expected 3 adjoints (a_1 … a_3), got \(got.count)")
        let last = try #require(got.last, "no adjoints returned")
        expectClose(last, 1, within: 1e-15, "a_T")
    }

    /// The course's run, w = 1: the factor 1 + Δt(w − 1) is 1, so a_t adds up the
    /// errors still to come, a_t = Σ_{s≥t} (r_s − y_{s−1})/T.
    @Test func adjointsAddUpTheErrorsToComeWhenWIsOne() throws {
        let run = courseCase()
        let r = simulateRates(x: run.x, w: 1, b: run.b, r0: run.r0, dt: run.dt)
        let errors = (1...run.count).map { t in (r[t] - run.y[t - 1]) / Double(run.count) }
        let expected = errors.indices.map { i in errors[i...].reduce(0, +) }
        let got = try bpttAdjoints(r: Array(r.dropFirst()), y: run.y, w: 1, dt: run.dt)
        expectClose(got, expected, within: 1e-12, "a", counting: "t =")
    }

    /// Rates on target everywhere but at the last step, w = 0.5, Δt = 0.1: the one
    /// error e/T spreads back with factor 0.95 a step, a_t = (e/T) · 0.95^(T−t).
    @Test func aLoneErrorDecaysGeometricallyBackward() throws {
        let y = [2.0, 1.5, 1.2, 1.0, 0.9, 0.8]
        var r = y
        r[5] += 0.6                                      // e = 0.6 at the last step only
        let got = try bpttAdjoints(r: r, y: y, w: 0.5, dt: 0.1)
        let expected = (1...6).map { t in 0.6 / 6 * pow(0.95, Double(6 - t)) }
        expectClose(got, expected, within: 1e-14, "a", counting: "t =")
    }

    /// The course's sequence at w = b = 1 and at w = 0.5: a_1 … a_T equal the
    /// library's BPTT adjoints. Same operations: 1e-12.
    @Test func matchesLibraryBPTTOnCourseSequence() throws {
        for w in [1.0, 0.5] {
            var run = courseCase()
            run.w = w
            let result = BPTT.gradient(run.problem)
            let got = try bpttAdjoints(r: result.states.dropFirst().map { $0[0] }, y: run.y, w: w, dt: run.dt)
            expectClose(got, result.adjoints.dropFirst().map { $0[0] }, within: 1e-12, "w = \(w): a", counting: "t =")
        }
    }

    // BEGIN HIDDEN TESTS
    /// Seeded runs with T = 40, 25, 60, w > 1 and w < 1, Δt = 0.05 and 0.1: each
    /// a_t equals the central difference of the loss in r_t, with r_0 … r_{t−1}
    /// kept and the steps after t rerun. The loss is quadratic in r_t, so the
    /// difference is exact up to rounding: 1e-7.
    @Test func matchesFiniteDifferencesOfTheLoss() throws {
        for (k, run) in randomCases().enumerated() {
            let r = simulateRates(x: run.x, w: run.w, b: run.b, r0: run.r0, dt: run.dt)
            let expected = (1...run.count).map { t in
                centralDifference(at: r[t]) { value in
                    courseLoss(rates: continueRates(Array(r[..<t]) + [value], x: run.x, w: run.w, b: run.b, dt: run.dt),
                               y: run.y)
                }
            }
            let got = try bpttAdjoints(r: Array(r.dropFirst()), y: run.y, w: run.w, dt: run.dt)
            expectClose(got, expected, within: 1e-7, "case \(k) (\(run)): a", counting: "t =")
        }
    }
    // END HIDDEN TESTS
}
