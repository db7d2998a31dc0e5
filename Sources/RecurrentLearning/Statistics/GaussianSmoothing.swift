import Foundation

/// Smoothing of a binned signal by a Gaussian kernel of width σ (in bins):
///
/// ```
/// ȳ_t = Σ_s K(t − s) y_s / Σ_s K(t − s),    K(d) = e^(−d²/(2σ²)),  |d| ≤ 4σ
/// ```
///
/// The kernel is symmetric, so the smoothed signal is not delayed; near the ends only
/// the kernel's part inside the signal is used and renormalised, so a constant signal
/// stays constant up to the last bin.
public struct GaussianSmoothing: Sendable, Equatable {
    /// σ, in bins.
    public let width: Double
    let kernel: [Double]          // K(0), K(1), …, K(⌈4σ⌉)

    public init(width: Double) {
        precondition(width > 0, "smoothing width must be positive, got \(width)")
        self.width = width
        kernel = (0...Int((4 * width).rounded(.up))).map { d in exp(-Double(d * d) / (2 * width * width)) }
    }

    public func apply(_ y: [Double]) -> [Double] {
        let reach = kernel.count - 1
        return y.indices.map { t in
            var sum = 0.0, weight = 0.0
            for s in max(0, t - reach)...min(y.count - 1, t + reach) {
                let k = kernel[abs(t - s)]
                sum += k * y[s]
                weight += k
            }
            return sum / weight
        }
    }
}

extension Vector {
    /// √(Σ (x_k − y_k)²/K), the root-mean-square difference of two signals of K samples.
    public static func rmsDifference(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count && !x.isEmpty, "rms difference of \(x.count) and \(y.count) samples")
        return norm(subtracting(x, y)) / Double(x.count).squareRoot()
    }
}
