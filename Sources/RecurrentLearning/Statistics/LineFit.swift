/// The least-squares line y ≈ a + b x through points (x_k, y_k):
///
/// ```
/// b = Σ (x_k − x̄)(y_k − ȳ) / Σ (x_k − x̄)²,    a = ȳ − b x̄
/// ```
///
/// On (log N, log E) the slope b is the exponent of a power law E ∝ N^b.
public struct LineFit: Sendable, Equatable {
    public let intercept: Double
    public let slope: Double

    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count && x.count >= 2, "a line fit needs at least two (x, y) points, got \(x.count) and \(y.count)")
        let n = Double(x.count)
        let xMean = x.reduce(0, +) / n, yMean = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (xk, yk) in zip(x, y) {
            sxy += (xk - xMean) * (yk - yMean)
            sxx += (xk - xMean) * (xk - xMean)
        }
        precondition(sxx > 0, "a line fit needs at least two distinct x values")
        slope = sxy / sxx
        intercept = yMean - slope * xMean
    }

    /// a + b x.
    public func value(at x: Double) -> Double { intercept + slope * x }
}
