/// The two-variable (I, r) system, the rate model read off a spiking network:
///
/// ```
/// τ_s dI/dt = −I + W r + U x        (synaptic current: spikes of rate r filtered by the synapse)
/// τ_m dr/dt = −r + g(I)             (rate: the neuron's f–I curve g, low-passed)
/// ```
///
/// - state (I, r) ∈ ℝ²ⁿ, currents first; input x ∈ ℝᵏ; parameters W, U (`Connectivity`).
/// - Its two limits are `RateFormNetwork` (τ_s ≪ τ_m: I follows W r + U x at once) and
///   `CurrentFormNetwork` (τ_m ≪ τ_s: r follows g(I) at once).
///
/// Mathematical properties:
/// - J = ∂F/∂(I, r) = [ −1/τ_s           W/τ_s ]
///                    [ diag g′(I)/τ_m   −1/τ_m ]
/// - ∂F_I,i/∂W_ij = r_j/τ_s,  ∂F_I,i/∂U_ij = x_j/τ_s;  F_r does not depend on W or U.
/// - Its fixed points are those of both reduced forms: I* = W r* + U x, r* = g(I*).
public struct SynapticRateNetwork<G: TransferFunction>: ConnectivityParameterized {
    public var connectivity: Connectivity
    public var transfer: G
    /// τ_s, in s.
    public var synapticTimeConstant: Double
    /// τ_m, in s.
    public var membraneTimeConstant: Double

    public init(connectivity: Connectivity, transfer: G, synapticTimeConstant: Double, membraneTimeConstant: Double) {
        precondition(synapticTimeConstant > 0 && membraneTimeConstant > 0,
                     "τ_s and τ_m must be positive, got \(synapticTimeConstant) and \(membraneTimeConstant)")
        self.connectivity = connectivity
        self.transfer = transfer
        self.synapticTimeConstant = synapticTimeConstant
        self.membraneTimeConstant = membraneTimeConstant
    }

    public var stateCount: Int { 2 * connectivity.units }

    /// The currents I of a state (I, r).
    public func currents(_ state: [Double]) -> [Double] { Array(state[0..<connectivity.units]) }
    /// The rates r of a state (I, r).
    public func rates(_ state: [Double]) -> [Double] { Array(state[connectivity.units...]) }

    public func rate(_ state: [Double], input x: [Double]) -> [Double] {
        precondition(state.count == stateCount && x.count == inputCount,
                     "SynapticRateNetwork(n: \(connectivity.units), k: \(inputCount)) got a state of \(state.count), x of \(x.count)")
        let current = currents(state), r = rates(state)
        let h = connectivity.summedInput(r, x)
        let τs = synapticTimeConstant, τm = membraneTimeConstant
        return current.indices.map { i in (-current[i] + h[i]) / τs }
            + r.indices.map { i in (-r[i] + transfer.value(current[i])) / τm }
    }

    public func stateJacobian(_ state: [Double], input x: [Double]) -> Matrix {
        let n = connectivity.units, τs = synapticTimeConstant, τm = membraneTimeConstant
        let current = currents(state)
        var j = Matrix(rows: 2 * n, columns: 2 * n)
        for i in 0..<n {
            j[i, i] = -1 / τs
            for k in 0..<n { j[i, n + k] = connectivity.recurrent[i, k] / τs }
            j[n + i, i] = transfer.derivative(current[i]) / τm
            j[n + i, n + i] = -1 / τm
        }
        return j
    }

    public func parameterJacobian(_ state: [Double], input x: [Double]) -> Matrix {
        let n = connectivity.units
        let top = connectivity.summedInputJacobian(rates(state), x,
                                                   rowScale: [Double](repeating: 1 / synapticTimeConstant, count: n))
        var d = Matrix(rows: 2 * n, columns: top.columns)
        for c in 0..<top.columns { for i in 0..<n { d[i, c] = top[i, c] } }
        return d
    }
}
