/// Real-time recurrent learning: carry the sensitivities p_t = dr_t/dw
/// forward with the state.
///
/// Continuous time:  dp/dt = J(r) p + ∂F/∂w.  Differentiating the Euler step
/// r_{t+1} = r_t + Δt F(r_t, x_t) with respect to w gives its exact discrete form
///
/// ```
/// p₀      = 0                                           (r₀ does not depend on w)
/// p_{t+1} = (I + Δt J_t) p_t + Δt ∂F/∂w(r_t, x_t)        J_t = J(r_t, x_t)
/// dL/dw   = Σ_{t=1}^{T} (∂l/∂r_t)ᵀ p_t
/// ```
///
/// Note the order: p_{t+1} uses r_t, the state *before* the update. Using
/// r_{t+1} (updating r first) adds an O(Δt) error to the gradient.
///
/// Cost: p is n × m, so one step is an (n × n)(n × m) product, O(n²m) time,
/// O(nm) memory, independent of T: the gradient is ready as soon as the
/// sequence ends, with no stored past.
///
/// For `RateNetwork` the same recursion runs on preallocated buffers, one
/// dgemm and no allocation per step (`rateNetworkGradient`,
/// `RTRL+RateNetwork.swift`): same states bit for bit, gradient equal to rounding.
public enum RTRL {
    public struct Result: Sendable {
        public var loss: Double
        public var gradient: [Double]
        public var states: [[Double]]
        /// p₀ … p_T (n × m each) when asked for, otherwise empty.
        public var sensitivities: [Matrix]
    }

    public static func gradient<S: DynamicalSystem>(_ problem: TrajectoryProblem<S>,
                                                    recordSensitivities: Bool = false) -> Result {
        if let problem = problem as? TrajectoryProblem<RateNetwork>, problem.system.stateCount > 0 {
            return rateNetworkGradient(problem, recordSensitivities: recordSensitivities)
        }
        let system = problem.system
        let n = system.stateCount, m = system.parameterCount, Δt = problem.timeStep
        var r = problem.initialState
        var p = Matrix(rows: n, columns: m)                     // n × m
        var next = Matrix(rows: n, columns: m)
        var gradient = [Double](repeating: 0, count: m)
        var states = [r]
        states.reserveCapacity(problem.stepCount + 1)
        var sensitivities = recordSensitivities ? [p] : []
        for (t, x) in problem.inputs.enumerated() {
            // I + Δt J_t, at the state before the step
            var step = system.stateJacobian(r, input: x)
            for i in step.elements.indices { step.elements[i] *= Δt }
            for i in 0..<n { step[i, i] += 1 }
            // p_{t+1} = (I + Δt J_t) p_t + Δt ∂F/∂w(r_t, x_t)
            for i in next.elements.indices { next.elements[i] = 0 }
            system.addParameterJacobian(to: &next, scaledBy: Δt, state: r, input: x)
            next.addProduct(step, p)
            swap(&p, &next)
            r = Integrator.euler.step(system, state: r, input: x, timeStep: Δt)
            states.append(r)
            if recordSensitivities { sensitivities.append(p) }
            // dL/dw += (∂l/∂r_{t+1})ᵀ p_{t+1}
            let g = problem.loss.gradient(state: r, step: t + 1)
            let contribution = g * p
            for k in 0..<m { gradient[k] += contribution[k] }
        }
        return Result(loss: problem.loss.value(states: states), gradient: gradient,
                      states: states, sensitivities: sensitivities)
    }
}
