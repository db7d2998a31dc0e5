extension BPTT {
    /// BPTT for the rate network, the toolkit's main model: the recursion of
    /// `gradient(_:)` on preallocated column-major buffers.
    ///
    /// - Φ (n × T) keeps φ(r₀) … φ(r_{T−1}) from the forward pass; they serve
    ///   φ′ in the backward pass and ∂L/∂W, so φ is evaluated once per state.
    /// - V (n × T) gathers Δt a_{t+1}; the states and adjoints are written
    ///   straight into the arrays returned. Apart from those, a step allocates
    ///   nothing, and the big buffers come from `ScratchPool`.
    /// - The parameter gradient is `RateNetwork.parameterVJPSum(v:φ:x:count:into:)`:
    ///   dgemm V Φᵀ with a transpose flag, no transposed copy.
    static func rateNetworkGradient(_ problem: TrajectoryProblem<RateNetwork>) -> Result {
        let network = problem.system
        let n = network.stateCount, k = network.inputCount, T = problem.stepCount
        let Δt = problem.timeStep
        var states = [problem.initialState]
        var adjoints = [[Double]](repeating: [], count: T + 1)
        var gradient = [Double](repeating: 0, count: network.parameterCount)
        states.reserveCapacity(T + 1)

        RateKernels.with(network) { kernels in
            ScratchPool.shared.withBuffers([n * T, n * T, k * T, n]) { buffers in
                let Φ = buffers[0], V = buffers[1], X = buffers[2], slope = buffers[3]

                // Forward: r_{t+1} = r_t + Δt F(r_t, x_t), keeping φ(r_t).
                for t in 0..<T {
                    let x = problem.inputs[t]
                    for j in 0..<k { X[j + t * k] = x[j] }
                    let next = states[t].withUnsafeBufferPointer { r in
                        kernels.activate(r.baseAddress!, into: Φ + t * n)
                        return [Double](unsafeUninitializedCapacity: n) { next, count in
                            kernels.eulerStep(r.baseAddress!, values: Φ + t * n, input: X + t * k,
                                              timeStep: Δt, into: next.baseAddress!)
                            count = n
                        }
                    }
                    states.append(next)
                }

                // Backward: a_T = ∂l/∂r_T, a_t = a_{t+1} + Δt a_{t+1}ᵀ J_t + ∂l/∂r_t.
                adjoints[T] = [Double](repeating: 0, count: n)
                if T > 0 {
                    adjoints[T].withUnsafeMutableBufferPointer { a in
                        states[T].withUnsafeBufferPointer { r in
                            problem.loss.addGradient(state: r.baseAddress!, step: T, to: a.baseAddress!)
                        }
                    }
                }
                for t in stride(from: T - 1, through: 0, by: -1) {
                    adjoints[t] = adjoints[t + 1].withUnsafeBufferPointer { next in
                        let next = next.baseAddress!
                        for i in 0..<n { V[i + t * n] = Δt * next[i] }
                        kernels.slopes(Φ + t * n, into: slope)
                        return [Double](unsafeUninitializedCapacity: n) { a, count in
                            kernels.adjointStep(next, slopes: slope, timeStep: Δt, into: a.baseAddress!)
                            if t >= 1 {
                                states[t].withUnsafeBufferPointer { r in
                                    problem.loss.addGradient(state: r.baseAddress!, step: t, to: a.baseAddress!)
                                }
                            }
                            count = n
                        }
                    }
                }

                gradient.withUnsafeMutableBufferPointer { g in
                    network.parameterVJPSum(v: V, φ: Φ, x: X, count: T, into: g.baseAddress!)
                }
            }
        }
        return Result(loss: problem.loss.value(states: states), gradient: gradient,
                      states: states, adjoints: adjoints)
    }
}
