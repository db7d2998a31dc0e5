extension BPTT {
    /// BPTT for the rate network, the toolkit's main model: the recursion of
    /// `gradient(_:)` on preallocated column-major buffers.
    ///
    /// - R (n × (T+1)) holds r₀ … r_T, Φ (n × T) φ(r₀) … φ(r_{T−1}) (they serve
    ///   φ′ in the backward pass and ∂L/∂W, so φ is evaluated once per state)
    ///   and A (n × (T+1)) the adjoints a₀ … a_T. All come from `ScratchPool`:
    ///   a step allocates nothing and touches no fresh page; the states and
    ///   adjoints are copied out only when `recording` asks for them.
    /// - The parameter gradient is `RateNetwork.parameterVJPSum(v:φ:x:count:scale:into:)`
    ///   on a₁ … a_T scaled by Δt: dgemm A Φᵀ with a transpose flag, no copy.
    static func rateNetworkGradient(_ problem: TrajectoryProblem<RateNetwork>, recording: Recording) -> Result {
        let network = problem.system
        let n = network.stateCount, k = network.inputCount, T = problem.stepCount
        let Δt = problem.timeStep
        var gradient = [Double](repeating: 0, count: network.parameterCount)
        var states: [[Double]] = [], adjoints: [[Double]] = []
        var loss = 0.0

        RateKernels.with(network) { kernels in
            ScratchPool.shared.withBuffers([n * (T + 1), n * T, n * (T + 1), k * T]) { buffers in
                let R = buffers[0], Φ = buffers[1], A = buffers[2], X = buffers[3]
                problem.initialState.withUnsafeBufferPointer { R.update(from: $0.baseAddress!, count: n) }

                // Forward: r_{t+1} = r_t + Δt F(r_t, x_t), keeping φ(r_t).
                for t in 0..<T {
                    problem.inputs[t].withUnsafeBufferPointer { x in
                        for j in 0..<k { X[j + t * k] = x[j] }
                    }
                    kernels.activate(R + t * n, into: Φ + t * n)
                    kernels.eulerStep(R + t * n, values: Φ + t * n, input: X + t * k, timeStep: Δt,
                                      into: R + (t + 1) * n)
                }
                loss = problem.loss.value(states: R, dimension: n)

                // Backward: a_T = ∂l/∂r_T, a_t = a_{t+1} + Δt a_{t+1}ᵀ J_t + ∂l/∂r_t.
                let aT = A + T * n
                aT.update(repeating: 0, count: n)
                if T > 0 { problem.loss.addGradient(state: R + T * n, step: T, to: aT) }
                for t in stride(from: T - 1, through: 0, by: -1) {
                    kernels.adjointStep(A + (t + 1) * n, values: Φ + t * n, timeStep: Δt, into: A + t * n)
                    if t >= 1 { problem.loss.addGradient(state: R + t * n, step: t, to: A + t * n) }
                }

                gradient.withUnsafeMutableBufferPointer { g in
                    network.parameterVJPSum(v: A + n, φ: Φ, x: X, count: T, scale: Δt, into: g.baseAddress!)
                }
                if recording.contains(.states) { states = columns(R, dimension: n, count: T + 1) }
                if recording.contains(.adjoints) { adjoints = columns(A, dimension: n, count: T + 1) }
            }
        }
        return Result(loss: loss, gradient: gradient, states: states, adjoints: adjoints)
    }

    /// The `count` columns of an n-row column-major buffer, as arrays.
    private static func columns(_ p: UnsafePointer<Double>, dimension n: Int, count: Int) -> [[Double]] {
        (0..<count).map { t in Array(UnsafeBufferPointer(start: p + t * n, count: n)) }
    }
}
