import Foundation
import RecurrentLearning
import Testing

/// Checks every derivative a `DynamicalSystem` provides at the points (r, x):
///
/// - `stateJacobian` and `parameterJacobian` against central differences of `rate`;
/// - its `Linearization`, with all points stored at once: F bit for bit `rate`;
///   β v + α J v, β v + α Jᵀ v, Jᵀ v + g with its ‖·‖∞, β P + α J P, P + α D and
///   Σ_t v_tᵀ D_t against the same formed with the dense Jacobians (and
///   `parameterJacobianAt` equal to D); `parameterCount` equal to the count of `parameters`.
///
/// `fdTolerance` bounds the central-difference error (the caller states why);
/// the structured forms must match the dense ones to rounding, `exactTolerance`.
func checkDerivatives<S: DynamicalSystem>(
    of system: S, states: [[Double]], inputs: [[Double]], seed: UInt64,
    fdTolerance: Double, exactTolerance: Double = 1e-13,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    var rng = SeededGenerator(seed: seed)
    let n = system.stateCount, m = system.parameterCount
    let names = system.parameterNames
    #expect(names.count == m, sourceLocation: sourceLocation)
    #expect(system.parameters.count == m, "parameterCount is the count of parameters", sourceLocation: sourceLocation)
    let linearization = system.makeLinearization(points: states.count)
    for (t, (r, x)) in zip(states, inputs).enumerated() {
        // J = ∂F/∂r and ∂F/∂w against central differences of F
        let j = system.stateJacobian(r, input: x)
        let jFD = FiniteDifferences.jacobian(at: r) { system.rate($0, input: x) }
        expectClose(j, jFD, within: fdTolerance, "stateJacobian vs central differences",
                    sourceLocation: sourceLocation)
        let d = system.parameterJacobian(r, input: x)
        let dFD = FiniteDifferences.jacobian(at: system.parameters) {
            system.with(parameters: $0).rate(r, input: x)
        }
        expectClose(d, dFD, within: fdTolerance, "parameterJacobian vs central differences",
                    sourceLocation: sourceLocation)
        #expect(linearization.linearize(point: t, state: r, input: x) == system.rate(r, input: x),
                "the linearization's F is `rate`, bit for bit", sourceLocation: sourceLocation)
    }
    for (t, (r, x)) in zip(states, inputs).enumerated() {
        let j = system.stateJacobian(r, input: x), d = system.parameterJacobian(r, input: x)
        expectClose(linearization.parameterJacobianAt(point: t), d, within: exactTolerance,
                    "parameterJacobianAt vs ∂F/∂w", sourceLocation: sourceLocation)
        let v = normalVector(n, using: &rng)
        // The adjoint ODE's right-hand side Jᵀ v + g and its size; twice, since a model may alternate its sweeps.
        let g = normalVector(n, using: &rng), field = Vector.adding(v * j, g)
        for _ in 0..<2 {
            var size = 0.0
            let out = product(n) { size = linearization.adjointField(point: t, v, plus: g, into: $0) }
            expectClose(out, field, within: exactTolerance, "Jᵀ v + g", sourceLocation: sourceLocation)
            #expect(size == Vector.maxAbs(out), "adjointField returns ‖Jᵀ v + g‖∞", sourceLocation: sourceLocation)
        }
        for (α, β) in [(1.0, 0.0), (0.3, 1.0), (-0.7, 2.5)] {
            let βv = v.map { β * $0 }
            expectClose(product(n) { linearization.jacobianProduct(point: t, v, scaledBy: α, plus: β, into: $0) },
                        Vector.adding(βv, j * v, scaledBy: α), within: exactTolerance,
                        "β v + α J v, (α, β) = (\(α), \(β))", sourceLocation: sourceLocation)
            expectClose(product(n) { linearization.transposedJacobianProduct(point: t, v, scaledBy: α, plus: β, into: $0) },
                        Vector.adding(βv, v * j, scaledBy: α), within: exactTolerance,
                        "β v + α Jᵀ v, (α, β) = (\(α), \(β))", sourceLocation: sourceLocation)
            let p = normalMatrix(n, 3, using: &rng)
            var out = Matrix(rows: n, columns: 3)
            out.elements.withUnsafeMutableBufferPointer { o in
                linearization.jacobianMatrixProduct(point: t, p.elements, columns: 3, scaledBy: α, plus: β,
                                                    into: o.baseAddress!)
            }
            expectClose(out, β * p + α * (j * p), within: exactTolerance, "β P + α J P, (α, β) = (\(α), \(β))",
                        sourceLocation: sourceLocation)
        }
        // P + α ∂F/∂w, in place, against the dense sum
        let p0 = normalMatrix(n, m, using: &rng)
        var p = p0
        p.elements.withUnsafeMutableBufferPointer { linearization.addParameterJacobian(point: t, scaledBy: 0.3, to: $0.baseAddress!) }
        expectClose(p, p0 + 0.3 * d, within: exactTolerance, "P + α ∂F/∂w vs the dense sum",
                    sourceLocation: sourceLocation)
    }
    // g + α Σ_t v_tᵀ ∂F/∂w(r_t, x_t) over all the given points at once
    let vs = states.map { _ in normalVector(n, using: &rng) }
    let g0 = normalVector(m, using: &rng)
    var g = g0
    vs.flatMap { $0 }.withUnsafeBufferPointer { V in
        g.withUnsafeMutableBufferPointer {
            linearization.addParameterVJPs(points: 0..<states.count, V.baseAddress!, scaledBy: 0.5, to: $0.baseAddress!)
        }
    }
    expectClose(g, Vector.adding(g0, denseVJPSum(system, adjoints: vs, states: states, inputs: inputs), scaledBy: 0.5),
                within: exactTolerance, "g + α Σ vᵀ ∂F/∂w vs the dense sum", label: { names[$0] },
                sourceLocation: sourceLocation)
}

