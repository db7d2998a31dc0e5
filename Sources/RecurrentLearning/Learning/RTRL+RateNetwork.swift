import CRateKernels

extension RTRL {
    /// RTRL for the rate network, the toolkit's main model: the recursion of
    /// `gradient(_:recordSensitivities:)` on preallocated buffers.
    ///
    /// - p and the next p are two n × m buffers (from `ScratchPool`) swapped
    ///   each step; nothing is allocated in the loop except the state r_{t+1}
    ///   returned (and p_{t+1} when the sensitivities are recorded).
    /// - p_{t+1} = S p_t + Δt ∂F/∂w is one `rl_matrix_product` (it overwrites,
    ///   so `next` is never zeroed by hand), then the n² + nk + n non-zeros of
    ///   Δt ∂F/∂w are added in place. The kernel keeps a register tile of the
    ///   product and reads p in place; a BLAS dgemm repacks all of p every
    ///   step, which at n = 32 (p is 32 × 1088) cost it a third of its rate
    ///   (bench: 63 % of the square-dgemm rate with dgemm, 83 % with the kernel).
    /// - S = I + Δt J_t is filled into one n × n buffer from W and φ′(r_t);
    ///   φ(r_t) is evaluated once and serves J_t, ∂F/∂W and the Euler step.
    /// - dL/dw += (∂l/∂r_{t+1})ᵀ p_{t+1} reads only the read-out rows of p
    ///   (∂l/∂r is zero elsewhere), not an n-row dgemv.
    static func rateNetworkGradient(_ problem: TrajectoryProblem<RateNetwork>,
                                    recordSensitivities: Bool) -> Result {
        let network = problem.system
        let n = network.stateCount, k = network.inputCount, m = network.parameterCount
        let T = problem.stepCount, Δt = problem.timeStep, τ = network.timeConstant
        let a = Δt / τ
        var gradient = [Double](repeating: 0, count: m)
        var states = [problem.initialState]
        states.reserveCapacity(T + 1)
        var sensitivities: [Matrix] = []
        if recordSensitivities { sensitivities = [Matrix(rows: n, columns: m)] }
        let readout = problem.loss.readout, scale = Double(T)

        RateKernels.with(network) { kernels in
            ScratchPool.shared.withBuffers([n * m, n * m, n * n, n, n, k]) { buffers in
                var p = buffers[0], next = buffers[1]
                let S = buffers[2], φ = buffers[3], slope = buffers[4], x = buffers[5]
                p.update(repeating: 0, count: n * m)                       // p₀ = 0
                for t in 0..<T {
                    for j in 0..<k { x[j] = problem.inputs[t][j] }
                    let r = states[t]
                    r.withUnsafeBufferPointer { kernels.activate($0.baseAddress!, into: φ) }
                    for i in 0..<n { slope[i] = network.activation.slope(fromValue: φ[i]) }
                    // S = I + Δt J_t, J_t = (−I + W diag φ′(r_t))/τ, as `stateJacobian`.
                    for c in 0..<n {
                        let column = S + c * n, wc = kernels.w + c * n, sc = slope[c]
                        for i in 0..<n { column[i] = Δt * (wc[i] * sc / τ) }
                        column[c] = Δt * (wc[c] * sc / τ - 1 / τ) + 1
                    }
                    // p_{t+1} = S p_t + Δt ∂F/∂w(r_t, x_t): the product, then the non-zeros
                    // a φ_j at (i, W_ij), a x_j at (i, U_ij), a at (i, b_i).
                    rl_matrix_product(n, n, m, S, n, p, n, next, n)
                    for j in 0..<n {
                        let φj = a * φ[j], block = next + j * n * n
                        for i in 0..<n { block[i + i * n] += φj }
                    }
                    for j in 0..<k {
                        let xj = a * x[j], block = next + (n * n + j * n) * n
                        for i in 0..<n { block[i + i * n] += xj }
                    }
                    let biasBlock = next + (n * n + n * k) * n
                    for i in 0..<n { biasBlock[i + i * n] += a }
                    swap(&p, &next)
                    // r_{t+1}, from r_t (the sensitivities above used the state before the step)
                    let rNext = r.withUnsafeBufferPointer { r in
                        [Double](unsafeUninitializedCapacity: n) { rNext, count in
                            kernels.eulerStep(r.baseAddress!, values: φ, input: x, timeStep: Δt,
                                              into: rNext.baseAddress!)
                            count = n
                        }
                    }
                    states.append(rNext)
                    if recordSensitivities {
                        sensitivities.append(Matrix(rows: n, columns: m,
                                                    elements: Array(UnsafeBufferPointer(start: p, count: n * m))))
                    }
                    // dL/dw += (∂l/∂r_{t+1})ᵀ p_{t+1}: row o of p for each read-out o
                    let y = problem.loss.targets[t]
                    gradient.withUnsafeMutableBufferPointer { g in
                        for (j, o) in readout.enumerated() {
                            let e = (rNext[o] - y[j]) / scale
                            for c in 0..<m { g[c] += e * p[o + c * n] }
                        }
                    }
                }
            }
        }
        return Result(loss: problem.loss.value(states: states), gradient: gradient,
                      states: states, sensitivities: sensitivities)
    }
}
