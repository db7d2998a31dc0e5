/// Solves 0 = F_w(r*, x) for any `DynamicalSystem` at a constant input x.
///
/// - **Relaxation** integrates dr/dt = F with Euler steps r ← r + Δt F(r) until
///   ‖F(r)‖∞ ≤ tolerance: it finds the attracting fixed points, the ones the network
///   settles into. Each step is one evaluation of F (O(n²) for a rate network).
/// - **Newton** solves J δ = −F by LU (LAPACK) and steps r ← r + α δ, halving α from 1
///   until the residual falls: quadratic convergence near r*, O(n³) a step, and it finds
///   unstable fixed points too, which the stability check then refuses.
///
/// Every answer comes with its health: the residual ‖F(r*)‖∞, the iterations, and the
/// spectral abscissa max Re λ(J) from LAPACK's eigenvalues (stable iff < 0). Anything
/// else is a typed `FixedPointError` with its numbers.
///
/// Memory, as `MemoryLedger` counts it: the relaxation holds r and F (2n doubles) and, unless
/// `recordsHistory` is false, one double an iteration for the residual history it returns
/// (as the adjoint counts its own); the stability check holds J and LAPACK's copy (2n²).
public struct FixedPointSolver: Sendable, Equatable {
    public enum Method: Sendable, Equatable {
        case relaxation(timeStep: Double)
        case newton
    }

    public var method: Method
    /// The solve stops when ‖F(r)‖∞ ≤ tolerance.
    public var tolerance: Double
    public var maxIterations: Int
    /// Computes max Re λ(J) at r* (an O(n³) eigenvalue solve) and refuses an unstable r*.
    public var checksStability: Bool
    /// Keeps ‖F‖∞ of every iteration in `FixedPoint.residualHistory` (one double an
    /// iteration, for figures); false keeps the solve's memory independent of its iterations.
    public var recordsHistory: Bool

    public init(_ method: Method = .relaxation(timeStep: 0.1), tolerance: Double = 1e-10,
                maxIterations: Int? = nil, checksStability: Bool = true, recordsHistory: Bool = true) {
        self.method = method
        self.tolerance = tolerance
        if case .newton = method { self.maxIterations = maxIterations ?? 100 } else { self.maxIterations = maxIterations ?? 100_000 }
        self.checksStability = checksStability
        self.recordsHistory = recordsHistory
    }

    var name: String {
        switch method {
        case .relaxation(let Δt): "relaxation (Δt = \(Δt.formatted(sig: 3)))"
        case .newton: "Newton"
        }
    }

    /// r* with F(r*, x) = 0, starting from `r0`.
    public func solve<S: DynamicalSystem>(_ system: S, input x: [Double], from r0: [Double]) throws(FixedPointError) -> FixedPoint {
        try solve(system, input: x, from: r0, linearizing: system.makeLinearization(points: 1), point: 0)
    }

    /// r*, leaving point t of `linearization` (made by `system`) linearized at (r*, x):
    /// the implicit gradients then take J and ∂F/∂w at r* from it without another
    /// evaluation. The relaxation steps through the same linearization, so F is the
    /// model's fused kernel and nothing is allocated per step.
    func solve<S: DynamicalSystem>(_ system: S, input x: [Double], from r0: [Double], linearizing linearization: S.Linearization,
                                   point t: Int) throws(FixedPointError) -> FixedPoint {
        precondition(r0.count == system.stateCount && x.count == system.inputCount,
                     "solve: the model has n = \(system.stateCount), k = \(system.inputCount); got r₀ of \(r0.count), x of \(x.count)")
        var point: FixedPoint
        switch method {
        case .relaxation(let Δt): point = try relax(linearization, point: t, input: x, from: r0, timeStep: Δt)
        case .newton:
            point = try newton(system, input: x, from: r0)
            _ = linearization.linearize(point: t, state: point.state, input: x)
        }
        if checksStability {
            let λ: [Eigenvalue]
            // J and the copy LAPACK's dgeev overwrites, n² doubles each, and the 2n eigenvalues.
            let n = system.stateCount
            do { λ = try MemoryLedger.holding(2 * n * n + 2 * n) { () throws(EigenvalueError) in
                try system.stateJacobian(point.state, input: x).eigenvalues() } } catch {
                switch error { case .didNotConverge(let info): throw .stabilityUnknown(info: info) }
            }
            let abscissa = λ.map(\.real).max() ?? -.infinity
            point.spectralAbscissa = abscissa
            if !(abscissa < 0) { throw .unstable(spectralAbscissa: abscissa, residual: point.residual) }
        }
        return point
    }

