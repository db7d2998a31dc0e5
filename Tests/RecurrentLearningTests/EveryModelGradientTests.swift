import Foundation
import RecurrentLearning
import Testing

/// RTRL and BPTT are written once, against the protocol; every model conforms
/// with its own linearization. Each model here: n = 6 units, two inputs where
/// the model takes inputs (the spiking network takes one drive per unit, the
/// homework model one unit and one input), T = 100, seeded; RTRL = BPTT to
/// `exactAgreement` (1e-10) and both = central differences to
/// `finiteDifferenceAgreement` (1e-6), the states those of `simulate` bit for
/// bit (`checkGradients`).
@Suite("Every model: RTRL = BPTT (≤ 1e-10) = central differences (≤ 1e-6), n = 6, T = 100")
struct EveryModelGradientTests {
    static let T = 100

    /// `checkGradients`, on a gradient that carries information (not ≈ 0).
    func check<S: DynamicalSystem, L: TrajectoryLoss>(_ problem: TrajectoryProblem<S, L>, _ what: String,
                                                        sourceLocation: SourceLocation = #_sourceLocation) {
        let norm = Vector.norm(BPTT.gradient(problem).gradient)
        #expect(norm > 1e-3, "\(what): |dL/dw| = \(norm), too small to test", sourceLocation: sourceLocation)
        checkGradients(problem, what, sourceLocation: sourceLocation)
    }

    /// Slow sinusoids plus noise, one per input; targets for units 0 and n − 1.
    static func problem<S: DynamicalSystem>(_ system: S, seed: UInt64, initialState: [Double], timeStep Δt: Double = 0.1,
                                            inputScale: Double = 1) -> TrajectoryProblem<S, SquaredErrorLoss> {
        var rng = SeededGenerator(seed: seed)
        let k = system.inputCount, n = system.stateCount
        let phases = uniformVector(k, 0, 2 * .pi, using: &rng)
        let noise = NormalDistribution(standardDeviation: 0.1)
        var inputs: [[Double]] = []
        for t in 0..<T {
            var x = [Double](repeating: 0, count: k)
            for j in 0..<k {
                let wave = sin(0.1 * Double(j + 1) * Double(t) + phases[j])
                x[j] = inputScale * (wave + noise.sample(using: &rng))
            }
            inputs.append(x)
        }
        let targets = (1...T).map { t in [0.4 * sin(0.05 * Double(t)), 0.3 * cos(0.08 * Double(t))] }
        return TrajectoryProblem(system: system, initialState: initialState, inputs: inputs, timeStep: Δt,
                                 loss: SquaredErrorLoss(targets: n > 1 ? targets : targets.map { [$0[0]] },
                                                        readout: n > 1 ? [0, n - 1] : [0]))
    }

    static func wiring(seed: UInt64) -> Connectivity {
        var rng = SeededGenerator(seed: seed)
        return Connectivity(recurrent: normalMatrix(6, 6, standardDeviation: 0.8 / 6.0.squareRoot(), using: &rng),
                            input: normalMatrix(6, 2, using: &rng))
    }

    @Test("RateNetwork (tanh, τ = 1.5)")
    func rateNetwork() {
        var rng = SeededGenerator(seed: 1)
        let network = RateNetwork(units: 6, inputs: 2, gain: 0.9, activation: .tanh, timeConstant: 1.5, using: &rng)
        check(Self.problem(network, seed: 2, initialState: normalVector(6, standardDeviation: 0.2, using: &rng)),
                       "RateNetwork")
    }

    @Test("HomeworkModel (one unit, one input)")
    func homeworkModel() {
        check(Self.problem(HomeworkModel(w: 0.6, b: 0.3), seed: 3, initialState: [0.5]), "HomeworkModel")
    }

    @Test("SpikingNetwork with smooth spikes (its surrogate is exact), one drive per unit")
    func spikingNetwork() {
        var rng = SeededGenerator(seed: 4)
        let network = SpikingNetwork(weights: normalMatrix(6, 6, standardDeviation: 0.4, using: &rng),
                                     threshold: 1, sharpness: 4, spike: .smooth)
        check(Self.problem(network, seed: 5, initialState: uniformVector(6, 0, 1, using: &rng), inputScale: 0.8),
                       "SpikingNetwork")
    }

