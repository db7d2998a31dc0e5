/// Central finite differences: the independent check every analytic gradient
/// and Jacobian of the toolkit is held against.
///
/// ```
/// ∂f/∂w_k ≈ (f(w + h_k e_k) − f(w − h_k e_k)) / (2 h_k),   h_k = h · max(1, |w_k|)
/// ```
///
/// Mathematical properties:
/// - truncation error O(h²) · |f‴|; rounding error O(ε_mach |f| / h).
/// - the default h = 1e-5 balances the two near 1e-10 relative for smooth f of
///   order one, well below the 1e-7 the lessons require.
public enum FiniteDifferences {
    public static let defaultStep = 1e-5

    /// ∇f at w, one pair of evaluations of f per component.
    public static func gradient(at w: [Double], step h: Double = defaultStep,
                                of f: ([Double]) -> Double) -> [Double] {
        var g = [Double](repeating: 0, count: w.count)
        for k in w.indices {
            let hk = h * max(1, abs(w[k]))
            var plus = w, minus = w
            plus[k] += hk
            minus[k] -= hk
            g[k] = (f(plus) - f(minus)) / (2 * hk)
        }
        return g
    }

    /// The Jacobian ∂f/∂x (rows: outputs, columns: inputs) at x.
    public static func jacobian(at x: [Double], step h: Double = defaultStep,
                                of f: ([Double]) -> [Double]) -> Matrix {
        let rows = f(x).count
        var j = Matrix(rows: rows, columns: x.count)
        for k in x.indices {
            let hk = h * max(1, abs(x[k]))
            var plus = x, minus = x
            plus[k] += hk
            minus[k] -= hk
            let fp = f(plus), fm = f(minus)
            for i in 0..<rows { j[i, k] = (fp[i] - fm[i]) / (2 * hk) }
        }
        return j
    }
}

extension TrajectoryProblem {
    /// dL/dw by central differences of the simulated loss (2m simulations).
    public func finiteDifferenceGradient(step h: Double = FiniteDifferences.defaultStep) -> [Double] {
        FiniteDifferences.gradient(at: system.parameters, step: h) { lossValue(parameters: $0) }
    }
}
