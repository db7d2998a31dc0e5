import Foundation
import Testing
@testable import RecurrentLearning

/// The energy models: F = −∂E/∂r and ∂E/∂w against central differences of E, J symmetric,
/// and every derivative of the `DynamicalSystem` protocol against central differences of F
/// (`checkDerivatives`).
@Suite("Energy models: F = −∂E/∂r, J symmetric, every derivative against central differences")
struct EnergyModelTests {
    /// Central differences of E (h = 1e-5): the same error budget as `JacobianTests`.
    static let fdTolerance = 1e-8

    static func hopfield(n: Int, activation: Activation, seed: UInt64) -> HopfieldNetwork {
        var rng = SeededGenerator(seed: seed)
        return HopfieldNetwork(units: n, inputs: 2, gain: 0.8, activation: activation, using: &rng)
    }

    static func feedforward(seed: UInt64) -> FeedforwardEnergyModel {
        var rng = SeededGenerator(seed: seed)
        return FeedforwardEnergyModel(FeedforwardNetwork(widths: [3, 5, 4, 2], activations: [.tanh, .logistic, .tanh], using: &rng))
    }

    /// F = −∂E/∂r, ∂E/∂w and the symmetry of J at a few points, then the protocol's checks.
    static func checkEnergy<S: EnergyModel>(_ model: S, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation) {
        var rng = SeededGenerator(seed: seed)
        let states = (0..<3).map { _ in normalVector(model.stateCount, standardDeviation: 0.6, using: &rng) }
        let inputs = (0..<3).map { _ in normalVector(model.inputCount, using: &rng) }
        for (r, x) in zip(states, inputs) {
            let descent = FiniteDifferences.gradient(at: r) { model.energy($0, input: x) }.map { -$0 }
            expectClose(model.rate(r, input: x), descent, within: fdTolerance, "F = −∂E/∂r", sourceLocation: sourceLocation)
            let w = model.parameters
            let dE = FiniteDifferences.gradient(at: w) { model.with(parameters: $0).energy(r, input: x) }
            expectClose(model.energyParameterGradient(r, input: x), dE, within: fdTolerance, "∂E/∂w",
                        label: { model.parameterNames[$0] }, sourceLocation: sourceLocation)
            let J = model.stateJacobian(r, input: x)
            #expect(J.elements == J.transposed.elements, "J = −∂²E/∂r² is symmetric, exactly", sourceLocation: sourceLocation)
        }
        checkDerivatives(of: model, states: states, inputs: inputs, seed: seed + 1, fdTolerance: fdTolerance,
                         sourceLocation: sourceLocation)
    }

    @Test("Hopfield networks, n = 6 and 15, tanh and logistic ρ", arguments: [(6, Activation.tanh), (15, .logistic), (6, .logistic), (15, .tanh)])
    func hopfield(n: Int, activation: Activation) {
        Self.checkEnergy(Self.hopfield(n: n, activation: activation, seed: UInt64(40 + n)), seed: 7)
    }

    @Test("the Hopfield couplings are one parameter per pair: W is symmetric by construction")
    func hopfieldStorage() {
        var model = Self.hopfield(n: 4, activation: .tanh, seed: 3)
        #expect(model.couplings.count == 10 && model.parameterCount == 10 + 8 + 4)
        #expect(model.weights.elements == model.weights.transposed.elements)
        model.couplings[model.index(1, 3)] = 0.25
        #expect(model.weights[1, 3] == 0.25 && model.weights[3, 1] == 0.25)
        #expect(model.parameterNames.prefix(4) == ["W[0,0]", "W[0,1]", "W[1,1]", "W[0,2]"])
    }

    @Test("the feedforward energy model (widths 3, 5, 4, 2): its energy is zero at the forward pass, its only fixed point")
    func feedforwardEnergy() throws {
        let model = Self.feedforward(seed: 5)
        Self.checkEnergy(model, seed: 9)
        let x = [0.3, -0.8, 0.5]
        let forward = model.network.forward(x).flatMap { $0 }
        #expect(model.energy(forward, input: x) == 0)
        #expect(Vector.maxAbs(model.rate(forward, input: x)) == 0)
        // Relaxation from rest finds the forward pass; J there is negative definite (stable).
        let point = try FixedPointSolver(.relaxation(timeStep: 0.5), tolerance: 1e-12).solve(model, input: x, from: [Double](repeating: 0, count: 11))
        expectClose(point.state, forward, within: 1e-10, "relaxed r* = the forward pass")
        #expect(try #require(point.spectralAbscissa) < 0)
    }

    @Test("the skewed Hopfield network: at ε = 0 it is the symmetric network's F; its derivatives match for ε ≠ 0")
    func skewed() {
        let base = Self.hopfield(n: 6, activation: .tanh, seed: 46)
        var rng = SeededGenerator(seed: 8)
        let A = Matrix(rows: 6, columns: 6, elements: normalVector(36, using: &rng))
        let r = normalVector(6, standardDeviation: 0.5, using: &rng), x = normalVector(2, using: &rng)
        #expect(SkewedHopfieldNetwork(base, skew: A, by: 0).rate(r, input: x) == base.rate(r, input: x))
        let skewed = SkewedHopfieldNetwork(base, skew: A, by: 0.3)
        let J = skewed.stateJacobian(r, input: x)
        #expect(Vector.maxAbs(Vector.subtracting(J.elements, J.transposed.elements)) > 0.01, "J is not symmetric for ε ≠ 0")
        checkDerivatives(of: skewed, states: [r], inputs: [x], seed: 9, fdTolerance: Self.fdTolerance)
    }

    @Test("the nudged system adds λ s (r − y) on the readout units, and λ s to J's diagonal there")
    func nudged() {
        let base = Self.hopfield(n: 6, activation: .tanh, seed: 46)
        let nudged = NudgedSystem(base: base, readout: [1, 4], nudge: -0.3, scale: 0.5)
        var rng = SeededGenerator(seed: 10)
        let r = normalVector(6, standardDeviation: 0.5, using: &rng), x = normalVector(2, using: &rng), y = [0.2, -0.1]
        var expected = base.rate(r, input: x)
        expected[1] += -0.3 * 0.5 * (r[1] - 0.2)
        expected[4] += -0.3 * 0.5 * (r[4] + 0.1)
        #expect(nudged.rate(r, input: x + y) == expected)
        checkDerivatives(of: nudged, states: [r], inputs: [x + y], seed: 11, fdTolerance: Self.fdTolerance)
    }
}
