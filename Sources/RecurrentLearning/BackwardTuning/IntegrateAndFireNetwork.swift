/// Integrate-and-fire units with approximate spikes, in kernel form (`KernelNetwork`):
/// N units, 2N nodes, R = 1.
///
/// ```
/// sharpness  x_{n+N}(t) = ω_n (x_n(t−1) − ½)                                          (ω_n = 1/ε)
/// membrane   x_n(t) = γ_n ½(1 − ζ(x_{n+N}(t))) x_n(t−1) + α_n
///                     + Σ_k W_nk ζ(x_{k+N}(t)) + Σ_m V_nm i_m(t−1)                    (γ_n, α_n, W_n·, V_n·)
/// ```
///
/// ζ(x_{k+N}) = ζ(ω_k (v_k − ½)) is unit k's spike probability: threshold ½, sharpness ω,
/// reset towards 0 through the leak term. The ½ on the leak kernel is the published code's.
/// Non-zero β: membrane n to x_n(t−1): γ_n ½(1 − ζ(x_{n+N}(t))); to x_{k+N}(t):
/// W_nk ζ′(x_{k+N}(t)), minus γ_n ½ ζ′ x_n(t−1) when k = n; sharpness n+N to x_n(t−1): ω_n.
public struct IntegrateAndFireNetwork: KernelNetwork {
    public let units: Int
    public let inputCount: Int
    public var weights: KernelWeights
    public let ζ = BoundedSigmoid()

    /// `leak`, `offset`, `sharpness`, `connections`: the status of γ, α, ω and of W and V;
    /// `value(n, d)` the initial weights.
    public init(units: Int, inputs: Int, leak: KernelWeights.Status, offset: KernelWeights.Status,
                sharpness: KernelWeights.Status, connections: KernelWeights.Status = .free,
                value: (Int, Int) -> Double = { _, _ in 0 }) {
        self.units = units
        self.inputCount = inputs
        let n = units
        let links = [KernelWeights.Status](repeating: connections, count: n + inputs)
        weights = KernelWeights(status: (0..<(2 * n)).map { node in node < n ? [leak, offset] + links : [sharpness] },
                                value: value)
    }

    public var nodeCount: Int { 2 * units }
    public var outputCount: Int { units }
    public var window: Int { 1 }

    public func kernels(node: Int, time t: Int, states x: [[Double]], inputs i: [[Double]]) -> [Double] {
        let n = units
        func past(_ k: Int) -> Double { t > 0 ? x[t - 1][k] : 0 }
        if node >= n { return [0, past(node - n) - 0.5] }
        let leak = 0.5 * (1 - ζ.value(x[t][node + n])) * past(node)
        return [0, leak, 1] + (0..<n).map { k in ζ.value(x[t][k + n]) } + (0..<inputCount).map { m in t > 0 ? i[t - 1][m] : 0 }
    }

    public func value(node: Int, time t: Int, states x: [[Double]], inputs i: [[Double]]) -> Double {
        let n = units, w = weights.values[node]
        if node >= n { return w[0] * ((t > 0 ? x[t - 1][node - n] : 0) - 0.5) }
        let now = x[t]
        var sum = w[1]
        if t > 0 { sum += w[0] * 0.5 * (1 - ζ.value(now[node + n])) * x[t - 1][node] }
        for k in 0..<n { sum += w[2 + k] * ζ.value(now[k + n]) }
        if t > 0 { for m in 0..<inputCount { sum += w[2 + n + m] * i[t - 1][m] } }
        return sum
    }

    public func dependencies(node: Int, time t: Int) -> [(node: Int, time: Int)] {
        let n = units
        if node >= n { return t > 0 ? [(node - n, t - 1)] : [] }
        return (n..<(2 * n)).map { ($0, t) } + (t > 0 ? [(node, t - 1)] : [])
    }

    public func kernelDerivatives(node: Int, time t: Int, withRespectTo other: Int, time t2: Int,
                                  states x: [[Double]], inputs i: [[Double]]) -> [Double] {
        let n = units
        var d = [Double](repeating: 0, count: weights.dimension(node) + 1)
        if node >= n {
            if t2 == t - 1 && other == node - n { d[1] = 1 }
            return d
        }
        if t2 == t - 1 && other == node { d[1] = 0.5 * (1 - ζ.value(x[t][node + n])) }
        if t2 == t && other >= n {
            let k = other - n, slope = ζ.derivative(x[t][other])
            d[3 + k] = slope
            if k == node { d[1] = -0.5 * slope * (t > 0 ? x[t - 1][node] : 0) }
        }
        return d
    }
}
