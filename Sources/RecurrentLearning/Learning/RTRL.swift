/// Real-time recurrent learning: carry the sensitivities p_t = dr_t/dw
/// forward with the state.
///
/// Continuous time:  dp/dt = J(r) p + ∂F/∂w.  Differentiating the map
/// r_{t+1} = M(r_t, x_t) (Euler: M = r + Δt F) with respect to w gives its
/// exact discrete form
///
/// ```
/// p₀      = 0                                           (r₀ does not depend on w)
/// p_{t+1} = (∂M/∂r)_t p_t + (∂M/∂w)_t                    Euler: (I + Δt J_t) p_t + Δt D_t
/// dL/dw   = Σ_{t=1}^{T} (∂l/∂r_t)ᵀ p_t
/// ```
///
/// Note the order: p_{t+1} uses r_t, the state *before* the update. Using
/// r_{t+1} (updating r first) adds an O(Δt) error to the gradient.
///
/// Cost: p is n × m, so one step is an (n × n)(n × m) product, O(n²m) time,
/// O(nm) memory, independent of T: the loss is scored step by step and the
/// gradient is ready as soon as the sequence ends, with no stored past (unless
/// the states or the sensitivities are recorded).
///
/// Written once for every model and map: the products come from the model's
/// `Linearization` through the map (`tangent`, `addParameterJacobian`).
public enum RTRL {
    /// The gradient along the problem's Euler map.
    @inlinable
    public static func gradient<S, L>(_ problem: TrajectoryProblem<S, L>,
                                      recording: GradientResult.Recording = .states) -> GradientResult {
        gradient(problem, map: problem.map, recording: recording)
    }

    @inlinable
    public static func gradient<S, L, M: DiscreteMap>(_ problem: TrajectoryProblem<S, L>, map: M,
                                                      recording: GradientResult.Recording = .states) -> GradientResult {
        let system = problem.system
        let n = system.stateCount, k = system.inputCount, m = system.parameterCount, T = problem.stepCount
        let linearization = system.makeLinearization(points: 1)
        let X = problem.inputBuffer()
        var p = PooledBuffer(count: n * m), next = PooledBuffer(count: n * m)
        var r = PooledBuffer(problem.initialState), rNext = PooledBuffer(count: n)
        let ℓ = PooledBuffer(count: n)
        p.pointer.update(repeating: 0, count: n * m)                              // p₀ = 0
        var gradient = [Double](repeating: 0, count: m)
        var states = recording.contains(.states) ? [problem.initialState] : []
        var sensitivities = recording.contains(.sensitivities) ? [Matrix(rows: n, columns: m)] : []
        var sum = 0.0

        for t in 0..<T {
            // r_{t+1} = M(r_t, x_t), linearized at r_t, the state before the step
            map.step(linearization, point: 0, state: r.pointer, input: X.pointer + t * k, into: rNext.pointer)
            // p_{t+1} = (∂M/∂r) p_t + ∂M/∂w
            map.tangent(linearization, point: 0, p.pointer, columns: m, into: next.pointer)
            map.addParameterJacobian(linearization, point: 0, to: next.pointer)
            swap(&p, &next)
            swap(&r, &rNext)
            sum += problem.loss.term(step: t + 1, state: r.pointer)
            if recording.contains(.states) { states.append(Array(UnsafeBufferPointer(start: r.pointer, count: n))) }
            if recording.contains(.sensitivities) {
                sensitivities.append(Matrix(rows: n, columns: m,
                                            elements: Array(UnsafeBufferPointer(start: p.pointer, count: n * m))))
            }
            // dL/dw += (∂l/∂r_{t+1})ᵀ p_{t+1}: only the rows where ∂l/∂r is non-zero
            guard problem.loss.scores(step: t + 1) else { continue }
            ℓ.pointer.update(repeating: 0, count: n)
            problem.loss.addGradient(step: t + 1, state: r.pointer, to: ℓ.pointer)
            gradient.withUnsafeMutableBufferPointer { g in
                for i in 0..<n where ℓ.pointer[i] != 0 {
                    let e = ℓ.pointer[i], row = p.pointer + i
                    for c in 0..<m { g[c] += e * row[c * n] }
                }
            }
        }
        return GradientResult(loss: problem.loss.value(sumOfTerms: sum), gradient: gradient, states: states,
                              sensitivities: sensitivities)
    }
}