    @Test("RateFormNetwork (logistic g, τ_m = 1)")
    func rateFormNetwork() {
        let network = RateFormNetwork(connectivity: Self.wiring(seed: 6), transfer: Activation.logistic,
                                      membraneTimeConstant: 1)
        check(Self.problem(network, seed: 7, initialState: [Double](repeating: 0.5, count: 6)), "RateFormNetwork")
    }

    @Test("CurrentFormNetwork (tanh g, τ_s = 0.8)")
    func currentFormNetwork() {
        let network = CurrentFormNetwork(connectivity: Self.wiring(seed: 8), transfer: Activation.tanh,
                                         synapticTimeConstant: 0.8)
        check(Self.problem(network, seed: 9, initialState: [Double](repeating: 0.1, count: 6)),
                       "CurrentFormNetwork")
    }

    @Test("SynapticRateNetwork (state (I, r) of 12, logistic g, τ_s = 0.5, τ_m = 2)")
    func synapticRateNetwork() {
        let network = SynapticRateNetwork(connectivity: Self.wiring(seed: 10), transfer: Activation.logistic,
                                          synapticTimeConstant: 0.5, membraneTimeConstant: 2)
        check(Self.problem(network, seed: 11, initialState: [Double](repeating: 0.2, count: 12)),
                       "SynapticRateNetwork")
    }

    @Test("A loss on the final state only: RTRL = BPTT = central differences, and only r_T is scored")
    func finalStateLoss() {
        var rng = SeededGenerator(seed: 12)
        let network = RateNetwork(units: 6, inputs: 2, gain: 0.9, activation: .tanh, timeConstant: 1, using: &rng)
        let base = Self.problem(network, seed: 13, initialState: normalVector(6, standardDeviation: 0.2, using: &rng))
        let loss = FinalStateLoss(target: [0.3, -0.2], readout: [1, 4], steps: Self.T)
        let problem = TrajectoryProblem(system: network, initialState: base.initialState, inputs: base.inputs,
                                        timeStep: 0.1, loss: loss)
        check(problem, "final-state loss")
        let rT = problem.simulate().last!
        let expected = 0.5 * ((rT[1] - 0.3) * (rT[1] - 0.3) + (rT[4] + 0.2) * (rT[4] + 0.2))
        #expect(abs(problem.lossValue - expected) <= 1e-15 * expected)
        let bptt = BPTT.gradient(problem)
        // No loss term before T: a_t for t < T is the pure backward propagation of a_T.
        #expect(bptt.adjoints[Self.T][1] == rT[1] - 0.3 && bptt.adjoints[Self.T][4] == rT[4] + 0.2)
    }
}

/// The guide of `DynamicalSystem`'s doc comment, as written there: a model in
/// a dozen lines, with no linearization of its own.
private struct LeakyUnit: DynamicalSystem {
    var a = 1.0, c = 0.5
    var stateCount: Int { 1 }
    var inputCount: Int { 1 }
    var parameterNames: [String] { ["a", "c"] }
    var parameters: [Double] {
        get { [a, c] }
        set { (a, c) = (newValue[0], newValue[1]) }
    }
    func rate(_ r: [Double], input x: [Double]) -> [Double] { [-a * r[0] + c * tanh(r[0]) + x[0]] }
    func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        Matrix([[-a + c * (1 - tanh(r[0]) * tanh(r[0]))]])
    }
    func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix { Matrix([[-r[0], tanh(r[0])]]) }
}

@Suite("A new model written from the protocol's guide gets every method with no other change")
struct NewModelTests {
    @Test("LeakyUnit: RTRL = BPTT = central differences, and training lowers its loss")
    func leakyUnit() throws {
        let problem = EveryModelGradientTests.problem(LeakyUnit(a: 0.8, c: 0.6), seed: 14, initialState: [0.2])
        checkGradients(problem, "LeakyUnit")
        let (trained, history) = try problem.trained(epochs: 20, learningRate: 0.5, method: .bptt)
        #expect(trained.lossValue < 0.9 * history[0].loss, "loss \(history[0].loss) → \(trained.lossValue)")
    }
}
