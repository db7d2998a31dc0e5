/// The gradient of a fixed-point loss l(r*(w)), where 0 = F_w(r*, x):
///
///     0 = d F_w(r*(w), x)/dw = J dr*/dw + ∂F/∂w    ⇒   dr*/dw = −J⁻¹ ∂F/∂w,
///     dl/dw = −(∂l/∂r*) J⁻¹ ∂F/∂w = v* ∂F/∂w,       v* = −(∂l/∂r*) J⁻¹,
///
/// J = ∂F/∂r at r*. Two ways to the row vector v*:
/// - **by solve**: Jᵀ v*ᵀ = −(∂l/∂r*)ᵀ, one LU of J (LAPACK) and one transposed solve
///   from the same factors: O(n³) once, then v* ∂F/∂w through the model's
///   vector–Jacobian product, O(nm) (O(n²) for a rate network, never a dense D);
/// - **by the adjoint ODE** dv/dt = vJ + ∂l/∂r*, stepped with Euler from v = 0 until
///   ‖vJ + ∂l/∂r*‖∞ ≤ tolerance · ‖∂l/∂r*‖∞: its steady state is v*, and it is
///   attracting exactly when r* is (the eigenvalues of Jᵀ are those of J). Each step is
///   one vᵀJ, O(n²), matrix-free.
///
/// Over S samples, v*_s for each, and dl/dw = Σ_s v*_s ∂F/∂w(r*_s, x_s) in one call of
/// the linearization. Either method either returns a gradient whose health it reports,
/// or throws a `FixedPointError` with its numbers: never a gradient from a failed solve.
public enum ImplicitGradient {
    /// How the linear solve went, per sample.
    public struct SolveHealth: Sendable, Equatable {
        /// ‖Jᵀ v* + (∂l/∂r*)ᵀ‖∞ / ‖∂l/∂r*‖∞ (0 when ∂l/∂r* = 0), with Jᵀ v* from the model's
        /// own product (`adjointField`), not from the factors that solved for v*.
        public var relativeResidual: Double
        /// The estimate of 1 / κ₁(J) (`LUFactorization.reciprocalCondition`).
        public var reciprocalCondition: Double
    }

    /// How the adjoint ODE went, per sample.
    public struct AdjointHealth: Sendable, Equatable {
        public var steps: Int
        /// The time reached, steps × Δt.
        public var time: Double
        /// ‖v J + ∂l/∂r*‖∞ / ‖∂l/∂r*‖∞ at the end.
        public var relativeResidual: Double
        /// The relative residual at v after k steps, k = 0 … steps (1 at v = 0; for figures).
        public var residualHistory: [Double]
    }

    public struct Result: Sendable {
        /// l at the fixed points.
        public var loss: Double
        /// dl/dw.
        public var gradient: [Double]
        public var fixedPoints: [FixedPoint]
        /// v*_s, one n-vector per sample.
        public var adjoints: [[Double]]
        /// Filled by `bySolve`.
        public var solveHealth: [SolveHealth] = []
        /// Filled by `byAdjoint`.
        public var adjointHealth: [AdjointHealth] = []
    }

    /// dl/dw by one LU of J and a transposed solve per sample. Throws when a fixed point
    /// cannot be found, is unstable, or J is singular to working precision.
    public static func bySolve<S: DynamicalSystem>(_ problem: FixedPointProblem<S>) throws(FixedPointError) -> Result {
        let linearization = problem.system.makeLinearization(points: problem.sampleCount)
        let points = try problem.solve(linearizing: linearization)    // leaves each point linearized at r*_s
        return try bySolve(problem, at: points, linearized: linearization)
    }

    /// dl/dw by solve at fixed points already found (`problem.solve()`), one per sample:
    /// the gradient's own cost, without the solve for r*. Throws `didNotConverge` when a
    /// point's ‖F(r, x_s)‖∞ exceeds the problem's solver tolerance.
    public static func bySolve<S: DynamicalSystem>(_ problem: FixedPointProblem<S>,
                                                   at points: [FixedPoint]) throws(FixedPointError) -> Result {
        try bySolve(problem, at: points, linearized: try linearization(problem, at: points))
    }

