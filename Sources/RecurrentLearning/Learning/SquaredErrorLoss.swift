/// The squared error of a trajectory against targets, averaged over time:
///
/// ```
/// l = 1/(2T) Σ_{t=1}^{T} Σ_j (r_t[o_j] − y_t[j])²
/// ∂l/∂r_t[o_j] = (r_t[o_j] − y_t[j]) / T,   0 for components not read out
/// ```
///
/// - `targets[t − 1]` is y_t, the target for r_t (the state after step t);
///   r₀ is not scored.
/// - `readout` o lists the state components compared with the targets.
///
/// The course homework compares r₁ … r_T with y₀ … y_{T−1}: its targets are
/// the data's y shifted by one, which is exactly this layout.
public struct SquaredErrorLoss: TrajectoryLoss, Equatable {
    public var targets: [[Double]] { didSet { flatTargets = targets.flatMap { $0 } } }
    public var readout: [Int]
    /// y_t[j] at (t − 1) · readout.count + j: the methods read the targets every
    /// step, and one flat array costs no reference counting per step.
    @usableFromInline var flatTargets: [Double]

    public init(targets: [[Double]], readout: [Int]) {
        precondition(targets.allSatisfy { $0.count == readout.count },
                     "every target must have one value per read-out component (\(readout.count))")
        self.targets = targets
        self.readout = readout
        flatTargets = targets.flatMap { $0 }
    }

    /// Scalar targets for a single read-out component (default: component 0).
    public init(targets y: [Double], readout component: Int = 0) {
        self.init(targets: y.map { [$0] }, readout: [component])
    }

    /// T, the number of scored states.
    @inlinable
    public var stepCount: Int { targets.count }

    /// Σ_j (r_t[o_j] − y_t[j])².
    @inlinable
    public func term(step t: Int, state r: UnsafePointer<Double>) -> Double {
        let count = readout.count, base = (t - 1) * count
        var sum = 0.0
        for j in 0..<count {
            let e = r[readout[j]] - flatTargets[base + j]
            sum += e * e
        }
        return sum
    }

    @inlinable
    public func value(sumOfTerms sum: Double) -> Double {
        targets.isEmpty ? 0 : sum / (2 * Double(targets.count))
    }

    /// g[o_j] += (r_t[o_j] − y_t[j]) / T.
    @inlinable
    public func addGradient(step t: Int, state r: UnsafePointer<Double>, to g: UnsafeMutablePointer<Double>) {
        let T = Double(targets.count), count = readout.count, base = (t - 1) * count
        for j in 0..<count {
            let o = readout[j]
            g[o] += (r[o] - flatTargets[base + j]) / T
        }
    }
}
