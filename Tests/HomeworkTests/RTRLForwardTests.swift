import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 1, exercise 1, `rtrlForward`: the rates r and the sensitivities p_w, p_b.
///
/// Each test checks ONE of the three outputs, so a mistake in one of them
/// costs only its own tests. Which tests check what:
/// - r:   `ratesFollowEulerSteps`, `ratesMatchLibraryOnRandomRuns`
/// - p_b: `sensitivityPbMatchesClosedForm`, `sensitivityPbMatchesFiniteDifferences`
/// - p_w: `sensitivityPwMatchesLibraryRTRL`, `sensitivityPwMatchesFiniteDifferences`
///
/// Only the two `sensitivityPw…` tests look at p_w. The lecture skeleton's order
/// bug (updating r first, then p_w with the new r_{t+1}) fails exactly those two:
/// it changes neither r nor p_b.
struct RTRLForwardTests {
    /// The course's run (its sequence, w = b = 1, r_0 = y_0, Δt = 0.1): r_1 … r_T
    /// equal the library's Euler simulation. Same operations: 1e-12.
    @Test func ratesFollowEulerSteps() throws {
        let run = courseCase()
        let got = try rtrlForward(x: run.x, w: run.w, b: run.b, r0: run.r0, dt: run.dt)
        let expected = run.problem.simulate().dropFirst().map { $0[0] }
        expectClose(got.r, expected, within: 1e-12, "r", counting: "t =")
    }

    /// p_b does not depend on r: p_{b,t} = Δt Σ_{s<t} (1 + Δt(w − 1))^s, that is
    /// t·Δt for w = 1 and (1 − (1 + Δt(w − 1))^t)/(1 − w) otherwise. Checked on
    /// the course's sequence for w = 1 (the course's start), 0.5 and 1.5.
    @Test func sensitivityPbMatchesClosedForm() throws {
        let run = courseCase()
        for w in [1.0, 0.5, 1.5] {
            let got = try rtrlForward(x: run.x, w: w, b: run.b, r0: run.r0, dt: run.dt)
            let factor = 1 + run.dt * (w - 1)
            let expected = (1...run.count).map { t in
                w == 1 ? Double(t) * run.dt : (1 - pow(factor, Double(t))) / (1 - w)
            }
            expectClose(got.pb, expected, within: 1e-12, "w = \(w): pb", counting: "t =")
        }
    }

    /// The course's run: p_{w,1} … p_{w,T} equal the sensitivities the library's
    /// RTRL records. Same operations up to reassociation: 1e-12.
    @Test func sensitivityPwMatchesLibraryRTRL() throws {
        let run = courseCase()
        let got = try rtrlForward(x: run.x, w: run.w, b: run.b, r0: run.r0, dt: run.dt)
        expectClose(got.pw, libraryRTRL(run).pw, within: 1e-12, "pw", counting: "t =")
    }

    // BEGIN HIDDEN TESTS
    /// Seeded runs with T = 40, 25, 60, w > 1 and w < 1, other b, r_0 and Δt:
    /// the rates equal the library's simulation to 1e-12 (relative above 1:
    /// growing runs reach values far above 1).
    @Test func ratesMatchLibraryOnRandomRuns() throws {
        for (k, run) in randomCases().enumerated() {
            let got = try rtrlForward(x: run.x, w: run.w, b: run.b, r0: run.r0, dt: run.dt)
            let expected = run.problem.simulate().dropFirst().map { $0[0] }
            expectClose(got.r, expected, within: 1e-12, "case \(k) (\(run)): r", counting: "t =")
        }
    }

    /// Seeded runs: p_{b,t} equals the central difference of the simulated r_t
    /// in b. r_t is linear in b, so the difference is exact up to rounding
    /// (about 1e-11 · |r| / h): 1e-7.
    @Test func sensitivityPbMatchesFiniteDifferences() throws {
        for (k, run) in randomCases().enumerated() {
            let got = try rtrlForward(x: run.x, w: run.w, b: run.b, r0: run.r0, dt: run.dt)
            let h = 1e-5 * max(1, abs(run.b))
            let plus = simulateRates(x: run.x, w: run.w, b: run.b + h, r0: run.r0, dt: run.dt)
            let minus = simulateRates(x: run.x, w: run.w, b: run.b - h, r0: run.r0, dt: run.dt)
            let expected = (1...run.count).map { t in (plus[t] - minus[t]) / (2 * h) }
            expectClose(got.pb, expected, within: 1e-7, "case \(k) (\(run)): pb", counting: "t =")
        }
    }

    /// Seeded runs, growing ones included: p_{w,t} equals the central difference
    /// of the simulated r_t in w. r_t is a polynomial in w; with h = 1e-5 the
    /// truncation and rounding errors stay below 1e-8 relative: 1e-6. The
    /// skeleton's order bug is off by O(Δt), several percent.
    @Test func sensitivityPwMatchesFiniteDifferences() throws {
        for (k, run) in randomCases().enumerated() {
            let got = try rtrlForward(x: run.x, w: run.w, b: run.b, r0: run.r0, dt: run.dt)
            let h = 1e-5 * max(1, abs(run.w))
            let plus = simulateRates(x: run.x, w: run.w + h, b: run.b, r0: run.r0, dt: run.dt)
            let minus = simulateRates(x: run.x, w: run.w - h, b: run.b, r0: run.r0, dt: run.dt)
            let expected = (1...run.count).map { t in (plus[t] - minus[t]) / (2 * h) }
            expectClose(got.pw, expected, within: 1e-6, "case \(k) (\(run)): pw", counting: "t =")
        }
    }
    // END HIDDEN TESTS
}
