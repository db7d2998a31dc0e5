import Foundation
import Testing
@testable import RecurrentLearning

/// The rate network seen only through the protocol's required members, so that
/// RTRL and BPTT go through `DenseLinearization` (the dense J and ∂F/∂w): the
/// plain reference that `RateNetworkLinearization`, the fast conformance, is held to.
private struct GenericRateNetwork: DynamicalSystem {
    var base: RateNetwork
    var stateCount: Int { base.stateCount }
    var inputCount: Int { base.inputCount }
    var parameterNames: [String] { base.parameterNames }
    var parameters: [Double] {
        get { base.parameters }
        set { base.parameters = newValue }
    }
    func rate(_ r: [Double], input x: [Double]) -> [Double] { base.rate(r, input: x) }
    func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix { base.stateJacobian(r, input: x) }
    func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix { base.parameterJacobian(r, input: x) }
}

/// A seeded rate-network problem with random inputs, targets and initial state.
private func problem(units n: Int, inputs k: Int, steps T: Int, seed: UInt64,
                     activation: Activation = .tanh, timeConstant τ: Double = 1,
                     readout: [Int] = [0]) -> TrajectoryProblem<RateNetwork, SquaredErrorLoss> {
    var rng = SeededGenerator(seed: seed)
    let network = RateNetwork(units: n, inputs: k, gain: 0.9, activation: activation,
                              timeConstant: τ, using: &rng)
    let inputs = (0..<T).map { _ in NormalDistribution().samples(k, using: &rng) }
    let targets = (0..<T).map { _ in NormalDistribution(standardDeviation: 0.5).samples(readout.count, using: &rng) }
    let r0 = NormalDistribution(standardDeviation: 0.3).samples(n, using: &rng)
    return TrajectoryProblem(system: network, initialState: r0, inputs: inputs, timeStep: 0.1,
                             loss: SquaredErrorLoss(targets: targets, readout: readout))
}

private func generic(_ p: TrajectoryProblem<RateNetwork, SquaredErrorLoss>) -> TrajectoryProblem<GenericRateNetwork, SquaredErrorLoss> {
    TrajectoryProblem(system: GenericRateNetwork(base: p.system), initialState: p.initialState,
                      inputs: p.inputs, timeStep: p.timeStep, loss: p.loss)
}

/// Largest normwise relative difference over a list of vectors.
private func worstError(_ a: [[Double]], _ b: [[Double]]) -> Double {
    #expect(a.count == b.count)
    return zip(a, b).map { Agreement($0, $1).relativeError }.max() ?? 0
}

@Suite("The rate network's fast linearization against the dense one")
struct PerformancePathTests {
    @Test("RTRL and BPTT agree (≤ 1e-10) and match central differences (≤ 1e-6): n = 8, 2 inputs, T = 200")
    func rtrlAndBPTTAgreeAndMatchFiniteDifferences() {
        let p = problem(units: 8, inputs: 2, steps: 200, seed: 8)
        let rtrl = RTRL.gradient(p), bptt = BPTT.gradient(p)
        let fd = p.finiteDifferenceGradient()
        let methods = Agreement(rtrl.gradient, bptt.gradient)
        #expect(methods.holds(within: 1e-10), "RTRL vs BPTT: \(methods)")
        let rtrlFD = Agreement(rtrl.gradient, fd), bpttFD = Agreement(bptt.gradient, fd)
        #expect(rtrlFD.holds(within: 1e-6), "RTRL vs finite differences: \(rtrlFD)")
        #expect(bpttFD.holds(within: 1e-6), "BPTT vs finite differences: \(bpttFD)")
        #expect(Vector.norm(fd) > 1e-3, "the gradient should be non-trivial")
        #expect(rtrl.loss == p.lossValue && bptt.loss == p.lossValue)
    }

    @Test("The fast linearization reproduces the dense one: states exactly, derivatives to rounding",
          arguments: [
              (8, 2, Activation.tanh, 1.0, [0]), (8, 2, .logistic, 2.0, [1, 3]),
              (6, 1, .rectified, 1.5, [0, 0, 5]), (5, 0, .tanh, 1.0, [4]), (1, 1, .tanh, 0.5, [0]),
              (20, 3, .tanh, 1.0, [0, 19]),
          ])
    func fastPathsMatchGenericAlgorithm(n: Int, k: Int, activation: Activation, τ: Double, readout: [Int]) {
        let p = problem(units: n, inputs: k, steps: 60, seed: UInt64(100 + n), activation: activation,
                        timeConstant: τ, readout: readout)
        let g = generic(p)

        // The forward pass is bit for bit `simulate` (same tanh, same dgemv calls).
        let simulated = p.simulate()
        #expect(RTRL.gradient(p).states == simulated)
        #expect(BPTT.gradient(p).states == simulated)
        #expect(BPTT.gradient(p).loss == p.lossValue)

        let fastRTRL = RTRL.gradient(p, recording: [.states, .sensitivities])
        let slowRTRL = RTRL.gradient(g, recording: [.states, .sensitivities])
        #expect(Agreement(fastRTRL.gradient, slowRTRL.gradient).holds(within: 1e-12))
        #expect(worstError(fastRTRL.sensitivities.map(\.elements), slowRTRL.sensitivities.map(\.elements)) <= 1e-12)
        #expect(fastRTRL.loss == slowRTRL.loss)

        let fastBPTT = BPTT.gradient(p), slowBPTT = BPTT.gradient(g)
        #expect(Agreement(fastBPTT.gradient, slowBPTT.gradient).holds(within: 1e-12))
        #expect(worstError(fastBPTT.adjoints, slowBPTT.adjoints) <= 1e-12)
        #expect(fastBPTT.loss == slowBPTT.loss)
    }

