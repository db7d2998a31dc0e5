import Foundation
import Testing
@testable import RecurrentLearning

/// Equilibrium propagation against the exact implicit gradient (`ImplicitGradient.bySolve`):
/// the orders of the one-sided and symmetric estimates, the contrastive form, the sign
/// convention, the bias without an energy, and training.
@Suite("Equilibrium propagation: O(λ) and O(λ²) to the implicit gradient, and where it breaks")
struct EquilibriumPropagationTests {
    /// Relaxation (it finds the attracting fixed points, the ones a network settles into)
    /// to ‖F‖∞ ≤ 1e-13: the floor of (r*_λ − r*)/λ is then about 1e-13/λ, far under the
    /// errors fitted here.
    static let solver = FixedPointSolver(.relaxation(timeStep: 0.5), tolerance: 1e-13)

    static func hopfieldProblem(n: Int, activation: Activation, seed: UInt64) -> FixedPointProblem<HopfieldNetwork> {
        var rng = SeededGenerator(seed: seed)
        let network = HopfieldNetwork(units: n, inputs: 2, gain: 0.8, activation: activation, using: &rng)
        let inputs = (0..<3).map { _ in [rng.uniform(-1, 1), rng.uniform(-1, 1)] }
        let targets = (0..<3).map { _ in [rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5)] }
        return FixedPointProblem(system: network, inputs: inputs, targets: targets, readout: [n - 2, n - 1], solver: solver)
    }

    static func feedforwardProblem(seed: UInt64) -> FixedPointProblem<FeedforwardEnergyModel> {
        var rng = SeededGenerator(seed: seed)
        let model = FeedforwardEnergyModel(FeedforwardNetwork(widths: [3, 5, 4, 2], activations: [.tanh, .logistic, .tanh], using: &rng))
        let inputs = (0..<3).map { _ in normalVector(3, using: &rng) }
        let targets = (0..<3).map { _ in [rng.uniform(0, 0.5), rng.uniform(-0.5, 0)] }
        return FixedPointProblem(system: model, inputs: inputs, targets: targets, readout: [9, 10], solver: solver)
    }

    /// ‖estimate − exact‖ / ‖exact‖.
    static func error(_ estimate: [Double], _ exact: [Double]) -> Double {
        Vector.norm(Vector.subtracting(estimate, exact)) / Vector.norm(exact)
    }

    /// The fitted log–log slope of the error over λ = 0.1 … 0.01 (a decade, above the floor).
    static func order<S: DynamicalSystem>(_ problem: FixedPointProblem<S>, _ estimator: EquilibriumPropagation.Estimator,
                                          exact: [Double]) throws -> (slope: Double, errors: [Double]) {
        let nudges = [0.1, 0.05, 0.02, 0.01]
        let errors = try nudges.map { try Self.error(EquilibriumPropagation.gradient(problem, nudge: $0, estimator: estimator).gradient, exact) }
        return (LineFit(x: nudges.map(log), y: errors.map(log)).slope, errors)
    }

    static func checkOrders<S: EnergyModel>(_ problem: FixedPointProblem<S>, _ name: String,
                                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let exact = try ImplicitGradient.bySolve(problem).gradient
        let (oneSided, oneSidedErrors) = try order(problem, .oneSided, exact: exact)
        let (symmetric, symmetricErrors) = try order(problem, .symmetric, exact: exact)
        #expect(abs(oneSided - 1) <= 0.2, "\(name): one-sided slope \(oneSided), errors \(oneSidedErrors)", sourceLocation: sourceLocation)
        #expect(abs(symmetric - 2) <= 0.2, "\(name): symmetric slope \(symmetric), errors \(symmetricErrors)", sourceLocation: sourceLocation)
        #expect(symmetricErrors.last! < 1e-3 && oneSidedErrors.last! < 0.05 && oneSidedErrors.last! > 1e-5,
                "\(name): the estimates are close and not vacuous: \(oneSidedErrors.last!), \(symmetricErrors.last!)",
                sourceLocation: sourceLocation)
        // The lecture's form (dr*/dλ)ᵀ ∂F/∂w and the contrastive form −Δ(∂E/∂w)/λ agree to O(λ).
        let gaps = try [0.02, 0.002].map { λ in
            let result = try EquilibriumPropagation.gradient(problem, nudge: λ, estimator: .oneSided)
            return Self.error(EquilibriumPropagation.contrastiveGradient(result, problem), result.gradient)
        }
        #expect(gaps[1] < gaps[0] / 5 && gaps[1] < 1e-2, "\(name): lecture vs contrastive form, λ = 0.02 and 0.002: \(gaps)",
                sourceLocation: sourceLocation)
    }

    @Test("Hopfield networks (n = 6 and 15, tanh and logistic): one-sided O(λ), symmetric O(λ²), the two forms equal to O(λ)",
          arguments: [(6, Activation.tanh), (15, .logistic), (15, .tanh), (6, .logistic)])
    func hopfieldOrders(n: Int, activation: Activation) throws {
        try Self.checkOrders(Self.hopfieldProblem(n: n, activation: activation, seed: UInt64(n * 10 + 1)), "Hopfield n = \(n) \(activation)")
    }

    @Test("the feedforward energy model: the same orders")
    func feedforwardOrders() throws {
        try Self.checkOrders(Self.feedforwardProblem(seed: 17), "feedforward energy model")
    }

    @Test("the sign convention: λ > 0 raises the loss, λ < 0 lowers it; flipping λ flips r*_λ − r*, not the estimate")
    func signConvention() throws {
        let problem = Self.hopfieldProblem(n: 6, activation: .tanh, seed: 61)
        let up = try EquilibriumPropagation.gradient(problem, nudge: 0.01, estimator: .oneSided)
        let down = try EquilibriumPropagation.gradient(problem, nudge: -0.01, estimator: .oneSided)
        #expect(problem.loss(at: up.nudged) > up.loss && problem.loss(at: down.nudged) < down.loss)
        for s in 0..<problem.sampleCount {
            let Δup = Vector.subtracting(up.nudged[s].state, up.free[s].state)
            let Δdown = Vector.subtracting(down.nudged[s].state, down.free[s].state)
            #expect(Self.error(Δdown.map { -$0 }, Δup) < 0.05, "r*_−λ − r* ≈ −(r*_λ − r*), to O(λ)")
        }
        let exact = try ImplicitGradient.bySolve(problem).gradient
        #expect(Self.error(up.gradient, exact) < 0.02 && Self.error(down.gradient, exact) < 0.02, "both signs estimate dl/dw")
        // The one-sided errors at ±λ are opposite to first order: their mean is the symmetric estimate.
        let symmetric = try EquilibriumPropagation.gradient(problem, nudge: 0.01, estimator: .symmetric)
        expectClose(Vector.scaled(Vector.adding(up.gradient, down.gradient), by: 0.5), symmetric.gradient, within: 1e-6,
                    "mean of the one-sided estimates at ±λ")
        #expect(Self.error(symmetric.gradient, exact) < Self.error(up.gradient, exact) / 20)
    }

    @Test("without an energy the error stays finite as λ → 0: the rate network, and a Hopfield net skewed by εA")
    func whereItBreaks() throws {
        var rng = SeededGenerator(seed: 71)
        let rate = RateNetwork(units: 6, inputs: 2, gain: 0.8, activation: .tanh, using: &rng)
        let rateProblem = FixedPointProblem(system: rate, inputs: [[0.5, -0.3], [0.1, 0.9]], targets: [[0.2], [-0.3]],
                                            readout: [5], solver: Self.solver)
        let exactRate = try ImplicitGradient.bySolve(rateProblem).gradient
        let rateErrors = try [1e-2, 1e-4].map { try Self.error(EquilibriumPropagation.gradient(rateProblem, nudge: $0).gradient, exactRate) }
        #expect(rateErrors.allSatisfy { $0 > 0.05 } && abs(rateErrors[1] - rateErrors[0]) < 0.01 * rateErrors[0],
                "the rate network's EqProp error does not fall with λ: \(rateErrors)")

        let base = Self.hopfieldProblem(n: 6, activation: .tanh, seed: 72)
        let A = Matrix(rows: 6, columns: 6, elements: normalVector(36, using: &rng))
        func skewedError(_ ε: Double, _ λ: Double) throws -> Double {
            var problem = FixedPointProblem(system: SkewedHopfieldNetwork(base.system, skew: A, by: ε), inputs: base.inputs,
                                            targets: base.targets, readout: base.readout, solver: Self.solver)
            problem.initialState = base.initialState
            return Self.error(try EquilibriumPropagation.gradient(problem, nudge: λ).gradient, try ImplicitGradient.bySolve(problem).gradient)
        }
        #expect(try skewedError(0, 1e-3) < 1e-5, "ε = 0: the symmetric network, exact as λ → 0")
        let errors = try [0.05, 0.1, 0.2].map { try skewedError($0, 1e-3) }
        #expect(errors[0] > 1e-3 && errors[0] < errors[1] && errors[1] < errors[2], "the error grows with ε: \(errors)")
        let floor = try skewedError(0.1, 1e-5)
        #expect(abs(floor - errors[1]) < 0.05 * errors[1], "and does not fall with λ: \(floor) vs \(errors[1])")
    }

    @Test("training by EqProp lowers the loss and follows training by the exact implicit gradient")
    func training() throws {
        let problem = Self.hopfieldProblem(n: 8, activation: .tanh, seed: 81)
        let (_, eqprop) = try problem.trained(epochs: 30, learningRate: 0.5, method: .equilibriumPropagation(nudge: 0.01))
        let (_, exact) = try problem.trained(epochs: 30, learningRate: 0.5, method: .solve)
        #expect(eqprop.last!.loss < 0.5 * eqprop.first!.loss, "loss \(eqprop.first!.loss) → \(eqprop.last!.loss)")
        #expect(eqprop.first!.loss == exact.first!.loss, "the same start")
        // The symmetric estimate at λ = 0.01 is off by ~1e-4 a step; over 30 steps the curves stay within 1 %.
        for (a, b) in zip(eqprop, exact) { #expect(abs(a.loss - b.loss) <= 1e-2 * b.loss, "epoch \(a.epoch): \(a.loss) vs \(b.loss)") }
    }

    @Test("a nudged phase that cannot be solved is a typed error, not an estimate")
    func failures() throws {
        let problem = Self.hopfieldProblem(n: 6, activation: .tanh, seed: 91)
        _ = try problem.solve()                                   // the free phase is fine
        // λ s = 1000 / 3 uphill makes J_λ = J + λ s PᵀP positive on the readout units: no stable r*_λ.
        #expect(throws: FixedPointError.self) { _ = try EquilibriumPropagation.gradient(problem, nudge: 1000) }
    }
}
