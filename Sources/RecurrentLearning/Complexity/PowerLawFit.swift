import Foundation

/// The power law y ≈ c · x^p through points (x_k, y_k), x_k, y_k > 0, fitted as the
/// least-squares line on log–log axes,
///
/// ```
/// log y ≈ log c + p log x,
/// ```
///
/// so p is the slope a log–log plot shows, and the exponent a claim O(x^p) predicts once
/// the leading term dominates.
public struct PowerLawFit: Sendable, Equatable {
    public let exponent: Double
    public let coefficient: Double

    public init(x: [Double], y: [Double]) {
        precondition(zip(x, y).allSatisfy { $0 > 0 && $1 > 0 && $0.isFinite && $1.isFinite },
                     "a power-law fit needs positive, finite x and y, got x = \(x), y = \(y)")
        let line = LineFit(x: x.map { log($0) }, y: y.map { log($0) })
        exponent = line.slope
        coefficient = exp(line.intercept)
    }

    /// c · x^p.
    public func value(at x: Double) -> Double { coefficient * pow(x, exponent) }
}