    @Test("Zero steps: zero gradient, r₀ alone, adjoint a₀ = 0")
    func zeroStepsGiveZeroGradient() {
        let p = problem(units: 4, inputs: 1, steps: 0, seed: 3)
        let rtrl = RTRL.gradient(p), bptt = BPTT.gradient(p)
        #expect(rtrl.gradient == [Double](repeating: 0, count: p.system.parameterCount))
        #expect(bptt.gradient == rtrl.gradient)
        #expect(bptt.states == [p.initialState] && rtrl.states == [p.initialState])
        #expect(bptt.adjoints == [[0, 0, 0, 0]])
    }

    @Test("Reused scratch buffers leave no trace: repeated and interleaved calls give identical gradients")
    func repeatedCallsAreIdentical() {
        let small = problem(units: 8, inputs: 2, steps: 50, seed: 1)
        let large = problem(units: 40, inputs: 1, steps: 80, seed: 2)
        let first = BPTT.gradient(small).gradient, firstRTRL = RTRL.gradient(small).gradient
        _ = BPTT.gradient(large)
        _ = RTRL.gradient(large)
        #expect(BPTT.gradient(small).gradient == first)
        #expect(RTRL.gradient(small).gradient == firstRTRL)
    }

    @Test("Σ_t v_tᵀ ∂F/∂w over 30 points (dgemm with a transpose flag) equals the sum of dense per-point products")
    func parameterVJPsMatchPerStepProducts() {
        var rng = SeededGenerator(seed: 11)
        let network = RateNetwork(units: 6, inputs: 2, using: &rng)
        let v = (0..<30).map { _ in NormalDistribution().samples(6, using: &rng) }
        let r = (0..<30).map { _ in NormalDistribution().samples(6, using: &rng) }
        let x = (0..<30).map { _ in NormalDistribution().samples(2, using: &rng) }
        let linearization = network.makeLinearization(points: 30)
        for t in 0..<30 { linearization.linearize(point: t, state: r[t], input: x[t]) }
        var batched = [Double](repeating: 0, count: network.parameterCount)
        v.flatMap { $0 }.withUnsafeBufferPointer { V in
            batched.withUnsafeMutableBufferPointer {
                linearization.addParameterVJPs(points: 0..<30, V.baseAddress!, scaledBy: 1, to: $0.baseAddress!)
            }
        }
        var summed = [Double](repeating: 0, count: network.parameterCount)
        for t in 0..<30 {
            summed = Vector.adding(summed, network.parameterJacobian(r[t], input: x[t]).transposed * v[t])
        }
        #expect(Agreement(batched, summed).holds(within: 1e-13))
    }

    @Test("fastTanh (Activation.tanh) stays within 4 ulp of Foundation.tanh and keeps its special values")
    func fastTanhIsWithinFourUlp() {
        var rng = SeededGenerator(seed: 5)
        var worst = 0.0
        var arguments = (0..<200_000).map { _ in rng.uniform(-25, 25) }
        arguments += (0..<100_000).map { _ in rng.uniform(-1, 1) }
        arguments += (-1074...5).map { Double(sign: .plus, exponent: $0, significand: 1.37) }
        for x in arguments + arguments.map(-) {
            let expected = Foundation.tanh(x), got = fastTanh(x)
            if got != expected { worst = max(worst, abs(got - expected) / expected.ulp) }
        }
        #expect(worst <= 4, "worst error \(worst) ulp")
        #expect(fastTanh(0).bitPattern == Double(0).bitPattern)
        #expect(fastTanh(-0.0).bitPattern == Double(-0.0).bitPattern)
        #expect(fastTanh(.infinity) == 1 && fastTanh(-.infinity) == -1)
        #expect(fastTanh(1e300) == 1 && fastTanh(-40) == -1)
        #expect(fastTanh(.nan).isNaN)
    }
}