    static func bySolve<S: DynamicalSystem>(_ problem: FixedPointProblem<S>, at points: [FixedPoint],
                                            linearized linearization: S.Linearization) throws(FixedPointError) -> Result {
        var adjoints: [[Double]] = [], health: [SolveHealth] = []
        let n = problem.system.stateCount
        for (s, point) in points.enumerated() {
            // J (n × n, factored in its own storage), the pivots (n Int32) and g, v, the check (3n).
            try MemoryLedger.holding(n * n + (n + 1) / 2 + 3 * n) { () throws(FixedPointError) in
                let lu: LUFactorization
                do { lu = try LUFactorization(problem.system.stateJacobian(point.state, input: problem.inputs[s])) } catch {
                    throw .singularJacobian(reciprocalCondition: 0)
                }
                guard lu.reciprocalCondition > 1e-14 else { throw .singularJacobian(reciprocalCondition: lu.reciprocalCondition) }
                let g = problem.lossGradient(at: point, sample: s)
                let v = lu.solveTransposed(g.map { -$0 })                 // Jᵀ v = −gᵀ
                // The solve's residual vᵀJ + g through the model's own product, independent of the dense J and its factors.
                var check = [Double](repeating: 0, count: v.count)
                let residual = v.isEmpty ? 0 : v.withUnsafeBufferPointer { pv in
                    g.withUnsafeBufferPointer { pg in
                        check.withUnsafeMutableBufferPointer { pc in
                            linearization.adjointField(point: s, pv.baseAddress!, plus: pg.baseAddress!, into: pc.baseAddress!)
                        }
                    }
                }
                let scale = Vector.maxAbs(g)
                health.append(SolveHealth(relativeResidual: scale > 0 ? residual / scale : 0,
                                          reciprocalCondition: lu.reciprocalCondition))
                adjoints.append(v)
            }
        }
        var result = Result(loss: problem.loss(at: points), gradient: parameterProduct(problem, adjoints, linearization),
                            fixedPoints: points, adjoints: adjoints)
        result.solveHealth = health
        return result
    }

    /// dl/dw by stepping the adjoint ODE dv/dt = vJ + ∂l/∂r* with Euler steps of Δt from
    /// v = 0 to its steady state (relative residual ≤ `tolerance`), at most `maxSteps`
    /// steps. Throws when it diverges (J has an eigenvalue with Re λ ≥ 0, or Δt is too
    /// large) or runs out of steps, with the residual it reached. A step is one
    /// `adjointField` (vᵀJ + g and its size, one pass over W for a rate network) and
    /// one update v ← v + Δt (vJ + g). Its memory is three n-vectors (v, the direction, g),
    /// whatever the number of steps, plus one double a step for the residual history that
    /// `AdjointHealth` reports, unless `recordingResidualHistory` is false.
    public static func byAdjoint<S: DynamicalSystem>(_ problem: FixedPointProblem<S>, timeStep Δt: Double = 0.1,
                                                     tolerance: Double = 1e-10, maxSteps: Int = 1_000_000,
                                                     recordingResidualHistory: Bool = true) throws(FixedPointError) -> Result {
        let linearization = problem.system.makeLinearization(points: problem.sampleCount)
        let points = try problem.solve(linearizing: linearization)    // leaves each point linearized at r*_s
        return try byAdjoint(problem, at: points, linearized: linearization, timeStep: Δt, tolerance: tolerance,
                             maxSteps: maxSteps, recordingResidualHistory: recordingResidualHistory)
    }

    /// dl/dw by the adjoint ODE at fixed points already found (`problem.solve()`): the
    /// gradient's own cost, without the solve for r*. Throws `didNotConverge` when a
    /// point's ‖F(r, x_s)‖∞ exceeds the problem's solver tolerance.
    public static func byAdjoint<S: DynamicalSystem>(_ problem: FixedPointProblem<S>, at points: [FixedPoint],
                                                     timeStep Δt: Double = 0.1, tolerance: Double = 1e-10,
                                                     maxSteps: Int = 1_000_000,
                                                     recordingResidualHistory: Bool = true) throws(FixedPointError) -> Result {
        try byAdjoint(problem, at: points, linearized: try linearization(problem, at: points), timeStep: Δt,
                      tolerance: tolerance, maxSteps: maxSteps, recordingResidualHistory: recordingResidualHistory)
    }

