/// LSTM-like units in kernel form (`KernelNetwork`), the second seed's "general notation"
/// (paper appendix only, no published code): N units, 6N nodes, R = 1.
///
/// ```
/// output   x_n(t)      = ζ01(x_{n+3N}(t)) ζ−11(x_{n+N}(t))                                   (no weight)
/// state    x_{n+N}(t)  = ζ01(x_{n+4N}(t)) x_{n+N}(t−1) + ζ01(x_{n+5N}(t)) ζ−11(x_{n+2N}(t))   (no weight)
/// gate     x_{n+2N}(t) = α_n + Σ_k W_nk x_k(t−1) + Σ_m V_nm i_m(t−1)                         (α_n, W_n·, V_n·)
/// out      x_{n+3N}(t) = α_n + P_n x_{n+N}(t−1) + Σ_k W_nk x_k(t−1) + Σ_m V_nm i_m(t−1)      (α_n, P_n, W_n·, V_n·)
/// forget   x_{n+4N}(t) = (same form, its own weights)
/// in       x_{n+5N}(t) = (same form, its own weights)
/// ```
///
/// In the seed's letters: x = ζ01(y_out) ζ−11(s), s(t) = ζ01(y_forget) s(t−1) + ζ01(y_in) ζ−11(g),
/// with ζ01 = ζ_[0,1], ζ−11 = ζ_[−1,1] (= tanh), P_n the peephole weight on the unit's own
/// s(t−1). The gate and the three modulators read every unit's output x_k(t−1), the unit's
/// own included (the seed's Σ_{n′}). The offsets α are not in the seed; as in the other unit
/// types they are fixed at 0 by default, so the default network is the seed's.
///
/// The layout follows the kernel-form rule: weighted linear combinations in their own nodes,
/// non-linearities in parameter-free nodes of lower index that read them in the same step.
/// Same-step reads all go to higher indices (output → state, y_out; state → g, y_forget,
/// y_in); the linear nodes read only t − 1. The outputs are nodes 0 ..< N.
///
/// Kernels of a linear node (d = 0 … D_n): gate [0, 1, x_k(t−1), i_m(t−1)];
/// modulator [0, 1, x_{n+N}(t−1), x_k(t−1), i_m(t−1)].
///
/// Non-zero β (s = x_{n+N}, g = x_{n+2N}, y_o, y_f, y_i = x_{n+3N}, x_{n+4N}, x_{n+5N}):
/// - output n to y_o(t): ζ01′(y_o(t)) ζ−11(s(t)); to s(t): ζ01(y_o(t)) ζ−11′(s(t));
/// - state n+N to s(t−1): ζ01(y_f(t)); to y_f(t): ζ01′(y_f(t)) s(t−1);
///   to y_i(t): ζ01′(y_i(t)) ζ−11(g(t)); to g(t): ζ01(y_i(t)) ζ−11′(g(t));
/// - gate n+2N to x_k(t−1): W_nk;
/// - modulator to x_{n+N}(t−1): P_n; to x_k(t−1): W_nk.
public struct LongShortTermMemoryNetwork: KernelNetwork {
    public let units: Int
    public let inputCount: Int
    public var weights: KernelWeights
    /// ζ01 = ζ_[0,1], the modulators' squashing.
    public let ζ01 = BoundedSigmoid(lower: 0, upper: 1)
    /// ζ−11 = ζ_[−1,1] (= tanh), the squashing of the state and of the gate.
    public let ζ11 = BoundedSigmoid(lower: -1, upper: 1)

    /// The six nodes of a unit: unit n's node of role r is r.rawValue · N + n.
    public enum Role: Int, Sendable, CaseIterable {
        case output = 0, state, gate, outputModulator, forgetModulator, inputModulator
    }

    /// `offset`, `peephole`, `connections`: the status of α, P and of W and V;
    /// `value(n, d)` the initial weights (d counted from 1, in the kernel order above).
    public init(units: Int, inputs: Int, offset: KernelWeights.Status = .fixed,
                peephole: KernelWeights.Status = .free, connections: KernelWeights.Status = .free,
                value: (Int, Int) -> Double = { _, _ in 0 }) {
        precondition(units > 0 && inputs >= 0, "an LSTM network needs units > 0 and inputs ≥ 0")
        self.units = units
        self.inputCount = inputs
        let n = units
        let links = [KernelWeights.Status](repeating: connections, count: n + inputs)
        let status: [[KernelWeights.Status]] = (0..<(6 * n)).map { node in
            switch Role(rawValue: node / n)! {
            case .output, .state: []
            case .gate: [offset] + links
            case .outputModulator, .forgetModulator, .inputModulator: [offset, peephole] + links
            }
        }
        weights = KernelWeights(status: status, value: value)
    }

