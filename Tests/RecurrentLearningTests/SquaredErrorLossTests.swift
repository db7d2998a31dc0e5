import Foundation
import RecurrentLearning
import Testing

@Suite("Squared-error loss over a trajectory")
struct SquaredErrorLossTests {
    @Test("the loss is 1/(2T) Σ_t Σ_j (r_t[o_j] − y_t[j])², r₀ not scored")
    func value() {
        let loss = SquaredErrorLoss(targets: [[1, 0], [2, 1]], readout: [2, 0])
        let states: [[Double]] = [[100, 100, 100], [0.5, 9, 1.5], [1, 9, 4]]
        // t = 1: (1.5 − 1)² + (0.5 − 0)² = 0.5;  t = 2: (4 − 2)² + (1 − 1)² = 4
        #expect(loss.value(states: states) == (0.5 + 4) / (2 * 2))
        #expect(loss.stepCount == 2)
    }

    @Test("the loss gradient in r_t matches central differences, zero off the read-out")
    func gradient() {
        var rng = SeededGenerator(seed: 91)
        let T = 4
        let targets = (0..<T).map { _ in normalVector(2, using: &rng) }
        let loss = SquaredErrorLoss(targets: targets, readout: [1, 3])
        let states = (0...T).map { _ in normalVector(4, using: &rng) }
        for t in 1...T {
            let fd = FiniteDifferences.gradient(at: states[t]) { r in
                var moved = states
                moved[t] = r
                return loss.value(states: moved)
            }
            let g = loss.gradient(state: states[t], step: t)
            // A quadratic: central differences are exact up to rounding ε |L| / h ≈ 1e-11.
            expectClose(g, fd, within: 1e-9, "∂l/∂r_\(t)")
            #expect(g[0] == 0 && g[2] == 0)
        }
    }

    @Test("scalar targets read out component 0 by default")
    func scalarTargets() {
        let loss = SquaredErrorLoss(targets: [3, 4])
        #expect(loss.readout == [0] && loss.targets == [[3], [4]])
        #expect(loss.value(states: [[0], [3], [4]]) == 0)
    }
}
