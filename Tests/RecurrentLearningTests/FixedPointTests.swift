import Foundation
import RecurrentLearning
import Testing

/// Fixed-point learning: the solve, the implicit gradient by J⁻¹ solve and by the adjoint
/// ODE, the unrolled relaxation, and the typed errors, on seeded random models.
@Suite("Fixed points: solve, implicit gradient, adjoint, unrolled, errors")
struct FixedPointTests {
    /// A contracting rate network τ dr/dt = −r + W φ(r) + U x + b with S samples, units 0 and 1 read out.
    static func rateProblem(n: Int, activation: Activation, seed: UInt64, samples: Int = 3,
                            solver: FixedPointSolver = FixedPointSolver(.newton, tolerance: 1e-13)) -> FixedPointProblem<RateNetwork> {
        var rng = SeededGenerator(seed: seed)
        let network = RateNetwork(units: n, inputs: 2, gain: 0.6, activation: activation, using: &rng)
        let inputs = (0..<samples).map { _ in [rng.uniform(-1, 1), rng.uniform(-1, 1)] }
        let targets = (0..<samples).map { _ in [rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5)] }
        return FixedPointProblem(system: network, inputs: inputs, targets: targets, readout: [0, 1], solver: solver)
    }

    @Test("relaxation and Newton find the same stable r*, with residual, iterations and max Re λ(J) < 0")
    func solve() throws {
        let problem = Self.rateProblem(n: 12, activation: .tanh, seed: 3)
        let x = problem.inputs[0], r0 = problem.initialState
        let relaxed = try FixedPointSolver(.relaxation(timeStep: 0.5), tolerance: 1e-12).solve(problem.system, input: x, from: r0)
        let newton = try FixedPointSolver(.newton, tolerance: 1e-13).solve(problem.system, input: x, from: r0)
        #expect(relaxed.residual <= 1e-12 && newton.residual <= 1e-13)
        #expect(Vector.maxAbs(problem.system.rate(newton.state, input: x)) == newton.residual)
        expectClose(relaxed.state, newton.state, within: 1e-11, "relaxed r* vs Newton's r*")
        #expect(newton.iterations < 10 && relaxed.iterations > 20)
        let abscissa = try #require(newton.spectralAbscissa)
        let λ = try problem.system.stateJacobian(newton.state, input: x).eigenvalues()
        #expect(abscissa == λ.map(\.real).max()! && abscissa < 0)
        #expect(relaxed.residualHistory.count == relaxed.iterations + 1)
    }

    @Test("implicit gradient by solve, by the adjoint ODE, unrolled BPTT and RTRL agree with central differences of l(r*(w))",
          arguments: [Activation.tanh, .logistic], [5, 12])
    func agreement(activation: Activation, n: Int) throws {
        let problem = Self.rateProblem(n: n, activation: activation, seed: UInt64(10 * n) + (activation == .tanh ? 1 : 2))
        let solve = try ImplicitGradient.bySolve(problem)
        let adjoint = try ImplicitGradient.byAdjoint(problem, timeStep: 0.5, tolerance: 1e-13)
        let bptt = problem.unrolledGradient(steps: 300, timeStep: 0.5, method: .bptt)
        let rtrl = problem.unrolledGradient(steps: 300, timeStep: 0.5, method: .rtrl)
        let numeric = try problem.finiteDifferenceGradient()
        #expect(solve.loss > 1e-3, "a loss this small makes a vacuous gradient")
        expectClose(solve.gradient, numeric, within: 1e-6, "by solve vs central differences")
        for (name, g) in [("adjoint", adjoint.gradient), ("unrolled BPTT", bptt), ("unrolled RTRL", rtrl)] {
            expectClose(g, solve.gradient, within: 1e-9, "\(name) vs by solve")
        }
        #expect(solve.solveHealth.allSatisfy { $0.relativeResidual < 1e-13 && $0.reciprocalCondition > 0.01 })
        #expect(adjoint.adjointHealth.allSatisfy { $0.relativeResidual <= 1e-13 && $0.steps > 10 })
        expectClose(adjoint.adjoints.flatMap { $0 }, solve.adjoints.flatMap { $0 }, within: 1e-10, "v* by the adjoint vs by solve")
    }

    @Test("v* solves v* J = −∂l/∂r*, and dl/dw = v* ∂F/∂w with the dense D")
    func adjointDefinition() throws {
        let problem = Self.rateProblem(n: 5, activation: .tanh, seed: 4, samples: 1)
        let result = try ImplicitGradient.bySolve(problem)
        let r = result.fixedPoints[0].state, x = problem.inputs[0], v = result.adjoints[0]
        let J = problem.system.stateJacobian(r, input: x), D = problem.system.parameterJacobian(r, input: x)
        let g = problem.lossGradient(at: result.fixedPoints[0], sample: 0)
        expectClose(J.transposed * v, g.map { -$0 }, within: 1e-13, "Jᵀ v* vs −∂l/∂r*")
        expectClose(D.transposed * v, result.gradient, within: 1e-13, "Dᵀ v* vs dl/dw")
    }

    @Test("the unrolled gradient's error falls geometrically, at the rate ρ(I + Δt J) of the slowest mode")
    func unrolledRate() throws {
        let problem = Self.rateProblem(n: 8, activation: .tanh, seed: 5, samples: 1)
        let exact = try ImplicitGradient.bySolve(problem).gradient
        let Δt = 0.2
        let steps = Array(stride(from: 20, through: 160, by: 20))
        let errors = steps.map { K in normwiseError(problem.unrolledGradient(steps: K, timeStep: Δt, method: .bptt), exact).error }
        let J = problem.system.stateJacobian(try problem.solve()[0].state, input: problem.inputs[0])
        let ρ = try (Matrix.identity(8) + Δt * J).eigenvalues().map(\.magnitude).max()!
        #expect(zip(errors, errors.dropFirst()).allSatisfy { $0 > $1 })
        // The error is a sum of K terms of size ρ^K (r_t → r* and the adjoint both decay at ρ): ∝ K ρ^K.
        let fit = LineFit(x: steps.map(Double.init), y: zip(steps, errors).map { log($1 / Double($0)) })
        #expect(abs(exp(fit.slope) - ρ) < 0.01, "the error falls by \(exp(fit.slope)) a step, ρ(I + ΔtJ) = \(ρ)")
    }

    @Test("the homework model's fixed point r* = (b + x)/(1 − w) and its gradient in closed form")
    func homework() throws {
        let (w, b, x, y) = (0.4, 0.7, 0.3, 1.2)
        let problem = FixedPointProblem(system: HomeworkModel(w: w, b: b), inputs: [[x]], targets: [[y]],
                                        solver: FixedPointSolver(.relaxation(timeStep: 0.1), tolerance: 1e-13))
        let result = try ImplicitGradient.bySolve(problem)
        let rStar = (b + x) / (1 - w)
        #expect(abs(result.fixedPoints[0].state[0] - rStar) < 1e-12)
        // dl/dw = (r* − y) ∂r*/∂w = (r* − y)(b + x)/(1 − w)², dl/db = (r* − y)/(1 − w).
        expectClose(result.gradient, [(rStar - y) * (b + x) / pow(1 - w, 2), (rStar - y) / (1 - w)], within: 1e-11, "closed form")
        expectClose(try ImplicitGradient.byAdjoint(problem).gradient, result.gradient, within: 1e-9, "adjoint")
    }

    /// A network that spirals out of the origin: −I + W has eigenvalues g − 1 ± g i, g = 2.
    static let spiral = RateNetwork(weights: Matrix(rows: 2, columns: 2, elements: [2, -2, 2, 2]),
                                    inputWeights: Matrix(rows: 2, columns: 1), bias: [0, 0], activation: .tanh)

    @Test("a network with no attracting fixed point: relaxation does not converge, and says so with its residual")
    func didNotConverge() {
        let solver = FixedPointSolver(.relaxation(timeStep: 0.1), maxIterations: 5000)
        #expect(throws: FixedPointError.self) { _ = try solver.solve(Self.spiral, input: [0], from: [0.1, 0]) }
        do {
            _ = try solver.solve(Self.spiral, input: [0], from: [0.1, 0])
        } catch {
            guard case let .didNotConverge(_, iterations, residual) = error else { Issue.record("\(error)"); return }
            #expect(iterations == 5000 && residual > 0.1)
            #expect("\(error)".contains("did not converge"))
        }
    }

    @Test("Newton converges to the spiral's origin, which the stability check refuses as unstable")
    func unstable() {
        do {
            _ = try FixedPointSolver(.newton).solve(Self.spiral, input: [0], from: [0.01, -0.02])
            Issue.record("an unstable fixed point was returned")
        } catch {
            guard case let .unstable(abscissa, residual) = error else { Issue.record("\(error)"); return }
            #expect(abs(abscissa - 1) < 1e-12 && residual < 1e-14)
        }
    }

    @Test("a singular J is refused by Newton and by the implicit gradient, never answered")
    func singular() throws {
        // w = 1 makes J = w − 1 = 0; b = −x makes every r a fixed point.
        let model = HomeworkModel(w: 1, b: -0.5)
        #expect(throws: FixedPointError.self) { _ = try FixedPointSolver(.newton).solve(model, input: [0.5], from: [0.3]) }
        let problem = FixedPointProblem(system: model, inputs: [[0.5]], targets: [[1]], initialState: [0.3],
                                        solver: FixedPointSolver(.newton, checksStability: false))
        #expect(throws: FixedPointError.singularJacobian(reciprocalCondition: 0)) { _ = try ImplicitGradient.bySolve(problem) }
        let unsolvable = FixedPointProblem(system: HomeworkModel(w: 1, b: 0.2), inputs: [[0.5]], targets: [[1]],
                                           solver: FixedPointSolver(.newton, checksStability: false))
        #expect(throws: FixedPointError.singularJacobian(reciprocalCondition: 0)) { _ = try unsolvable.solve() }
    }

    @Test("the adjoint ODE at an unstable point diverges, and one cut short reports its residual")
    func adjointErrors() throws {
        let unstable = FixedPointProblem(system: Self.spiral, inputs: [[0]], targets: [[0.5, -0.2]], initialState: [0.01, 0.02],
                                         solver: FixedPointSolver(.newton, checksStability: false))
        do {
            _ = try ImplicitGradient.byAdjoint(unstable)
            Issue.record("the adjoint returned a gradient at an unstable point")
        } catch {
            guard case let .adjointDiverged(steps, residual) = error else { Issue.record("\(error)"); return }
            #expect(steps > 10 && residual >= 1e8)
        }
        let stable = Self.rateProblem(n: 5, activation: .tanh, seed: 6)
        #expect(throws: FixedPointError.self) { _ = try ImplicitGradient.byAdjoint(stable, timeStep: 0.1, maxSteps: 20) }
        do { _ = try ImplicitGradient.byAdjoint(stable, timeStep: 0.1, maxSteps: 20) } catch {
            guard case let .adjointDidNotConverge(steps, horizon, residual) = error else { Issue.record("\(error)"); return }
            #expect(steps == 20 && abs(horizon - 2) < 1e-12 && residual > 1e-10)
        }
    }

    @Test("LU: solves with A and Aᵀ from one factorisation, and estimates the condition")
    func lu() throws {
        let A = Matrix(rows: 3, columns: 3, elements: [4, 1, 0, 2, 5, 1, 0, 3, 6])
        let lu = try LUFactorization(A)
        let b = [1.0, -2, 0.5]
        expectClose(A * lu.solve(b), b, within: 1e-15, "A x = b")
        expectClose(A.transposed * lu.solveTransposed(b), b, within: 1e-15, "Aᵀ x = b")
        #expect(try LUFactorization(.identity(4)).reciprocalCondition == 1)
        let nearlySingular = Matrix(rows: 2, columns: 2, elements: [1, 1, 1, 1 + 1e-12])
        #expect(try LUFactorization(nearlySingular).reciprocalCondition < 1e-11)
        #expect(throws: LinearSolveError.self) { _ = try LUFactorization(Matrix(rows: 2, columns: 2)) }
    }
}