/// The n-vector a product writes.
private func product(_ n: Int, _ body: (UnsafeMutablePointer<Double>) -> Void) -> [Double] {
    var out = [Double](repeating: .nan, count: n)
    out.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    return out
}

@Suite("Jacobians of every model against central differences")
struct JacobianTests {
    // Central differences with h = 1e-5 (scaled by max(1, |w|)): truncation
    // error h² |F‴| / 6 ≈ 2e-11 for third derivatives of order one, rounding
    // ε |F| / h ≈ 2e-11. The tolerance 1e-8 is a factor ~100 above both, and
    // still far below any error a wrong formula would make (order one).
    static let fdTolerance = 1e-8

    @Test("HomeworkModel: J = w − 1 and ∂F/∂(w, b) = (r, 1) match central differences")
    func homeworkModel() {
        let model = HomeworkModel(w: 0.7, b: -0.3)
        var rng = SeededGenerator(seed: 11)
        let states = (0..<3).map { _ in normalVector(1, using: &rng) }
        let inputs = (0..<3).map { _ in normalVector(1, using: &rng) }
        checkDerivatives(of: model, states: states, inputs: inputs, seed: 12,
                         fdTolerance: Self.fdTolerance)
    }

    @Test("RateNetwork (n = 5, k = 2, τ = 0.7): all derivatives match, for each activation",
          arguments: Activation.allCases)
    func rateNetwork(activation: Activation) {
        var rng = SeededGenerator(seed: 21)
        let network = RateNetwork(units: 5, inputs: 2, gain: 1.2, activation: activation,
                                  timeConstant: 0.7, using: &rng)
        // States with |r_i| ∈ [0.2, 1.5): the rectified kink at 0 lies 0.2 away,
        // far beyond the difference step 1e-5, so differences never straddle it.
        let states = (0..<3).map { _ in
            uniformVector(5, 0.2, 1.5, using: &rng).map { rng.uniform() < 0.5 ? -$0 : $0 }
        }
        let inputs = (0..<3).map { _ in normalVector(2, using: &rng) }
        checkDerivatives(of: network, states: states, inputs: inputs, seed: 22,
                         fdTolerance: Self.fdTolerance)
    }