    private func relax<L: Linearization>(_ linearization: L, point t: Int, input x: [Double], from r0: [Double],
                                         timeStep Δt: Double) throws(FixedPointError) -> FixedPoint {
        let n = r0.count, tolerance = tolerance, maxIterations = maxIterations, recordsHistory = recordsHistory
        let ledger = MemoryLedger.current
        ledger?.hold(2 * n)                                             // r and F
        defer { ledger?.release(2 * n) }
        var r = r0, F = [Double](repeating: 0, count: n), history: [Double] = [], last = 0.0
        let outcome: Result<Int, FixedPointError> = r.withUnsafeMutableBufferPointer { pr in
            F.withUnsafeMutableBufferPointer { pF in
                withPointers(x, r0) { px, dummy in
                    let r = pr.baseAddress ?? UnsafeMutablePointer(mutating: dummy)
                    let F = pF.baseAddress ?? UnsafeMutablePointer(mutating: dummy)
                    for iteration in 0...maxIterations {
                        linearization.linearize(point: t, state: r, input: px, rate: F)
                        let residual = Vector.maxAbs(F, count: n)           // ‖F‖∞, NaN if any component is
                        guard residual.isFinite else { return .failure(.diverged(method: self.name, iterations: iteration)) }
                        last = residual
                        if recordsHistory {
                            history.append(residual)
                            ledger?.hold(1)                           // returned with r*: held after the call
                        }
                        if residual <= tolerance { return .success(iteration) }
                        if iteration == maxIterations {
                            return .failure(.didNotConverge(method: self.name, iterations: iteration, residual: residual))
                        }
                        for i in 0..<n { r[i] += Δt * F[i] }
                    }
                    preconditionFailure("unreachable: the loop returns at maxIterations")
                }
            }
        }
        switch outcome {
        case .success(let iterations):
            return FixedPoint(state: r, residual: last, iterations: iterations, residualHistory: history)
        case .failure(let error): throw error
        }
    }

    private func newton<S: DynamicalSystem>(_ system: S, input x: [Double], from r0: [Double]) throws(FixedPointError) -> FixedPoint {
        var r = r0
        var F = system.rate(r, input: x)
        var residual = Vector.maxAbs(F), history = [residual]
        for iteration in 0...maxIterations {
            guard residual.isFinite else { throw .diverged(method: name, iterations: iteration) }
            if residual <= tolerance {
                return FixedPoint(state: r, residual: residual, iterations: iteration, residualHistory: history)
            }
            if iteration == maxIterations { break }
            let lu: LUFactorization
            do { lu = try LUFactorization(system.stateJacobian(r, input: x)) } catch {
                throw .singularJacobian(reciprocalCondition: 0)
            }
            guard lu.reciprocalCondition > 1e-14 else { throw .singularJacobian(reciprocalCondition: lu.reciprocalCondition) }
            let δ = lu.solve(F.map { -$0 })
            var α = 1.0, accepted = false
            while α >= 1.0 / 1024 {                       // damped: halve the step until the residual falls
                let trial = Vector.adding(r, δ, scaledBy: α)
                let trialF = system.rate(trial, input: x), trialResidual = Vector.maxAbs(trialF)
                if trialResidual < residual {
                    (r, F, residual, accepted) = (trial, trialF, trialResidual, true)
                    break
                }
                α /= 2
            }
            history.append(residual)
            if !accepted { throw .didNotConverge(method: name, iterations: iteration + 1, residual: residual) }
        }
        throw .didNotConverge(method: name, iterations: maxIterations, residual: residual)
    }
}

/// A solved fixed point r* and the numbers that say how far to trust it.
public struct FixedPoint: Sendable, Equatable {
    public var state: [Double]
    /// ‖F(r*)‖∞.
    public var residual: Double
    /// Relaxation steps or Newton iterations taken.
    public var iterations: Int
    /// max Re λ(J) at r*; nil when the solver did not check stability.
    public var spectralAbscissa: Double?
    /// ‖F‖∞ before each iteration and at the end (empty when the solver does not record it).
    public var residualHistory: [Double]

    public init(state: [Double], residual: Double, iterations: Int, spectralAbscissa: Double? = nil, residualHistory: [Double] = []) {
        self.state = state
        self.residual = residual
        self.iterations = iterations
        self.spectralAbscissa = spectralAbscissa
        self.residualHistory = residualHistory
    }
}
