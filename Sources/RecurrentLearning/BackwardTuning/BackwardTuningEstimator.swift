import Foundation

/// The second seed's weight estimation: repeat forward simulation, backward tuning
/// (`BackwardTuning`) and weight adjustment until the cost is small enough.
///
/// One iteration, from weights W0 at cost c0:
/// 1. the pass gives ε and the raw gradient g0_nd = Σ_t φ_nd(t) ε_n(t);
/// 2. seven momentum filters, persistent across iterations and starting at 0,
///    g_k ← g_k + 2^−k (g0 − g_k), k = 1 … 7: with g0, eight first-order directions;
/// 3. a second-order direction, node by node (for 0 < D_n ≤ 16), from the normal equations
///
///    ```
///    A_n = Σ_t φ_n(t) φ_n(t)ᵀ          b_n = Σ_t φ_n(t) (x̂_n(t) − φ_n0(t) − ε_n(t))
///    W1  = W0 + A_n⁺ (b_n − A_n W0)    (the minimal change: SVD pseudo-inverse, cutoff 1e-12)
///    ```
///
///    with x̂ = ō on the outputs (reinjection) and the simulated x elsewhere; direction W0 − W1;
/// 4. for each direction d_k in turn, Brent minimises f(u) = cost(W0 − u d_k) on [0, u_max],
///    tolerance u_max/400 (u_max = υ for gradients, 1 for the second order); if the best u does
///    not lower the cost, u_max shrinks to it and the search repeats while u_max > 10⁻⁴;
/// 5. the strictly cheapest candidate wins (the first on a tie); if a gradient won,
///    υ ← 2 max(u*, 10⁻⁴) (υ starts at 10⁻²). If none lowers the cost, the run stops.
///
/// Stopping: cost ≤ `criterion` (absolute, on the node-normalised cost), or
/// `maxIterations` iterations, or no candidate improves.
///
/// The optional sparse-weight regulariser of the seed, R(W) = Σ ν/(ε + |Ŵ_nd|) W_nd², with Ŵ the
/// weights at the start of the iteration (a reweighted L1), adds 2νW/(ε + |Ŵ|) to the gradient,
/// 2ν/(ε + |Ŵ|) to the diagonal of A_n, and R/(N_nodes T) to the cost every candidate is judged by.
public enum BackwardTuningEstimator {
    public struct Regularisation: Sendable, Equatable {
        /// ν, the strength.
        public var strength: Double
        /// ε, the reweighting floor.
        public var floor: Double
        public init(strength: Double, floor: Double = 1e-3) {
            precondition(strength >= 0 && floor > 0, "R(W) needs ν ≥ 0 and ε > 0, got ν = \(strength), ε = \(floor)")
            self.strength = strength
            self.floor = floor
        }
    }

    public struct Options: Sendable {
        /// Stop when the cost is at or below this.
        public var criterion = 1e-6
        /// The smallest step range a line search still tries.
        public var weightsEpsilon = 1e-4
        public var maxIterations = 100
        /// Momentum filters besides the raw gradient (rates 2^−1 … 2^−k).
        public var momentumFilters = 7
        /// DMAX: nodes with more weights get no second-order step.
        public var maxSecondOrderDimension = 16
        public var errorGuard: BackwardTuning.Guard = .paper
        public var regularisation: Regularisation? = nil
        public init() {}
    }

    public enum Candidate: Sendable, Equatable, CustomStringConvertible {
        /// g0 for filter 0, else the momentum filter of rate 2^−filter.
        case gradient(filter: Int)
        case secondOrder
        public var description: String {
            switch self {
            case .gradient(let k): "1st-order \(k)"
            case .secondOrder: "2nd-order"
            }
        }
    }

    /// One accepted iteration.
    public struct Step: Sendable {
        public var iteration: Int
        public var cost: Double
        public var candidate: Candidate
        /// u*, the step along the winning direction.
        public var step: Double
        /// Forward simulations spent in this iteration.
        public var simulations: Int
    }

    public enum Stop: String, Sendable {
        case criterionReached = "cost at or below the criterion"
        case iterationCap = "iteration cap reached"
        case noImprovement = "no candidate lowers the cost"
    }

    public struct Run<Network: KernelNetwork>: Sendable {
        public var network: Network
        /// The recorded costs: the initial one and one per accepted iteration (a value equal
        /// to the previous is not recorded, as in the published runs).
        public var costs: [Double]
        public var steps: [Step]
        public var stop: Stop
        public var simulations: Int
    }

