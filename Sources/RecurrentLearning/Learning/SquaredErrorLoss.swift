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
public struct SquaredErrorLoss: Sendable, Equatable {
    public var targets: [[Double]]
    public var readout: [Int]

    public init(targets: [[Double]], readout: [Int]) {
        precondition(targets.allSatisfy { $0.count == readout.count },
                     "every target must have one value per read-out component (\(readout.count))")
        self.targets = targets
        self.readout = readout
    }

    /// Scalar targets for a single read-out component (default: component 0).
    public init(targets y: [Double], readout component: Int = 0) {
        self.init(targets: y.map { [$0] }, readout: [component])
    }

    /// T, the number of scored states.
    public var stepCount: Int { targets.count }

    /// l for states r₀ … r_T.
    public func value(states: [[Double]]) -> Double {
        precondition(states.count == targets.count + 1,
                     "loss over \(targets.count) targets needs \(targets.count + 1) states (r₀ … r_T), got \(states.count)")
        guard !targets.isEmpty else { return 0 }
        var sum = 0.0
        for t in 1...targets.count {
            for (j, o) in readout.enumerated() {
                let e = states[t][o] - targets[t - 1][j]
                sum += e * e
            }
        }
        return sum / (2 * Double(targets.count))
    }

    /// ∂l/∂r_t for t = 1 … T, a vector of the state's length.
    public func gradient(state r: [Double], step t: Int) -> [Double] {
        precondition(t >= 1 && t <= targets.count, "loss gradient asked at step \(t), outside 1 … \(targets.count)")
        var g = [Double](repeating: 0, count: r.count)
        let T = Double(targets.count)
        for (j, o) in readout.enumerated() { g[o] += (r[o] - targets[t - 1][j]) / T }
        return g
    }
}

extension SquaredErrorLoss {
    /// l for states r₀ … r_T stored as the columns of an n-row column-major
    /// buffer: the same sum, in the same order, as `value(states:)`.
    func value(states r: UnsafePointer<Double>, dimension n: Int) -> Double {
        guard !targets.isEmpty else { return 0 }
        var sum = 0.0
        for t in 1...targets.count {
            for (j, o) in readout.enumerated() {
                let e = r[o + t * n] - targets[t - 1][j]
                sum += e * e
            }
        }
        return sum / (2 * Double(targets.count))
    }

    /// g ← g + ∂l/∂r_t in place, for the allocation-free BPTT path: the same
    /// terms (r_t[o_j] − y_t[j]) / T as `gradient(state:step:)`, added where
    /// that method's vector is non-zero.
    func addGradient(state r: UnsafePointer<Double>, step t: Int, to g: UnsafeMutablePointer<Double>) {
        let T = Double(targets.count)
        let y = targets[t - 1]
        for (j, o) in readout.enumerated() { g[o] += (r[o] - y[j]) / T }
    }
}
