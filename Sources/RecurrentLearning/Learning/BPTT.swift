/// Backpropagation through time: run forward, keep the states, then carry the
/// adjoint a_t = dL/dr_t backward.
///
/// For r_{t+1} = r_t + Δt F(r_t, x_t) and L = l(r₁ … r_T):
///
/// ```
/// a_T   = ∂l/∂r_T
/// a_t   = a_{t+1} + Δt a_{t+1}ᵀ J_t + ∂l/∂r_t        t = T−1 … 1   (and a₀ without ∂l/∂r₀)
/// dL/dw = Σ_{t=0}^{T−1} Δt a_{t+1}ᵀ ∂F/∂w(r_t, x_t)
/// ```
///
/// Summed out, dL/dw = Σ_t Σ_{τ<t} (∂l/∂r_t)(∂r_t/∂r_{τ+1}) Δt ∂F/∂w(r_τ): the
/// same sum RTRL accumulates forward, taken in the other order. Both are exact
/// for the discrete map, so they agree to rounding.
///
/// Cost: one vector–Jacobian product a step, O(n²) for the rate network (no
/// n × m matrix is formed), and O(nT) memory for the stored states and adjoints.
/// The parameter sum is left to the model (`parameterVJPSum`), which for the
/// rate network is one matrix product over the whole trajectory.
///
/// For `RateNetwork` the same recursion runs on preallocated buffers with φ
/// evaluated once per state (`rateNetworkGradient`, `BPTT+RateNetwork.swift`):
/// same states bit for bit, gradient equal to rounding.
public enum BPTT {
    public struct Result: Sendable {
        public var loss: Double
        public var gradient: [Double]
        public var states: [[Double]]
        /// a₀ … a_T, a_t = dL/dr_t (a₀ is the gradient with respect to r₀).
        public var adjoints: [[Double]]
    }

    /// What a gradient keeps besides the loss and dL/dw.
    public struct Recording: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// r₀ … r_T.
        public static let states = Recording(rawValue: 1)
        /// a₀ … a_T.
        public static let adjoints = Recording(rawValue: 2)
    }

    /// The loss, dL/dw and, as `recording` asks (default: both), the states and
    /// the adjoints; what is not recorded comes back empty.
    public static func gradient<S: DynamicalSystem>(_ problem: TrajectoryProblem<S>,
                                                    recording: Recording = [.states, .adjoints]) -> Result {
        if let problem = problem as? TrajectoryProblem<RateNetwork>, problem.system.stateCount > 0 {
            return rateNetworkGradient(problem, recording: recording)
        }
        let system = problem.system
        let T = problem.stepCount, Δt = problem.timeStep
        let states = problem.simulate()
        var adjoints = [[Double]](repeating: [], count: T + 1)
        var a = T > 0 ? problem.loss.gradient(state: states[T], step: T) : [Double](repeating: 0, count: system.stateCount)
        adjoints[T] = a
        var scaled = [[Double]](repeating: [], count: T)          // Δt a_{t+1}, t = 0 … T−1
        for t in stride(from: T - 1, through: 0, by: -1) {
            let x = problem.inputs[t]
            scaled[t] = a.map { Δt * $0 }
            let aJ = system.stateVJP(a, state: states[t], input: x)
            var previous = a
            for i in previous.indices { previous[i] += Δt * aJ[i] }
            if t >= 1 {
                let g = problem.loss.gradient(state: states[t], step: t)
                for i in previous.indices { previous[i] += g[i] }
            }
            a = previous
            adjoints[t] = a
        }
        let gradient = system.parameterVJPSum(adjoints: scaled, states: Array(states.prefix(T)),
                                              inputs: problem.inputs)
        return Result(loss: problem.loss.value(states: states), gradient: gradient,
                      states: recording.contains(.states) ? states : [],
                      adjoints: recording.contains(.adjoints) ? adjoints : [])
    }
}
