import Foundation
import RecurrentLearning
import Testing

@Suite("Finite differences: the reference every gradient check relies on")
struct FiniteDifferencesTests {
    // f(w) = w₀² w₁ + sin(w₁) + e^{w₂}/10 has ∇f = (2 w₀ w₁, w₀² + cos w₁, e^{w₂}/10).
    static func f(_ w: [Double]) -> Double { w[0] * w[0] * w[1] + sin(w[1]) + exp(w[2]) / 10 }
    static func gradient(_ w: [Double]) -> [Double] { [2 * w[0] * w[1], w[0] * w[0] + cos(w[1]), exp(w[2]) / 10] }

    @Test("the central-difference gradient matches an analytic gradient")
    func gradientOfKnownFunction() {
        // Includes a component of size 30, where the step scales to h·|w_k|.
        for w in [[0.3, -1.2, 0.5], [2.0, 0.7, -3.0], [30.0, 0.1, 1.0]] {
            // Truncation h² |f‴| / 6 with h = 1e-5 · max(1, |w|) and |f‴| ≤ ~10:
            // ~1e-9 relative; rounding ε |f| / h ≈ 1e-10. Tolerance 1e-8.
            expectClose(FiniteDifferences.gradient(at: w, of: Self.f), Self.gradient(w), within: 1e-8,
                        "∇f at \(w)")
        }
    }

    @Test("the central-difference Jacobian matches an analytic Jacobian, rows = outputs")
    func jacobianOfKnownMap() {
        // g(x) = (x₀ x₁, sin x₀, x₁³): J = [[x₁, x₀], [cos x₀, 0], [0, 3 x₁²]]
        let x = [0.4, -1.5]
        let j = FiniteDifferences.jacobian(at: x) { x in [x[0] * x[1], sin(x[0]), x[1] * x[1] * x[1]] }
        let expected = Matrix([[x[1], x[0]], [cos(x[0]), 0], [0, 3 * x[1] * x[1]]])
        // Same truncation/rounding reasoning as for the gradient: 1e-8.
        expectClose(j, expected, within: 1e-8, "Jacobian of g")
    }

    @Test("central differences are exact for quadratics up to rounding")
    func exactOnQuadratics() {
        // f‴ = 0, so only rounding remains: ε |f| / h ≈ 1e-11 for |f| ~ 10.
        let w = [1.5, -2.0]
        let g = FiniteDifferences.gradient(at: w) { $0[0] * $0[0] + 3 * $0[0] * $0[1] - $0[1] * $0[1] }
        expectClose(g, [2 * 1.5 + 3 * -2.0, 3 * 1.5 + 2 * 2.0], within: 1e-9, "gradient of a quadratic")
    }
}