    static func byAdjoint<S: DynamicalSystem>(_ problem: FixedPointProblem<S>, at points: [FixedPoint],
                                              linearized linearization: S.Linearization, timeStep Δt: Double,
                                              tolerance: Double, maxSteps: Int,
                                              recordingResidualHistory: Bool) throws(FixedPointError) -> Result {
        let n = problem.system.stateCount
        var adjoints: [[Double]] = [], health: [AdjointHealth] = []
        var direction = [Double](repeating: 0, count: n)
        let ledger = MemoryLedger.current
        ledger?.hold(n)                                                   // the direction, shared by the samples
        defer { ledger?.release(n) }
        for (s, point) in points.enumerated() {
            try MemoryLedger.holding(2 * n) { () throws(FixedPointError) in     // g and v
                let g = problem.lossGradient(at: point, sample: s), scale = Vector.maxAbs(g)
                var v = [Double](repeating: 0, count: n), history: [Double] = []
                defer { ledger?.release(history.count) }
                guard scale > 0 else {                                        // ∂l/∂r* = 0 (so n > 0 below)
                    adjoints.append(v)
                    health.append(AdjointHealth(steps: 0, time: 0, relativeResidual: 0, residualHistory: []))
                    return
                }
                var steps = 0, residual = 1.0
                let failure: FixedPointError? = v.withUnsafeMutableBufferPointer { pv in
                    direction.withUnsafeMutableBufferPointer { pd in
                        g.withUnsafeBufferPointer { pg in
                            let v = pv.baseAddress!, d = pd.baseAddress!
                            while true {
                                // d = Jᵀ v + g: the residual at v, and the direction of the next step.
                                residual = linearization.adjointField(point: s, v, plus: pg.baseAddress!, into: d) / scale
                                guard residual.isFinite, residual < 1e8 else { return .adjointDiverged(steps: steps, residual: residual) }
                                if recordingResidualHistory {
                                    history.append(residual)
                                    ledger?.hold(1)
                                }
                                if residual <= tolerance { return nil }
                                if steps == maxSteps {
                                    return .adjointDidNotConverge(steps: steps, horizon: Double(steps) * Δt, residual: residual)
                                }
                                for i in 0..<n { v[i] += Δt * d[i] }
                                steps += 1
                            }
                        }
                    }
                }
                if let failure { throw failure }
                adjoints.append(v)
                health.append(AdjointHealth(steps: steps, time: Double(steps) * Δt, relativeResidual: residual, residualHistory: history))
            }
        }
        var result = Result(loss: problem.loss(at: points), gradient: parameterProduct(problem, adjoints, linearization),
                            fixedPoints: points, adjoints: adjoints)
        result.adjointHealth = health
        return result
    }

    /// A linearization whose point s holds (r_s, x_s), after checking that each r_s is a
    /// fixed point to the problem's solver tolerance.
    static func linearization<S: DynamicalSystem>(_ problem: FixedPointProblem<S>,
                                                  at points: [FixedPoint]) throws(FixedPointError) -> S.Linearization {
        precondition(points.count == problem.sampleCount && points.allSatisfy { $0.state.count == problem.system.stateCount },
                     "give one fixed point of \(problem.system.stateCount) values per sample (\(problem.sampleCount)), got \(points.count)")
        let linearization = problem.system.makeLinearization(points: problem.sampleCount)
        for (s, point) in points.enumerated() {
            let residual = Vector.maxAbs(linearization.linearize(point: s, state: point.state, input: problem.inputs[s]))
            guard residual <= problem.solver.tolerance else {
                throw .didNotConverge(method: "the given point of sample \(s)", iterations: point.iterations, residual: residual)
            }
        }
        return linearization
    }

    /// Σ_s v_sᵀ ∂F/∂w(r*_s, x_s), through the model's linearization (one call over all
    /// samples), whose point s holds (r*_s, x_s).
    static func parameterProduct<S: DynamicalSystem>(_ problem: FixedPointProblem<S>, _ adjoints: [[Double]],
                                                     _ linearization: S.Linearization) -> [Double] {
        let n = problem.system.stateCount
        var gradient = [Double](repeating: 0, count: problem.system.parameterCount)
        let V = adjoints.flatMap { $0 }                                 // n × S, column-major
        guard n > 0, !gradient.isEmpty else { return gradient }
        V.withUnsafeBufferPointer { pV in
            gradient.withUnsafeMutableBufferPointer { pg in
                linearization.addParameterVJPs(points: 0..<adjoints.count, pV.baseAddress!, scaledBy: 1, to: pg.baseAddress!)
            }
        }
        return gradient
    }
}