    public static func run<K: KernelNetwork>(_ start: K, inputs: [[Double]], targets: [[Double]],
                                             options: Options = Options(),
                                             progress: ((Step) -> Void)? = nil) -> Run<K> {
        precondition(inputs.count == targets.count, "\(inputs.count) inputs but \(targets.count) targets")
        var network = start
        let filters = options.momentumFilters
        // momentum[k][n][d]: the filter of rate 2^−(k+1).
        var momentum = [[[Double]]](repeating: start.weights.values.map { [Double](repeating: 0, count: $0.count) },
                                    count: filters)
        var υ = 100 * options.weightsEpsilon
        var simulations = 0
        func cost(_ k: K, anchor: KernelWeights) -> Double {
            simulations += 1
            return k.cost(states: k.simulate(inputs: inputs), targets: targets)
                + penalty(k.weights, anchor: anchor, options.regularisation) / Double(k.nodeCount * inputs.count)
        }
        var current = cost(network, anchor: network.weights)
        var costs = [current], steps: [Step] = [], iteration = 0
        let stop: Stop
        while true {
            if current <= options.criterion { stop = .criterionReached; break }
            if iteration == options.maxIterations { stop = .iterationCap; break }
            iteration += 1
            let before = simulations
            let w0 = network.weights
            // R is re-anchored at Ŵ = W0, so the cost every candidate must beat is re-evaluated with it.
            if options.regularisation != nil { current = cost(network, anchor: w0) }
            let pass = BackwardTuning(network: network, inputs: inputs, targets: targets, guard: options.errorGuard)
            simulations += 1
            var g0 = pass.gradient
            if let r = options.regularisation {
                for n in g0.indices { for d in g0[n].indices {
                    g0[n][d] += 2 * r.strength * w0.values[n][d] / (r.floor + abs(w0.values[n][d]))
                } }
            }
            for k in 0..<filters {
                let rate = pow(2, -Double(k + 1))
                for n in g0.indices { for d in g0[n].indices { momentum[k][n][d] += rate * (g0[n][d] - momentum[k][n][d]) } }
            }
            var directions: [(Candidate, [[Double]])] = [(.gradient(filter: 0), g0)]
            directions += (0..<filters).map { k in (.gradient(filter: k + 1), momentum[k]) }
            directions.append((.secondOrder, secondOrderDirection(network, pass: pass, targets: targets, options: options)))
            var best: (candidate: Candidate, step: Double, cost: Double, direction: [[Double]])?
            // A zero direction cannot lower the cost strictly: skipping it changes nothing.
            for (candidate, direction) in directions where direction.joined().contains(where: { $0 != 0 }) {
                let f = { (u: Double) in cost(network.stepped(from: w0, along: direction, by: u), anchor: w0) }
                var range = candidate == .secondOrder ? 1.0 : υ
                var found: BrentMinimizer.Result?
                while range > options.weightsEpsilon {
                    let r = BrentMinimizer.minimum(on: 0...range, tolerance: range / 400, of: f)
                    found = r
                    if !(current < r.value) { break }
                    range = r.argument
                }
                if let r = found, r.value < (best?.cost ?? current) {
                    best = (candidate, r.argument, r.value, direction)
                }
            }
            guard let winner = best else {
                network.weights = w0
                stop = .noImprovement
                break
            }
            network = network.stepped(from: w0, along: winner.direction, by: winner.step)
            current = winner.cost
            if case .gradient = winner.candidate { υ = 2 * max(winner.step, options.weightsEpsilon) }
            if current != costs.last { costs.append(current) }
            let step = Step(iteration: iteration, cost: current, candidate: winner.candidate, step: winner.step,
                            simulations: simulations - before)
            steps.append(step)
            progress?(step)
        }
        return Run(network: network, costs: costs, steps: steps, stop: stop, simulations: simulations)
    }

    /// W0 − W1 per node, W1 the minimal-change solution of its normal equations (0 for nodes
    /// without weights, with more than DMAX, or whose SVD failed).
    public static func secondOrderDirection<K: KernelNetwork>(_ network: K, pass: BackwardTuning, targets: [[Double]],
                                                       options: Options) -> [[Double]] {
        let w0 = network.weights
        return (0..<network.nodeCount).map { n in
            let D = w0.dimension(n)
            guard D > 0, D <= options.maxSecondOrderDimension else { return [Double](repeating: 0, count: D) }
            var a = Matrix(rows: D, columns: D), b = [Double](repeating: 0, count: D)
            // Summed from the last time back, as the runs' backward sweep did: A_n can be
            // ill-conditioned (the unit outputs all near ½), and the order shows in the last digits.
            for t in pass.states.indices.reversed() {
                let φ = pass.kernels[t][n]
                let desired = n < targets[t].count ? targets[t][n] : pass.states[t][n]
                let rhs = desired - φ[0] - pass.multipliers[t][n]
                for i in 0..<D {
                    b[i] += φ[i + 1] * rhs
                    for j in 0..<D { a[i, j] += φ[i + 1] * φ[j + 1] }
                }
            }
            if let r = options.regularisation {
                for i in 0..<D { a[i, i] += 2 * r.strength / (r.floor + abs(w0.values[n][i])) }
            }
            guard let pinv = try? a.pseudoInverse() else { return [Double](repeating: 0, count: D) }
            let change = pinv * Vector.subtracting(b, a * w0.values[n])
            return change.map { -$0 }
        }
    }

    /// R(W)/1 = Σ ν/(ε + |Ŵ|) W² over the free weights, Ŵ = `anchor`.
    static func penalty(_ w: KernelWeights, anchor: KernelWeights, _ r: Regularisation?) -> Double {
        guard let r else { return 0 }
        var sum = 0.0
        for n in w.values.indices {
            for d in w.values[n].indices where w.status[n][d] != .fixed {
                sum += r.strength / (r.floor + abs(anchor.values[n][d])) * w.values[n][d] * w.values[n][d]
            }
        }
        return sum
    }
}

extension KernelNetwork {
    /// The network with W_nd = W0_nd − u d_nd written through the setter (fixed weights
    /// refuse, clamped ones are projected).
    public func stepped(from w0: KernelWeights, along d: [[Double]], by u: Double) -> Self {
        var copy = self
        copy.weights = w0
        for n in d.indices { for k in d[n].indices { copy.weights.set(node: n, kernel: k + 1, to: w0.values[n][k] - u * d[n][k]) } }
        return copy
    }
}
