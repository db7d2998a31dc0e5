import Foundation

/// The four numbers the backward-tuning table reports about a run's cost
/// sequence c₀, c₁, …: how many values were recorded, the smallest, and an
/// exponential-decay fit
///
///     c(t) ≈ a e^{−t/τ} + β
///
/// giving the decay time τ and the final bias β (the level the cost is heading
/// for).
///
/// **Recording.** `record(c)` ignores a value equal to the previous recorded one
/// (a rejected iteration leaves the cost unchanged), so `count` is the initial
/// cost plus one per accepted iteration.
///
/// **Decay time τ.** Successive differences of the model are
/// c_{k−1} − c_k = a (e^{1/τ} − 1) e^{−k/τ}, so l_k = ln|c_{k−1} − c_k| is a
/// straight line in k with slope −1/τ. When c_k arrives (k ≥ 1), sample j has
/// age a = k − j (the newest has age 0) and weight γ^a with γ = 0.1^{1/w}: the
/// last w samples (w = 10) hold 90 % of the weight. With
///
///     S_p = Σ_j γ^a a^p,   L_p = Σ_j γ^a a^p l_j   (p = 0, 1, 2),
///
/// the weighted least-squares slope of l against age is +1/τ, hence
///
///     τ = (S₀ S₂ − S₁²) / (S₀ L₁ − S₁ L₀).
///
/// τ is updated at each new value only when the denominator is > 0 (a cost
/// that is decaying); otherwise it keeps its previous value. Before any
/// update it is NaN. The sums are kept incrementally: ageing every sample by
/// one maps S₂ ← γ(S₀ + 2S₁ + S₂), S₁ ← γ(S₀ + S₁), S₀ ← 1 + γS₀ and
/// L₁ ← γ(L₀ + L₁), L₀ ← l_k + γL₀.
///
/// **Bias β.** For the model, c_k − q (c_{k−1} − c_k) = β exactly when
/// q = 1/(e^{1/τ} − 1). Each k = last … 1 gives such an estimate β_k; it is
/// kept when 0 < β_k < min c, with weight γ^{last−k} (the weight advances for
/// rejected estimates too). β is the weighted mean of the kept estimates, 0
/// if none is kept, and NaN while τ is NaN.
///
/// This is the convention of the published runs (Viéville et al., RR-9100,
/// 2017): fed the runs' recorded costs it reproduces the published table.
public struct CostDecayFit: Equatable, Sendable {
    /// The window w: γ = 0.1^{1/w}.
    public let window: Int
    /// The forgetting factor γ = 0.1^{1/w} (≈ 0.794 for w = 10).
    public let gamma: Double
    /// The recorded values, in order (no two neighbours equal).
    public private(set) var values: [Double] = []
    /// The smallest recorded value (NaN before the first).
    public private(set) var minimum: Double = .nan
    /// The decay time τ (NaN until the first update).
    public private(set) var decay: Double = .nan

    // The weighted moments S₀, S₁, S₂ of the ages and L₀, L₁ of l against age.
    private var s0 = 0.0, s1 = 0.0, s2 = 0.0, l0 = 0.0, l1 = 0.0

    /// An empty fit whose weights fall to 10 % after `window` samples.
    public init(window: Int = 10) {
        precondition(window > 0, "the window must be positive, got \(window)")
        self.window = window
        self.gamma = pow(0.1, 1 / Double(window))
    }

    /// The fit of a whole cost sequence, recorded in order.
    public init<Costs: Sequence<Double>>(_ costs: Costs, window: Int = 10) {
        self.init(window: window)
        for c in costs { record(c) }
    }

    /// The number of recorded values.
    public var count: Int { values.count }

    /// Records the next cost value, unless it equals the previous one.
    public mutating func record(_ c: Double) {
        if let previous = values.last {
            if c == previous { return }
            let l = log(abs(previous - c))
            // Every earlier sample ages by one; the new difference has age 0.
            s2 = gamma * (s0 + 2 * s1 + s2)
            s1 = gamma * (s0 + s1)
            s0 = 1 + gamma * s0
            l1 = gamma * (l0 + l1)
            l0 = l + gamma * l0
            let denominator = s0 * l1 - s1 * l0
            if denominator > 0 { decay = (s0 * s2 - s1 * s1) / denominator }
        }
        values.append(c)
        if !(minimum <= c) { minimum = c }
    }

    /// The final bias β: the γ-weighted mean of the admissible estimates
    /// β_k = c_k − q (c_{k−1} − c_k), q = 1/(e^{1/τ} − 1).
    public var bias: Double {
        if decay.isNaN { return .nan }
        let q = 1 / expm1(1 / decay)
        var weight = 1.0, weightedSum = 0.0, totalWeight = 0.0
        for k in stride(from: values.count - 1, through: 1, by: -1) {
            let estimate = values[k] - q * (values[k - 1] - values[k])
            if 0 < estimate && estimate < minimum {
                weightedSum += weight * estimate
                totalWeight += weight
            }
            weight *= gamma
        }
        return totalWeight == 0 ? 0 : weightedSum / totalWeight
    }

    /// The four entries as the published table prints them.
    public struct TableEntries: Equatable, Sendable, CustomStringConvertible {
        /// The number of recorded values, "%.0f".
        public var count: String
        /// The minimal value, "%.1e".
        public var minimum: String
        /// The decay time τ, "%.0f".
        public var decay: String
        /// The final bias β, "%.1e".
        public var bias: String

        public init(count: String, minimum: String, decay: String, bias: String) {
            self.count = count
            self.minimum = minimum
            self.decay = decay
            self.bias = bias
        }

        public var description: String { "\(count) & \(minimum) & \(decay) & \(bias)" }
    }

    /// The entries with the table's formats: count and τ "%.0f", minimum and β "%.1e";
    /// τ and β are "–" while τ is undefined (fewer than three recorded costs, or none decaying).
    public var tableEntries: TableEntries {
        TableEntries(count: String(format: "%.0f", Double(count)),
                     minimum: String(format: "%.1e", minimum),
                     decay: decay.isNaN ? "–" : String(format: "%.0f", decay),
                     bias: decay.isNaN ? "–" : String(format: "%.1e", bias))
    }
}
