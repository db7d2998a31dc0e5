/// The rate form, the (I, r) system's limit τ_s ≪ τ_m (the current follows its
/// input at once, I = W r + U x):
///
/// ```
/// τ_m dr/dt = −r + g(W r + U x)
/// ```
///
/// - state r ∈ ℝⁿ, input x ∈ ℝᵏ, parameters W, U (`Connectivity`); h = W r + U x.
///
/// Mathematical properties:
/// - J = (−I + diag g′(h) W)/τ_m.
/// - ∂F_i/∂W_ij = g′(h_i) r_j/τ_m,  ∂F_i/∂U_ij = g′(h_i) x_j/τ_m.
public struct RateFormNetwork<G: TransferFunction>: ConnectivityParameterized {
    public var connectivity: Connectivity
    public var transfer: G
    /// τ_m, in s.
    public var membraneTimeConstant: Double

    public init(connectivity: Connectivity, transfer: G, membraneTimeConstant: Double) {
        precondition(membraneTimeConstant > 0, "τ_m must be positive, got \(membraneTimeConstant)")
        self.connectivity = connectivity
        self.transfer = transfer
        self.membraneTimeConstant = membraneTimeConstant
    }

    public var stateCount: Int { connectivity.units }

    public func rate(_ r: [Double], input x: [Double]) -> [Double] {
        precondition(r.count == stateCount && x.count == inputCount,
                     "RateFormNetwork(n: \(stateCount), k: \(inputCount)) got r of \(r.count), x of \(x.count)")
        let h = connectivity.summedInput(r, x)
        return r.indices.map { i in (-r[i] + transfer.value(h[i])) / membraneTimeConstant }
    }

    public func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        let n = stateCount, τm = membraneTimeConstant
        let slope = connectivity.summedInput(r, x).map(transfer.derivative)
        return Matrix(rows: n, columns: n) { i, j in
            (slope[i] * connectivity.recurrent[i, j] - (i == j ? 1 : 0)) / τm
        }
    }

    public func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        let slope = connectivity.summedInput(r, x).map(transfer.derivative)
        return connectivity.summedInputJacobian(r, x, rowScale: slope.map { $0 / membraneTimeConstant })
    }
}
