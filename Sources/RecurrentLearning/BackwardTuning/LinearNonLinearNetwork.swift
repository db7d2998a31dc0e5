/// Linear–non-linear units in kernel form (`KernelNetwork`): N units, 3N nodes, R = 1.
///
/// ```
/// output  x_n(t)     = x_{n+N}(t) + ζ(x_{n+2N}(t))                                   (no weight)
/// leak    x_{n+N}(t) = γ_n x_n(t−1)                                                  (γ_n)
/// drive   x_{n+2N}(t) = α_n + Σ_k W_nk x_k(t−1) + Σ_m V_nm i_m(t−1)                   (α_n, W_n·, V_n·)
/// ```
///
/// ζ = ζ_[0,1]. Only the unit outputs feed back, always one step late.
/// Non-zero β: output n to x_{n+N}(t): 1, to x_{n+2N}(t): ζ′(x_{n+2N}(t)); leak n+N to
/// x_n(t−1): γ_n; drive n+2N to x_k(t−1): W_nk.
public struct LinearNonLinearNetwork: KernelNetwork {
    public let units: Int
    public let inputCount: Int
    public var weights: KernelWeights
    public let ζ = BoundedSigmoid()

    /// `leak`, `offset`, `recurrent`, `input`: the status of γ, α, W and V; `value(n, d)` the initial weights.
    public init(units: Int, inputs: Int, leak: KernelWeights.Status, offset: KernelWeights.Status,
                connections: KernelWeights.Status = .free, value: (Int, Int) -> Double = { _, _ in 0 }) {
        self.units = units
        self.inputCount = inputs
        let n = units
        let links = [KernelWeights.Status](repeating: connections, count: n + inputs)
        weights = KernelWeights(status: (0..<(3 * n)).map { node in node < n ? [] : node < 2 * n ? [leak] : [offset] + links },
                                value: value)
    }

    public var nodeCount: Int { 3 * units }
    public var outputCount: Int { units }
    public var window: Int { 1 }

    public func kernels(node: Int, time t: Int, states x: [[Double]], inputs i: [[Double]]) -> [Double] {
        let n = units
        func past(_ k: Int) -> Double { t > 0 ? x[t - 1][k] : 0 }
        if node < n { return [x[t][node + n] + ζ.value(x[t][node + 2 * n])] }
        if node < 2 * n { return [0, past(node - n)] }
        return [0, 1] + (0..<n).map(past) + (0..<inputCount).map { m in t > 0 ? i[t - 1][m] : 0 }
    }

    public func value(node: Int, time t: Int, states x: [[Double]], inputs i: [[Double]]) -> Double {
        let n = units
        if node < n { return x[t][node + n] + ζ.value(x[t][node + 2 * n]) }
        let w = weights.values[node]
        if node < 2 * n { return t > 0 ? w[0] * x[t - 1][node - n] : 0 }
        var sum = w[0]
        guard t > 0 else { return sum }
        let past = x[t - 1]
        for k in 0..<n { sum += w[1 + k] * past[k] }
        for m in 0..<inputCount { sum += w[1 + n + m] * i[t - 1][m] }
        return sum
    }

    public func dependencies(node: Int, time t: Int) -> [(node: Int, time: Int)] {
        let n = units
        if node < n { return [(node + n, t), (node + 2 * n, t)] }
        guard t > 0 else { return [] }
        return node < 2 * n ? [(node - n, t - 1)] : (0..<n).map { ($0, t - 1) }
    }

    public func kernelDerivatives(node: Int, time t: Int, withRespectTo other: Int, time t2: Int,
                                  states x: [[Double]], inputs i: [[Double]]) -> [Double] {
        let n = units
        var d = [Double](repeating: 0, count: weights.dimension(node) + 1)
        if node < n {
            if t2 == t && other == node + n { d[0] = 1 }
            if t2 == t && other == node + 2 * n { d[0] = ζ.derivative(x[t][node + 2 * n]) }
        } else if node < 2 * n {
            if t2 == t - 1 && other == node - n { d[1] = 1 }
        } else if t2 == t - 1 && other < n {
            d[2 + other] = 1
        }
        return d
    }
}
