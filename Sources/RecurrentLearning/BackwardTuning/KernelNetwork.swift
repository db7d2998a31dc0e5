import Foundation

/// A network in kernel form (the second seed's "firmware plus learnware"):
///
/// ```
/// x_n(t) = φ_n0(t) + Σ_{d=1..D_n} W_nd φ_nd(t),      n = 0 … N−1 nodes, t = 0 … T−1
/// ```
///
/// - φ_n0 is parameter-free; the weighted kernels φ_nd are learned through W_nd.
/// - A node may read x_n′(t′) for t − R ≤ t′ < t, or t′ = t with n′ > n: inside a step the
///   nodes are evaluated from N−1 down to 0. Inputs i_m(s) are read at s < t; x and i are 0
///   before t = 0. The outputs are the first `outputCount` nodes.
/// - The sensitivity of node n at t to node n′ at t′ is
///   β^{n′t′}_{nt} = ∂φ_n0(t)/∂x_n′(t′) + Σ_d W_nd ∂φ_nd(t)/∂x_n′(t′).
///
/// A conforming unit type provides the kernels and their derivatives; simulation,
/// β and estimation are written once here.
public protocol KernelNetwork: Sendable {
    var nodeCount: Int { get }
    var outputCount: Int { get }
    var inputCount: Int { get }
    /// R: how many steps back a node may read.
    var window: Int { get }
    /// The weights W_nd, d = 1 … D_n, stored as `weights[n][d − 1]`.
    var weights: KernelWeights { get set }
    /// φ_n0(t), φ_n1(t), …, φ_nD(t), from the states x (x[t][n], rows up to t filled for
    /// nodes above n) and the inputs i[s][m].
    func kernels(node n: Int, time t: Int, states x: [[Double]], inputs i: [[Double]]) -> [Double]
    /// The (n′, t′) that node n at t may read, i.e. where β^{n′t′}_{nt} may be non-zero:
    /// inside the window (t − R ≤ t′ < t, or t′ = t with n′ > n) and t′ ≥ 0.
    func dependencies(node n: Int, time t: Int) -> [(node: Int, time: Int)]
    /// x_n(t) = φ_n0(t) + Σ_d W_nd φ_nd(t). The default builds the kernels; a unit type may
    /// compute it without them, since every forward simulation of a line search runs through here.
    func value(node n: Int, time t: Int, states x: [[Double]], inputs i: [[Double]]) -> Double
    /// ∂φ_nd(t)/∂x_n′(t′) for d = 0 … D_n.
    func kernelDerivatives(node n: Int, time t: Int, withRespectTo n2: Int, time t2: Int,
                           states x: [[Double]], inputs i: [[Double]]) -> [Double]
}

extension KernelNetwork {
    /// x_n(t) for t = 0 … T−1, T = `inputs.count`: each step from the last node down to node 0.
    public func simulate(inputs i: [[Double]]) -> [[Double]] {
        var x = [[Double]](repeating: [Double](repeating: 0, count: nodeCount), count: i.count)
        for t in 0..<i.count {
            for n in stride(from: nodeCount - 1, through: 0, by: -1) {
                x[t][n] = value(node: n, time: t, states: x, inputs: i)
            }
        }
        return x
    }

    public func value(node n: Int, time t: Int, states x: [[Double]], inputs i: [[Double]]) -> Double {
        value(node: n, kernels: kernels(node: n, time: t, states: x, inputs: i))
    }

    /// φ_n0 + Σ_d W_nd φ_nd.
    public func value(node n: Int, kernels φ: [Double]) -> Double {
        var sum = φ[0]
        for (d, w) in weights.values[n].enumerated() { sum += w * φ[d + 1] }
        return sum
    }

    /// Every (n′, t′) in the window: the dependencies of a unit type that states none.
    public func windowDependencies(node n: Int, time t: Int) -> [(node: Int, time: Int)] {
        var all: [(node: Int, time: Int)] = ((n + 1)..<nodeCount).map { ($0, t) }
        for t2 in stride(from: t - 1, through: max(0, t - window), by: -1) { all += (0..<nodeCount).map { ($0, t2) } }
        return all
    }

    /// β^{n′t′}_{nt} = ∂φ_n0(t)/∂x_n′(t′) + Σ_d W_nd ∂φ_nd(t)/∂x_n′(t′).
    public func sensitivity(node n: Int, time t: Int, to n2: Int, time t2: Int,
                            states x: [[Double]], inputs i: [[Double]]) -> Double {
        value(node: n, kernels: kernelDerivatives(node: n, time: t, withRespectTo: n2, time: t2, states: x, inputs: i))
    }
}

/// The weights of a kernel network, with their status: a **fixed** weight refuses
/// new values; a free one may be **clamped**, every value written projected onto an interval.
public struct KernelWeights: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case fixed
        case free
        case clamped(ClosedRange<Double>)
    }
    /// W_nd at [n][d − 1].
    public private(set) var values: [[Double]]
    public let status: [[Status]]

    public init(values: [[Double]], status: [[Status]]) {
        precondition(values.map(\.count) == status.map(\.count), "one status per weight")
        self.status = status
        self.values = values
        for n in values.indices { for d in values[n].indices { self.values[n][d] = project(values[n][d], n, d) } }
    }

    /// One status per weight, node by node (`status[n][d − 1]`), and the initial values
    /// `value(n, d)` (clamped ones projected): how every unit type lays out its weights.
    public init(status: [[Status]], value: (Int, Int) -> Double) {
        self.init(values: status.indices.map { n in status[n].indices.map { value(n, $0 + 1) } }, status: status)
    }

    /// D_n.
    public func dimension(_ n: Int) -> Int { values[n].count }

    private func project(_ w: Double, _ n: Int, _ d: Int) -> Double {
        if case .clamped(let range) = status[n][d] { return min(max(w, range.lowerBound), range.upperBound) }
        return w
    }

    /// Writes W_nd (d counted from 1): refused if fixed, projected if clamped.
    public mutating func set(node n: Int, kernel d: Int, to w: Double) {
        if status[n][d - 1] == .fixed { return }
        values[n][d - 1] = project(w, n, d - 1)
    }

    public subscript(node n: Int, kernel d: Int) -> Double { values[n][d - 1] }
}
