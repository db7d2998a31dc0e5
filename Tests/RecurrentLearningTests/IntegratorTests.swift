import Foundation
import RecurrentLearning
import Testing

@Suite("Integrators: Euler and RK4 steps, order of accuracy, recording")
struct IntegratorTests {
    // dr/dt = (w − 1) r + b + x with constant x has the closed-form solution
    // r(t) = r* + (r₀ − r*) e^{(w−1)t},  r* = (b + x)/(1 − w).
    let model = HomeworkModel(w: 0, b: 1)     // λ = w − 1 = −1, r* = 1 + x
    let x = 0.3
    let r0 = 2.0

    func exact(at t: Double) -> Double {
        let rStar = model.fixedPoint(input: x)!
        return rStar + (r0 - rStar) * exp((model.w - 1) * t)
    }

    /// |r_numerical(t_end) − r(t_end)| with steps Δt = t_end / steps.
    func error(_ integrator: Integrator, steps: Int, until tEnd: Double = 2) -> Double {
        let Δt = tEnd / Double(steps)
        let trajectory = model.simulate(from: [r0], inputs: Array(repeating: [x], count: steps),
                                        timeStep: Δt, integrator: integrator)
        return abs(trajectory.states.last![0] - exact(at: tEnd))
    }

    @Test("an Euler step is r + Δt F(r, x)")
    func eulerStep() {
        let r = [0.4], Δt = 0.1
        let next = Integrator.euler.step(model, state: r, input: [x], timeStep: Δt)
        // The same operations in the same order as the library: exact (==).
        #expect(next == [0.4 + 0.1 * ((0 - 1) * 0.4 + 1 + 0.3)])
    }

    @Test("on a linear system an RK4 step multiplies r − r* by the quartic Taylor polynomial of e^{λΔt}")
    func rk4StepIsTaylorPolynomial() {
        let Δt = 0.3, z = (model.w - 1) * Δt
        let rStar = model.fixedPoint(input: x)!
        let next = Integrator.rungeKutta4.step(model, state: [r0], input: [x], timeStep: Δt)[0]
        let expected = rStar + (r0 - rStar) * (1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24)
        // The same polynomial evaluated in another order: a few ulps of values ~2.
        expectClose(next, expected, within: 1e-15, "RK4 step")
    }

    @Test("RK4 is fourth order: halving Δt divides the error by ≈ 16")
    func rk4Order() {
        let e1 = error(.rungeKutta4, steps: 10)    // Δt = 0.2
        let e2 = error(.rungeKutta4, steps: 20)    // Δt = 0.1
        let e3 = error(.rungeKutta4, steps: 40)    // Δt = 0.05
        // Global error C Δt⁴ (1 + O(Δt)): the ratio tends to 2⁴ = 16, off by a
        // few per cent at λΔt = −0.2. [14, 18] allows that and excludes order 3 (8)
        // and order 5 (32). The errors (~1e-6 … 1e-8) are far above rounding (~1e-15).
        for (coarse, fine) in [(e1, e2), (e2, e3)] {
            let ratio = coarse / fine
            #expect(ratio >= 14 && ratio <= 18, "RK4 error ratio \(ratio) (errors \(coarse), \(fine))")
        }
    }

    @Test("Euler is first order: halving Δt divides the error by ≈ 2")
    func eulerOrder() {
        let e1 = error(.euler, steps: 20)     // Δt = 0.1
        let e2 = error(.euler, steps: 40)     // Δt = 0.05
        let e3 = error(.euler, steps: 80)     // Δt = 0.025
        // Error C Δt (1 + O(Δt)): ratio → 2, within 10 % at these steps.
        for (coarse, fine) in [(e1, e2), (e2, e3)] {
            let ratio = coarse / fine
            #expect(ratio >= 1.8 && ratio <= 2.2, "Euler error ratio \(ratio) (errors \(coarse), \(fine))")
        }
        // And RK4 at the coarsest step beats Euler at the finest.
        #expect(error(.rungeKutta4, steps: 20) < e3)
    }

    @Test("simulate keeps r₀, every k-th state and the last", arguments: [1, 3, 5, 10, 12])
    func recordEvery(stride k: Int) {
        var rng = SeededGenerator(seed: 61)
        let T = 10, Δt = 0.1
        let inputs = normalVector(T, using: &rng).map { [$0] }
        let full = model.simulate(from: [r0], inputs: inputs, timeStep: Δt)
        #expect(full.states.count == T + 1)
        let kept = model.simulate(from: [r0], inputs: inputs, timeStep: Δt, recordEvery: k)
        var indices = Array(Swift.stride(from: 0, through: T, by: k))
        if indices.last != T { indices.append(T) }
        // Recording does not change the arithmetic: the states must be identical.
        #expect(kept.states == indices.map { full.states[$0] })
        #expect(kept.times == indices.map { Double($0) * Δt })      // t · Δt, computed the same way
        #expect(kept.series(0) == indices.map { full.states[$0][0] })
    }

    @Test("simulate with no inputs returns only r₀ at time 0")
    func emptySimulation() {
        let trajectory = model.simulate(from: [r0], inputs: [], timeStep: 0.1, recordEvery: 4)
        #expect(trajectory.states == [[r0]] && trajectory.times == [0])
    }
}
