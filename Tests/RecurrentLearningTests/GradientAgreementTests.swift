import Foundation
import RecurrentLearning
import Testing

/// A seeded rate-network problem: n = 8 units, two inputs (slow sinusoids of
/// random phase plus noise), T steps, targets for units 0 and 5.
func rateNetworkProblem(seed: UInt64, activation: Activation = .tanh, timeStep Δt: Double,
                        steps T: Int = 200, units n: Int = 8) -> TrajectoryProblem<RateNetwork, SquaredErrorLoss> {
    var rng = SeededGenerator(seed: seed)
    let network = RateNetwork(units: n, inputs: 2, gain: 0.9, activation: activation,
                              timeConstant: 1, using: &rng)
    let phases = uniformVector(2, 0, 2 * .pi, using: &rng)
    let noise = NormalDistribution(standardDeviation: 0.1)
    let inputs = (0..<T).map { t in
        (0..<2).map { j in sin(0.05 * Double((j + 1) * t) + phases[j]) + noise.sample(using: &rng) }
    }
    let targets = (1...T).map { t in [0.5 * sin(0.03 * Double(t)), 0.3 * cos(0.07 * Double(t))] }
    return TrajectoryProblem(system: network, initialState: normalVector(n, standardDeviation: 0.1, using: &rng),
                             inputs: inputs, timeStep: Δt,
                             loss: SquaredErrorLoss(targets: targets, readout: [0, n == 8 ? 5 : n - 1]))
}

/// A seeded spiking problem: n units, random weights and drives, targets for two units.
func spikingProblem(seed: UInt64, spike: SpikingNetwork.Spike, steps T: Int = 100,
                    units n: Int = 3) -> TrajectoryProblem<SpikingNetwork, SquaredErrorLoss> {
    var rng = SeededGenerator(seed: seed)
    let network = SpikingNetwork(weights: normalMatrix(n, n, standardDeviation: 0.5, using: &rng),
                                 threshold: 1, sharpness: 5, spike: spike)
    let inputs = (0..<T).map { _ in uniformVector(n, 0.5, 1.5, using: &rng) }
    let targets = (0..<T).map { _ in uniformVector(2, 0, 1.5, using: &rng) }
    return TrajectoryProblem(system: network, initialState: uniformVector(n, 0, 1, using: &rng),
                             inputs: inputs, timeStep: 0.1,
                             loss: SquaredErrorLoss(targets: targets, readout: [0, n - 1]))
}

// Tolerances used throughout this file.
//
// RTRL and BPTT compute the same exact gradient of the discrete loss, summed in
// opposite orders; over T = 200 contracting steps the rounding differences stay
// near 1e-14 relative. 1e-10 is the bound the toolkit promises.
let exactAgreement = 1e-10
// Central differences (h = 1e-5) of the loss: truncation h² |L‴| / 6 and rounding
// ε |L| / h are both ~1e-10 relative; 1e-6 allows for loss surfaces whose third
// derivatives are a thousand times larger, and still exposes an O(Δt) error in a
// gradient formula (≥ 1e-2 here).
let finiteDifferenceAgreement = 1e-6

/// RTRL = BPTT to `exactAgreement`, and both = central differences to `finiteDifferenceAgreement`.
func checkGradients<S: DynamicalSystem, L: TrajectoryLoss>(_ problem: TrajectoryProblem<S, L>, _ what: String,
                                        checkFiniteDifferences: Bool = true,
                                        sourceLocation: SourceLocation = #_sourceLocation) {
    let rtrl = RTRL.gradient(problem)
    let bptt = BPTT.gradient(problem)
    let names = problem.system.parameterNames
    expectClose(rtrl.gradient, bptt.gradient, within: exactAgreement, "\(what): RTRL vs BPTT",
                label: { names[$0] }, sourceLocation: sourceLocation)
    // The same forward simulation underlies all three
    let states = problem.simulate()
    #expect(rtrl.states == states && bptt.states == states, "\(what): states differ from simulate()",
            sourceLocation: sourceLocation)
    #expect(rtrl.loss == problem.lossValue && bptt.loss == problem.lossValue,
            "\(what): loss differs from lossValue", sourceLocation: sourceLocation)
    // And agreement in the library's own terms
    #expect(Agreement(rtrl.gradient, bptt.gradient).holds(within: exactAgreement),
            "\(what): \(Agreement(rtrl.gradient, bptt.gradient))", sourceLocation: sourceLocation)
    guard checkFiniteDifferences else { return }
    let fd = problem.finiteDifferenceGradient()
    expectClose(rtrl.gradient, fd, within: finiteDifferenceAgreement, "\(what): RTRL vs central differences",
                label: { names[$0] }, sourceLocation: sourceLocation)
    expectClose(bptt.gradient, fd, within: finiteDifferenceAgreement, "\(what): BPTT vs central differences",
                label: { names[$0] }, sourceLocation: sourceLocation)
}

