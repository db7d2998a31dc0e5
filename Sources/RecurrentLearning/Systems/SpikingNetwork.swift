import Foundation

/// Spiking units with reset by subtraction, trained through a surrogate derivative:
///
/// ```
/// du/dt = −V_th s + W s + x,    s = H(u − V_th)
/// ```
///
/// - state u ∈ ℝⁿ (membrane potentials), input x ∈ ℝⁿ (one drive per unit),
///   parameters W (n × n, column-major; for n = 1 the lecture's scalar w).
/// - Time is counted in steps: with Δt = 1 each step a unit above threshold
///   emits one spike, loses V_th and sends W s to the others.
///
/// The Heaviside H has derivative 0 almost everywhere, so gradients are taken
/// through a **surrogate**: ∂s/∂u is replaced by σ′_β(u − V_th), the slope of
/// the logistic σ_β(v) = 1/(1 + e^(−βv)) of sharpness β. With
/// `spike = .smooth` the unit itself emits σ_β(u − V_th) instead of H, and then
/// the same Jacobian is exact: the smoothed unit is what finite differences
/// can check.
///
/// Mathematical properties:
/// - `stateJacobian(u)` = (W − V_th I) diag(s′(u)), s′ the surrogate slope.
/// - ∂F_i/∂W_ij = s_j; for n = 1 the lecture's dp/dt = (w − V_th) s′ p + s.
public struct SpikingNetwork: DynamicalSystem {
    /// How a unit turns its potential into a spike.
    public enum Spike: Sendable, Equatable {
        /// s = H(u − V_th), trained through the surrogate slope σ′_β.
        case threshold
        /// s = σ_β(u − V_th): the smoothed unit, differentiable everywhere.
        case smooth
    }

    public var weights: Matrix
    /// V_th, in the unit of u.
    public var threshold: Double
    /// β of the surrogate σ_β, in 1/(unit of u).
    public var sharpness: Double
    public var spike: Spike

    public init(weights: Matrix, threshold: Double = 1, sharpness: Double = 5, spike: Spike = .threshold) {
        precondition(weights.isSquare, "W must be square, got \(weights.rows) × \(weights.columns)")
        precondition(sharpness > 0, "surrogate sharpness β must be positive, got \(sharpness)")
        self.weights = weights
        self.threshold = threshold
        self.sharpness = sharpness
        self.spike = spike
    }

    /// The lecture's single unit with self-weight w.
    public init(w: Double, threshold: Double = 1, sharpness: Double = 5, spike: Spike = .threshold) {
        self.init(weights: Matrix(rows: 1, columns: 1, elements: [w]),
                  threshold: threshold, sharpness: sharpness, spike: spike)
    }

    public var stateCount: Int { weights.rows }
    public var inputCount: Int { weights.rows }

    public var parameterNames: [String] {
        let n = stateCount
        if n == 1 { return ["w"] }
        var names: [String] = []
        for j in 0..<n { for i in 0..<n { names.append("W[\(i),\(j)]") } }
        return names
    }

    public var parameters: [Double] {
        get { weights.elements }
        set {
            precondition(newValue.count == weights.elements.count,
                         "SpikingNetwork(n: \(stateCount)) has \(weights.elements.count) parameters, got \(newValue.count)")
            weights.elements = newValue
        }
    }

    /// σ_β(v) = 1/(1 + e^(−βv)).
    private func logistic(_ v: Double) -> Double { 1 / (1 + exp(-sharpness * v)) }

    /// The spike s(u): H(u − V_th) or σ_β(u − V_th).
    public func spikes(_ u: [Double]) -> [Double] { u.map(spikeValue) }

    /// ∂s/∂u: the surrogate σ′_β(u − V_th) = β σ(1 − σ) for both spike kinds.
    public func spikeSlopes(_ u: [Double]) -> [Double] { u.map(spikeSlope) }

    /// s(u) of one unit.
    func spikeValue(_ ui: Double) -> Double {
        switch spike {
        case .threshold: ui >= threshold ? 1 : 0
        case .smooth: logistic(ui - threshold)
        }
    }

    /// σ′_β(u − V_th) of one unit.
    func spikeSlope(_ ui: Double) -> Double {
        let σ = logistic(ui - threshold)
        return sharpness * σ * (1 - σ)
    }

    public func rate(_ u: [Double], input x: [Double]) -> [Double] {
        precondition(u.count == stateCount && x.count == inputCount,
                     "SpikingNetwork(n: \(stateCount)) got u of \(u.count), x of \(x.count)")
        let s = spikes(u)
        let recurrent = weights * s
        return (0..<u.count).map { i in -threshold * s[i] + recurrent[i] + x[i] }
    }

    public func stateJacobian(_ u: [Double], input x: [Double]) -> Matrix {
        let n = stateCount
        let slope = spikeSlopes(u)
        return Matrix(rows: n, columns: n) { i, j in
            (weights[i, j] - (i == j ? threshold : 0)) * slope[j]
        }
    }

    public func parameterJacobian(_ u: [Double], input x: [Double]) -> Matrix {
        let n = stateCount
        let s = spikes(u)
        var d = Matrix(rows: n, columns: n * n)
        for j in 0..<n { for i in 0..<n { d[i, i + j * n] = s[j] } }
        return d
    }
}