    @Test("RateNetwork: stateJacobian is (−I + W diag φ′(r)) / τ")
    func rateNetworkClosedForm() {
        var rng = SeededGenerator(seed: 23)
        let network = RateNetwork(units: 4, inputs: 1, activation: .tanh, timeConstant: 2.5, using: &rng)
        let r = normalVector(4, using: &rng)
        let expected = (1 / 2.5) * (-1.0 * Matrix.identity(4)
            + network.weights * Matrix.diagonal(r.map { 1 - tanh($0) * tanh($0) }))
        // Same few operations in another order: a few ulps.
        expectClose(network.stateJacobian(r, input: [0.3]), expected, within: 1e-14, "J")
    }

    @Test("SpikingNetwork with smooth spikes: the Jacobians are exact")
    func smoothSpikingNetwork() {
        var rng = SeededGenerator(seed: 31)
        let n = 4
        let network = SpikingNetwork(weights: normalMatrix(n, n, standardDeviation: 0.5, using: &rng),
                                     threshold: 1, sharpness: 5, spike: .smooth)
        let states = (0..<3).map { _ in uniformVector(n, 0, 2, using: &rng) }
        let inputs = (0..<3).map { _ in normalVector(n, using: &rng) }
        // σ_β with β = 5 has third derivative up to ~β³/8 ≈ 16: truncation
        // h² · 16 / 6 ≈ 3e-10, still well inside 1e-8.
        checkDerivatives(of: network, states: states, inputs: inputs, seed: 32,
                         fdTolerance: Self.fdTolerance)
    }

    @Test("SpikingNetwork with threshold spikes: J is the surrogate (W − V_th I) diag σ′_β(u − V_th)")
    func thresholdSurrogate() {
        var rng = SeededGenerator(seed: 41)
        let n = 4, vth = 0.8, β = 3.0
        let w = normalMatrix(n, n, standardDeviation: 0.5, using: &rng)
        let network = SpikingNetwork(weights: w, threshold: vth, sharpness: β, spike: .threshold)
        for _ in 0..<3 {
            let u = uniformVector(n, -0.5, 2, using: &rng)
            let x = normalVector(n, using: &rng)
            // σ′_β(v) = β e^(−βv) / (1 + e^(−βv))², written independently of the library's β σ (1 − σ)
            let slope = u.map { ui -> Double in
                let e = exp(-β * (ui - vth))
                return β * e / ((1 + e) * (1 + e))
            }
            let expected = (w - vth * Matrix.identity(n)) * Matrix.diagonal(slope)
            // Two algebraically equal forms of σ′: they differ by a few ulps.
            expectClose(network.stateJacobian(u, input: x), expected, within: 1e-14, "surrogate J")
            expectClose(network.spikeSlopes(u), slope, within: 1e-14, "surrogate slopes")
            // The spikes are Heaviside: s_j = 1 exactly when u_j ≥ V_th.
            #expect(network.spikes(u) == u.map { $0 >= vth ? 1 : 0 })
            // F is linear in W, so ∂F/∂W = s_j is exact even for threshold spikes.
            // (Difference steps of 1e-5 in W never move u across the threshold.)
            let d = network.parameterJacobian(u, input: x)
            let dFD = FiniteDifferences.jacobian(at: network.parameters) {
                network.with(parameters: $0).rate(u, input: x)
            }
            expectClose(d, dFD, within: Self.fdTolerance, "∂F/∂W vs central differences")
            // The linearization's products are built on the surrogate Jacobian.
            let v = normalVector(n, using: &rng)
            let linearization = network.makeLinearization(points: 1)
            linearization.linearize(state: u, input: x)
            expectClose(linearization.transposedJacobianProduct(v), v * expected, within: 1e-14, "vᵀ J")
        }
    }

    @Test("the single spiking unit's Jacobian is the lecture's (w − V_th) σ′")
    func singleSpikingUnit() {
        let unit = SpikingNetwork(w: 0.4, threshold: 1, sharpness: 5)
        #expect(unit.parameterNames == ["w"])
        let u = 0.9, e = exp(-5 * (u - 1)), slope = 5 * e / ((1 + e) * (1 + e))
        // One product in another order: a few ulps.
        expectClose(unit.stateJacobian([u], input: [0])[0, 0], (0.4 - 1) * slope,
                    within: 1e-15, "J of one unit")
    }
}
