import RecurrentLearning

/// The fixed-point cases: the rate network with no input,
///
///     0 = F(r*) = −r* + W tanh(r*) + b,     l = ½ ‖r* − y‖²,
///
/// W = 0.4·randn/√n (contracting: the spectral radius of W is about 0.4), b = 0.5·randn,
/// y = 0.5·randn, all from `SeededGenerator(seed: seed + n)`. Every case first solves
/// for r* by relaxation with Δt = 1 from r = 0 (the plain iteration r ← W tanh(r) + b)
/// to ‖F‖∞ ≤ 1e-10, with the stability check off (JAX has none; the lesson and the
/// tests check it). Then:
/// - solve: nothing more; JAX compares r*;
/// - by-solve: `ImplicitGradient.bySolve`, one LU of J and the transposed solve;
/// - adjoint: `ImplicitGradient.byAdjoint` at Δt = 0.1 or 1 to a relative residual 1e-10.
extension BenchCase {
    static let fixedPointTolerance = 1e-10
    static let relaxationStep = 1.0

    func fixedPointProblem(seed: UInt64) -> FixedPointProblem<RateNetwork> {
        var rng = SeededGenerator(seed: seed &+ UInt64(units))
        let n = units
        let w = NormalDistribution(standardDeviation: 0.4 / Double(n).squareRoot()).samples(n * n, using: &rng)
        let b = NormalDistribution(standardDeviation: 0.5).samples(n, using: &rng)
        let y = NormalDistribution(standardDeviation: 0.5).samples(n, using: &rng)
        let network = RateNetwork(weights: Matrix(rows: n, columns: n, elements: w), inputWeights: Matrix(rows: n, columns: 0),
                                  bias: b, activation: .tanh, timeConstant: 1)
        let solver = FixedPointSolver(.relaxation(timeStep: Self.relaxationStep), tolerance: Self.fixedPointTolerance,
                                      checksStability: false)
        return FixedPointProblem(system: network, inputs: [[]], targets: [y], solver: solver)
    }

    func fixedPointRun(seed: UInt64) -> TimedRun {
        let problem = fixedPointProblem(seed: seed)
        let method = method, Δt = adjointStep ?? 0.1, tolerance = Self.fixedPointTolerance
        let compute: () throws -> RunOutput = {
            switch method {
            case .solve:
                let point = try problem.solver.solve(problem.system, input: [], from: problem.initialState)
                return RunOutput(loss: problem.loss(at: [point]), values: point.state, passes: point.iterations + 1)
            case .bySolve:
                let result = try ImplicitGradient.bySolve(problem)
                return RunOutput(loss: result.loss, values: result.gradient, passes: result.fixedPoints[0].iterations + 1)
            default:
                let result = try ImplicitGradient.byAdjoint(problem, timeStep: Δt, tolerance: tolerance)
                return RunOutput(loss: result.loss, values: result.gradient,
                                 passes: result.fixedPoints[0].iterations + 1 + result.adjointHealth[0].steps + 1)
            }
        }
        let network = problem.system
        let request = JAXRequest(
            fields: ["method": method.rawValue, "n": units, "relax_dt": Self.relaxationStep, "dt": Δt,
                     "tol": tolerance, "max_iterations": 1_000_000],
            data: network.weights.elements + network.bias + problem.targets[0],
            outputCount: method == .solve ? units : network.parameterCount)
        return TimedRun(compute: compute, jax: request)
    }
}
