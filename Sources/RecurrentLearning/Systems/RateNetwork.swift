import CRateKernels

/// Rate network:  τ dr/dt = −r + W φ(r) + U x + b
///
/// - state r ∈ ℝⁿ (rates), input x ∈ ℝᵏ, time constant τ (same unit as Δt).
/// - parameters, flattened in this order: W (n × n, column-major), U (n × k,
///   column-major), b (n).
///
/// Mathematical properties:
/// - `stateJacobian(r)` = (−I + W diag φ′(r)) / τ.
/// - ∂F_i/∂W_ij = φ(r_j)/τ,  ∂F_i/∂U_ij = x_j/τ,  ∂F_i/∂b_i = 1/τ.
/// - vᵀ ∂F/∂W = v φ(r)ᵀ/τ (an outer product), so BPTT costs O(n²) a step; over
///   a trajectory Σ_t v_t φ(r_t)ᵀ is one matrix product (`RateNetworkLinearization`).
/// - At a fixed point r*, `rate(r*, x) == 0`.
public struct RateNetwork: DynamicalSystem {
    public var weights: Matrix
    public var inputWeights: Matrix
    public var bias: [Double]
    public var activation: Activation
    /// τ, in the unit of the time step.
    public var timeConstant: Double

    public init(weights: Matrix, inputWeights: Matrix, bias: [Double],
                activation: Activation = .tanh, timeConstant: Double = 1) {
        precondition(weights.isSquare, "W must be square, got \(weights.rows) × \(weights.columns)")
        precondition(inputWeights.rows == weights.rows, "U has \(inputWeights.rows) rows, W has \(weights.rows)")
        precondition(bias.count == weights.rows, "b has \(bias.count) entries, W has \(weights.rows) rows")
        precondition(timeConstant > 0, "τ must be positive, got \(timeConstant)")
        self.weights = weights
        self.inputWeights = inputWeights
        self.bias = bias
        self.activation = activation
        self.timeConstant = timeConstant
    }

    /// A random network: W_ij ~ N(0, g²/n) (g is the gain; g < 1 keeps the
    /// linearised dynamics contracting), U_ij ~ N(0, 1), b_i ~ N(0, 0.1²).
    public init(units n: Int, inputs k: Int, gain g: Double = 0.9, activation: Activation = .tanh,
                timeConstant: Double = 1, using rng: inout SeededGenerator) {
        let wDist = NormalDistribution(standardDeviation: g / Double(n).squareRoot())
        let w = Matrix(rows: n, columns: n, elements: wDist.samples(n * n, using: &rng))
        let u = Matrix(rows: n, columns: k, elements: NormalDistribution().samples(n * k, using: &rng))
        let b = NormalDistribution(standardDeviation: 0.1).samples(n, using: &rng)
        self.init(weights: w, inputWeights: u, bias: b, activation: activation, timeConstant: timeConstant)
    }

    public var stateCount: Int { weights.rows }
    public var inputCount: Int { inputWeights.columns }
    public var parameterCount: Int { stateCount * stateCount + stateCount * inputCount + stateCount }

    public var parameterNames: [String] {
        let n = stateCount, k = inputCount
        var names: [String] = []
        for j in 0..<n { for i in 0..<n { names.append("W[\(i),\(j)]") } }
        for j in 0..<k { for i in 0..<n { names.append("U[\(i),\(j)]") } }
        for i in 0..<n { names.append("b[\(i)]") }
        return names
    }

    public var parameters: [Double] {
        get { weights.elements + inputWeights.elements + bias }
        set {
            let n = stateCount, k = inputCount
            precondition(newValue.count == n * n + n * k + n,
                         "RateNetwork(n: \(n), k: \(k)) has \(n * n + n * k + n) parameters, got \(newValue.count)")
            weights.elements = Array(newValue[0..<(n * n)])
            inputWeights.elements = Array(newValue[(n * n)..<(n * n + n * k)])
            bias = Array(newValue[(n * n + n * k)...])
        }
    }

    /// F through the fused kernel `rl_rate_field`: (W φ)_i summed over j in
    /// order with fused multiply-adds (from n = 512 on, in eight panels of columns,
    /// as `rl_rate_field` states), then (−r + Wφ + Ux + b)/τ in that order.
    /// `RateNetworkLinearization` steps with the same kernel, so RTRL's and BPTT's states
    /// are bit for bit those of `simulate`.
    public func rate(_ r: [Double], input x: [Double]) -> [Double] {
        precondition(r.count == stateCount && x.count == inputCount,
                     "RateNetwork(n: \(stateCount), k: \(inputCount)) got r of \(r.count), x of \(x.count)")
        let n = stateCount, k = inputCount
        var φ = [Double](repeating: 0, count: n)
        r.withUnsafeBufferPointer { pr in
            φ.withUnsafeMutableBufferPointer { pφ in
                if n > 0 { activation.apply(pr.baseAddress!, into: pφ.baseAddress!, count: n) }
            }
        }
        var panels = [Double](repeating: 0, count: n >= Int(RL_PANEL_SIZE) ? (Int(RL_PANELS) - 1) * n : 0)
        return [Double](unsafeUninitializedCapacity: n) { F, count in
            withStorage { w, u, b in
                r.withUnsafeBufferPointer { pr in
                    φ.withUnsafeBufferPointer { pφ in
                        x.withUnsafeBufferPointer { px in
                            panels.withUnsafeMutableBufferPointer { scratch in
                                if n > 0 {
                                    rl_rate_field(n, k, w, u, b, timeConstant, pr.baseAddress!, pφ.baseAddress!,
                                                  k > 0 ? px.baseAddress! : nil, scratch.baseAddress, 0, F.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
            count = n
        }
    }

    public func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        let n = stateCount, τ = timeConstant
        let scale = r.map { activation.derivative($0) / τ }
        let elements = weights.elements.withUnsafeBufferPointer { W in
            [Double](unsafeUninitializedCapacity: n * n) { J, count in   // column c: W[:, c] φ′(r_c)/τ, then −1/τ on the diagonal
                for c in 0..<n {
                    let sc = scale[c]
                    for i in 0..<n { J[i + c * n] = W[i + c * n] * sc }
                    J[c + c * n] -= 1 / τ
                }
                count = n * n
            }
        }
        return Matrix(rows: n, columns: n, elements: elements)
    }

    public func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        let n = stateCount, k = inputCount, τ = timeConstant
        let φ = r.map(activation.value)
        var d = Matrix(rows: n, columns: n * n + n * k + n)
        for j in 0..<n { for i in 0..<n { d[i, i + j * n] = φ[j] / τ } }
        for j in 0..<k { for i in 0..<n { d[i, n * n + i + j * n] = x[j] / τ } }
        for i in 0..<n { d[i, n * n + n * k + i] = 1 / τ }
        return d
    }
}
