/// The current form, the (I, r) system's limit τ_m ≪ τ_s (the rate follows the
/// current at once, r = g(I)):
///
/// ```
/// τ_s dI/dt = −I + W g(I) + U x
/// ```
///
/// - state I ∈ ℝⁿ, input x ∈ ℝᵏ, parameters W, U (`Connectivity`); the rates are g(I).
/// - With g = φ this is `RateNetwork`'s equation with b = 0 (the tests check they agree).
///
/// Mathematical properties:
/// - J = (−I + W diag g′(I))/τ_s.
/// - ∂F_i/∂W_ij = g(I_j)/τ_s,  ∂F_i/∂U_ij = x_j/τ_s.
public struct CurrentFormNetwork<G: TransferFunction>: ConnectivityParameterized {
    public var connectivity: Connectivity
    public var transfer: G
    /// τ_s, in s.
    public var synapticTimeConstant: Double

    public init(connectivity: Connectivity, transfer: G, synapticTimeConstant: Double) {
        precondition(synapticTimeConstant > 0, "τ_s must be positive, got \(synapticTimeConstant)")
        self.connectivity = connectivity
        self.transfer = transfer
        self.synapticTimeConstant = synapticTimeConstant
    }

    public var stateCount: Int { connectivity.units }

    /// r = g(I), the rates of a state.
    public func rates(_ current: [Double]) -> [Double] { current.map(transfer.value) }

    public func rate(_ current: [Double], input x: [Double]) -> [Double] {
        precondition(current.count == stateCount && x.count == inputCount,
                     "CurrentFormNetwork(n: \(stateCount), k: \(inputCount)) got I of \(current.count), x of \(x.count)")
        let h = connectivity.summedInput(rates(current), x)
        return current.indices.map { i in (-current[i] + h[i]) / synapticTimeConstant }
    }

    public func stateJacobian(_ current: [Double], input x: [Double]) -> Matrix {
        let n = stateCount, τs = synapticTimeConstant
        let slope = current.map(transfer.derivative)
        return Matrix(rows: n, columns: n) { i, j in
            (connectivity.recurrent[i, j] * slope[j] - (i == j ? 1 : 0)) / τs
        }
    }

    public func parameterJacobian(_ current: [Double], input x: [Double]) -> Matrix {
        connectivity.summedInputJacobian(rates(current), x,
                                         rowScale: [Double](repeating: 1 / synapticTimeConstant, count: stateCount))
    }
}