    public var nodeCount: Int { 6 * units }
    public var outputCount: Int { units }
    public var window: Int { 1 }

    /// The node of `role` in unit `unit`: role.rawValue · N + unit.
    public func index(_ role: Role, unit: Int) -> Int { role.rawValue * units + unit }

    /// The role and the unit of a node.
    public func role(of node: Int) -> (role: Role, unit: Int) { (Role(rawValue: node / units)!, node % units) }

    public func kernels(node: Int, time t: Int, states x: [[Double]], inputs i: [[Double]]) -> [Double] {
        let (role, unit) = role(of: node)
        let s = index(.state, unit: unit)
        func past(_ k: Int) -> Double { t > 0 ? x[t - 1][k] : 0 }
        let feedback = (0..<units).map(past) + (0..<inputCount).map { m in t > 0 ? i[t - 1][m] : 0 }
        switch role {
        case .output:
            return [ζ01.value(x[t][index(.outputModulator, unit: unit)]) * ζ11.value(x[t][s])]
        case .state:
            let forget = ζ01.value(x[t][index(.forgetModulator, unit: unit)])
            let input = ζ01.value(x[t][index(.inputModulator, unit: unit)])
            return [forget * past(s) + input * ζ11.value(x[t][index(.gate, unit: unit)])]
        case .gate:
            return [0, 1] + feedback
        case .outputModulator, .forgetModulator, .inputModulator:
            return [0, 1, past(s)] + feedback
        }
    }

    public func dependencies(node: Int, time t: Int) -> [(node: Int, time: Int)] {
        let (role, unit) = role(of: node)
        let s = index(.state, unit: unit)
        let outputs: [(node: Int, time: Int)] = t > 0 ? (0..<units).map { ($0, t - 1) } : []
        switch role {
        case .output:
            return [(s, t), (index(.outputModulator, unit: unit), t)]
        case .state:
            return [(index(.gate, unit: unit), t), (index(.forgetModulator, unit: unit), t),
                    (index(.inputModulator, unit: unit), t)] + (t > 0 ? [(s, t - 1)] : [])
        case .gate:
            return outputs
        case .outputModulator, .forgetModulator, .inputModulator:
            return outputs + (t > 0 ? [(s, t - 1)] : [])
        }
    }

    public func kernelDerivatives(node: Int, time t: Int, withRespectTo other: Int, time t2: Int,
                                  states x: [[Double]], inputs i: [[Double]]) -> [Double] {
        let (role, unit) = role(of: node)
        let s = index(.state, unit: unit)
        var d = [Double](repeating: 0, count: weights.dimension(node) + 1)
        switch role {
        case .output:
            guard t2 == t else { break }
            let yOut = x[t][index(.outputModulator, unit: unit)]
            if other == index(.outputModulator, unit: unit) { d[0] = ζ01.derivative(yOut) * ζ11.value(x[t][s]) }
            if other == s { d[0] = ζ01.value(yOut) * ζ11.derivative(x[t][s]) }
        case .state:
            let g = x[t][index(.gate, unit: unit)]
            let yForget = x[t][index(.forgetModulator, unit: unit)], yIn = x[t][index(.inputModulator, unit: unit)]
            if t2 == t - 1 && other == s { d[0] = ζ01.value(yForget) }
            guard t2 == t else { break }
            if other == index(.forgetModulator, unit: unit) { d[0] = ζ01.derivative(yForget) * (t > 0 ? x[t - 1][s] : 0) }
            if other == index(.inputModulator, unit: unit) { d[0] = ζ01.derivative(yIn) * ζ11.value(g) }
            if other == index(.gate, unit: unit) { d[0] = ζ01.value(yIn) * ζ11.derivative(g) }
        case .gate:
            if t2 == t - 1 && other < units { d[2 + other] = 1 }
        case .outputModulator, .forgetModulator, .inputModulator:
            guard t2 == t - 1 else { break }
            if other == s { d[2] = 1 }
            if other < units { d[3 + other] = 1 }
        }
        return d
    }
}
