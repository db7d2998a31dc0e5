import Foundation

/// One backward-tuning pass: the forward simulation, the error multipliers ε and
/// what the weight adjustment needs from them.
///
/// Criterion (L2 on the outputs, normalised by **all** nodes, as the published runs):
///
/// ```
/// ρ_nt = ½ (x_n(t) − ō_n(t))²  for n < N₀ (0 otherwise),    cost = Σ ρ / (N_nodes T)
/// ```
///
/// Backward tuning, swept t from T−1 down to 0 and, inside a step, n upwards (so that
/// every downstream ε is known):
///
/// ```
/// e1_n′(t′) = Σ_{downstream (n,t)} β^{n′t′}_{nt} ε_n(t)        downstream: t′ < t ≤ t′+R, or t = t′ and n < n′
/// ε_n′(t′)  = ρ′_n′(t′) + g(e1_n′(t′))                         ρ′ = x − ō on outputs, 0 elsewhere
/// ```
///
/// This is the adjoint of the dynamics: with the Lagrangian Σρ + Σ ε (x̃ − x), ∂/∂x = 0 gives
/// the recursion, and (with g the identity) the gradient is exactly
/// ∂Σρ/∂W_nd = Σ_t φ_nd(t) ε_n(t) — BPTT written node by node.
/// g is the error guard (`ErrorGuard`); `.identity` gives the plain adjoint.
public struct BackwardTuning: Sendable {
    /// How e1 is guarded before it is added to ρ′.
    public enum Guard: Sendable, Equatable {
        /// g = identity: the exact adjoint (BPTT).
        case identity
        /// The paper's odd, C¹ guard with ρ̄′ the mean |ρ′| over the pass's non-zero entries.
        case paper
        /// The published 2017 code: ρ̄′ a running mean over the entries visited so far;
        /// 0 < e1 < 2ν becomes ρ̄′(1e-6 + 2.5e-7 e1²), e1 > ω is clipped to ω, negatives pass.
        case publishedRuns
    }

    /// x[t][n].
    public let states: [[Double]]
    /// φ[t][n] = [φ_n0(t), …, φ_nD(t)] on the simulated trajectory.
    public let kernels: [[[Double]]]
    /// ε[t][n].
    public let multipliers: [[Double]]
    public let cost: Double
    /// How many e1 the guard biased (tiny) and saturated (huge).
    public let guardedTiny: Int, guardedHuge: Int

    public init<K: KernelNetwork>(network: K, inputs: [[Double]], targets: [[Double]], guard: Guard) {
        let x = network.simulate(inputs: inputs)
        let T = x.count, N = network.nodeCount
        let kernels = (0..<T).map { t in (0..<N).map { n in network.kernels(node: n, time: t, states: x, inputs: inputs) } }
        let ρprime = network.errorDerivatives(states: x, targets: targets)
        let nonZero = ρprime.joined().filter { $0 != 0 }
        let paperGuard = ErrorGuard(meanAbsoluteError: nonZero.isEmpty ? 0 : nonZero.map(abs).reduce(0, +) / Double(nonZero.count))
        var e1 = [[Double]](repeating: [Double](repeating: 0, count: N), count: T)
        var ε = e1
        var runningSum = 0.0, runningCount = 0.0, tiny = 0, huge = 0
        for t in stride(from: T - 1, through: 0, by: -1) {
            for n in 0..<N {
                let e0 = ρprime[t][n]
                var e = e1[t][n]
                switch `guard` {
                case .identity:
                    break
                case .paper:
                    let g = paperGuard(e)
                    if abs(g) > abs(e) { tiny += 1 } else if abs(g) < abs(e) { huge += 1 }
                    e = g
                case .publishedRuns:
                    if e0 != 0 { runningSum += abs(e0); runningCount += 1 }
                    if e > 0 && runningCount * e < runningSum * 2e-6 {
                        e = runningSum / runningCount * (1e-6 + e * e * 2.5e-7)
                        tiny += 1
                    } else if runningCount * e > runningSum * 1e6 {
                        e = runningSum / runningCount * 1e6
                        huge += 1
                    }
                }
                ε[t][n] = e0 + e
                // Scatter ε_n(t) to everything node n at t reads: all of them come later in the sweep.
                for (n2, t2) in network.dependencies(node: n, time: t) {
                    e1[t2][n2] += network.sensitivity(node: n, time: t, to: n2, time: t2, states: x, inputs: inputs) * ε[t][n]
                }
            }
        }
        self.states = x
        self.kernels = kernels
        self.multipliers = ε
        self.cost = network.cost(states: x, targets: targets)
        self.guardedTiny = tiny
        self.guardedHuge = huge
    }

    /// g0_nd = Σ_t φ_nd(t) ε_n(t), shaped like `weights.values` (fixed weights included).
    public var gradient: [[Double]] {
        guard let first = kernels.first else { return [] }
        var g = first.map { [Double](repeating: 0, count: $0.count - 1) }
        for t in kernels.indices {
            for n in g.indices {
                let ε = multipliers[t][n], φ = kernels[t][n]
                for d in g[n].indices { g[n][d] += φ[d + 1] * ε }
            }
        }
        return g
    }
}

extension KernelNetwork {
    /// Σ_{t, n<N₀} ½ (x_n(t) − ō_n(t))² / (N_nodes T); ō[t] holds the N₀ output targets.
    /// +∞ when the simulation diverged (a cost above 1e100 or not finite).
    public func cost(states x: [[Double]], targets: [[Double]]) -> Double {
        precondition(x.count == targets.count, "\(x.count) steps simulated but \(targets.count) targets")
        var sum = 0.0
        for (row, target) in zip(x, targets) {
            for (k, o) in target.enumerated() { sum += 0.5 * (row[k] - o) * (row[k] - o) }
        }
        guard sum.isFinite, sum < 1e100 else { return .infinity }
        return sum / Double(nodeCount * x.count)
    }

    /// ρ′[t][n] = x_n(t) − ō_n(t) on the outputs, 0 on the hidden nodes.
    public func errorDerivatives(states x: [[Double]], targets: [[Double]]) -> [[Double]] {
        zip(x, targets).map { row, target in
            row.indices.map { n in n < target.count ? row[n] - target[n] : 0 }
        }
    }
}