@Suite("Gradient agreement: RTRL = BPTT = central differences")
struct GradientAgreementTests {
    @Test("RTRL equals BPTT and central differences on random tanh rate networks (n = 8, T = 200, Δt = 0.1)",
          arguments: [1, 2, 3] as [UInt64])
    func tanhRateNetwork(seed: UInt64) {
        checkGradients(rateNetworkProblem(seed: seed, activation: .tanh, timeStep: 0.1), "tanh, seed \(seed)")
    }

    @Test("RTRL equals BPTT and central differences with Δt = 0.2", arguments: [4] as [UInt64])
    func tanhRateNetworkCoarseStep(seed: UInt64) {
        checkGradients(rateNetworkProblem(seed: seed, activation: .tanh, timeStep: 0.2), "tanh Δt = 0.2, seed \(seed)")
    }

    @Test("RTRL equals BPTT and central differences on logistic rate networks", arguments: [5, 6] as [UInt64])
    func logisticRateNetwork(seed: UInt64) {
        checkGradients(rateNetworkProblem(seed: seed, activation: .logistic, timeStep: 0.2),
                       "logistic, seed \(seed)")
    }

    @Test("RTRL equals BPTT on a rectified rate network (kinks do not matter to the exact methods)")
    func rectifiedRateNetwork() {
        // Both methods differentiate the same map with the same φ′ convention at
        // the kink, so they agree exactly; central differences are skipped since
        // a trajectory may pass near a kink.
        checkGradients(rateNetworkProblem(seed: 7, activation: .rectified, timeStep: 0.1), "rectified",
                       checkFiniteDifferences: false)
    }

    @Test("RTRL equals BPTT and central differences on the homework model",
          arguments: [(1.0, 1.0), (0.8, 0.5), (1.3, -0.2)])
    func homeworkModel(w: Double, b: Double) {
        checkGradients(homeworkProblem(seed: 2024, model: HomeworkModel(w: w, b: b)), "homework w = \(w), b = \(b)")
    }

    @Test("RTRL equals BPTT and central differences on a smooth spiking network", arguments: [8, 9] as [UInt64])
    func smoothSpikingNetwork(seed: UInt64) {
        checkGradients(spikingProblem(seed: seed, spike: .smooth), "smooth spikes, seed \(seed)")
    }

    @Test("RTRL equals BPTT with threshold spikes: both use the same surrogate")
    func thresholdSpikingNetwork() {
        // The surrogate gradient is not the derivative of the (piecewise
        // constant) loss, so central differences do not apply; the two exact
        // methods still propagate the same surrogate Jacobian.
        let problem = spikingProblem(seed: 10, spike: .threshold)
        checkGradients(problem, "threshold spikes", checkFiniteDifferences: false)
        #expect(Vector.norm(RTRL.gradient(problem).gradient) > 0, "the surrogate gradient must not vanish")
    }

    @Test("RTRL's sensitivities p_t are dr_t/dw (central differences of the state)")
    func sensitivitiesAreStateDerivatives() {
        let problem = rateNetworkProblem(seed: 11, timeStep: 0.1, steps: 30, units: 3)
        let result = RTRL.gradient(problem, recording: [.states, .sensitivities])
        #expect(result.sensitivities.count == problem.stepCount + 1)
        #expect(result.sensitivities[0].maxAbs == 0)            // p₀ = 0: r₀ does not depend on w
        for t in [1, 10, 30] {
            let fd = FiniteDifferences.jacobian(at: problem.system.parameters) { w in
                problem.system.with(parameters: w)
                    .simulate(from: problem.initialState, inputs: Array(problem.inputs.prefix(t)),
                              timeStep: problem.timeStep).states.last!
            }
            // Same central-difference reasoning as for the loss gradient.
            expectClose(result.sensitivities[t], fd, within: finiteDifferenceAgreement, "p_\(t) vs dr_\(t)/dw")
        }
    }

    @Test("BPTT's adjoint a₀ is dL/dr₀ (central differences in the initial state)")
    func initialAdjointIsStateGradient() {
        let problem = rateNetworkProblem(seed: 12, timeStep: 0.1, steps: 50)
        let result = BPTT.gradient(problem)
        #expect(result.adjoints.count == problem.stepCount + 1)
        let fd = FiniteDifferences.gradient(at: problem.initialState) { r0 in
            var moved = problem
            moved.initialState = r0
            return moved.lossValue
        }
        expectClose(result.adjoints[0], fd, within: finiteDifferenceAgreement, "a₀ vs dL/dr₀")
    }
}
