/// Backpropagation through time: run forward, keep the states, then carry the
/// adjoint a_t = dL/dr_t backward.
///
/// For r_{t+1} = M(r_t, x_t) (Euler: M = r + Δt F) and L = l(r₁ … r_T):
///
/// ```
/// a_T   = ∂l/∂r_T
/// a_t   = (∂M/∂r)_tᵀ a_{t+1} + ∂l/∂r_t      t = T−1 … 1   (and a₀ without ∂l/∂r₀)
///       = a_{t+1} + Δt J_tᵀ a_{t+1} + ∂l/∂r_t                  (Euler)
/// dL/dw = Σ_{t=0}^{T−1} a_{t+1}ᵀ (∂M/∂w)_t  =  Δt Σ_t a_{t+1}ᵀ D_t    (Euler)
/// ```
///
/// Summed out, dL/dw = Σ_t Σ_{τ<t} (∂l/∂r_t)(∂r_t/∂r_{τ+1}) (∂M/∂w)_τ: the
/// same sum RTRL accumulates forward, taken in the other order. Both are exact
/// for the discrete map, so they agree to rounding.
///
/// Cost: one vector–Jacobian product a step, O(n²) for every model of the
/// toolkit (no n × m matrix is formed), and O(nT) memory: the states, the
/// adjoints and the model's T linearization points. The parameter sum is one
/// call over the whole trajectory (`addParameterVJPs`), which the rate network
/// turns into a single matrix product.
///
/// Written once for every model and map, against the model's `Linearization`.
public enum BPTT {
    /// The gradient along the problem's Euler map.
    @inlinable
    public static func gradient<S, L>(_ problem: TrajectoryProblem<S, L>,
                                      recording: GradientResult.Recording = [.states, .adjoints]) -> GradientResult {
        gradient(problem, map: problem.map, recording: recording)
    }

    @inlinable
    public static func gradient<S, L, M: DiscreteMap>(_ problem: TrajectoryProblem<S, L>, map: M,
                                                      recording: GradientResult.Recording = [.states, .adjoints])
        -> GradientResult
    {
        let system = problem.system
        let n = system.stateCount, k = system.inputCount, m = system.parameterCount, T = problem.stepCount
        let linearization = system.makeLinearization(points: max(T, 1))
        let X = problem.inputBuffer()
        let R = PooledBuffer(count: n * (T + 1)), A = PooledBuffer(count: n * (T + 1))
        problem.initialState.withUnsafeBufferPointer { if n > 0 { R.pointer.update(from: $0.baseAddress!, count: n) } }

        // Forward: r_{t+1} = M(r_t, x_t), linearized at every r_t.
        var sum = 0.0
        for t in 0..<T {
            map.step(linearization, point: t, state: R.column(t, rows: n), input: X.pointer + t * k,
                     into: R.column(t + 1, rows: n))
            sum += problem.loss.term(step: t + 1, state: R.column(t + 1, rows: n))
        }

        // Backward: a_T = ∂l/∂r_T, a_t = (∂M/∂r)_tᵀ a_{t+1} + ∂l/∂r_t.
        let aT = A.column(T, rows: n)
        aT.update(repeating: 0, count: n)
        if T > 0 { problem.loss.addGradient(step: T, state: R.column(T, rows: n), to: aT) }
        for t in stride(from: T - 1, through: 0, by: -1) {
            map.cotangent(linearization, point: t, A.column(t + 1, rows: n), into: A.column(t, rows: n))
            if t >= 1 && problem.loss.scores(step: t) {
                problem.loss.addGradient(step: t, state: R.column(t, rows: n), to: A.column(t, rows: n))
            }
        }

        // dL/dw = Σ_t a_{t+1}ᵀ (∂M/∂w)_t, over the whole trajectory at once.
        var gradient = [Double](repeating: 0, count: m)
        gradient.withUnsafeMutableBufferPointer { g in
            if T > 0, m > 0 { map.addParameterVJPs(linearization, points: 0..<T, A.column(1, rows: n), to: g.baseAddress!) }
        }
        return GradientResult(loss: problem.loss.value(sumOfTerms: sum), gradient: gradient,
                              states: recording.contains(.states) ? R.columns(rows: n, count: T + 1) : [],
                              adjoints: recording.contains(.adjoints) ? A.columns(rows: n, count: T + 1) : [])
    }
}
