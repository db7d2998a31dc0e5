/// A loss on a trajectory r₀ … r_T of T steps:
///
/// ```
/// l = value(sumOfTerms: Σ_{t=1}^{T} term(t, r_t))
/// ∂l/∂r_t, added in place by addGradient(step: t, …)            t = 1 … T
/// ```
///
/// r₀ is never scored (it does not depend on w). The loss is a sum of
/// per-step terms so that RTRL can score a step as soon as it is taken and
/// keep no trajectory; `value(sumOfTerms:)` applies what is common to all
/// terms (the squared error's 1/(2T)) once, at the end.
///
/// Conformances: `SquaredErrorLoss` (every step against a target) and
/// `FinalStateLoss` (the last state only).
public protocol TrajectoryLoss: Sendable {
    /// T, the number of steps, hence of inputs, the loss expects.
    var stepCount: Int { get }
    /// The unnormalised contribution of r_t, 1 ≤ t ≤ T.
    func term(step t: Int, state r: UnsafePointer<Double>) -> Double
    /// l from the sum of the terms, in the order t = 1 … T.
    func value(sumOfTerms: Double) -> Double
    /// g ← g + ∂l/∂r_t for 1 ≤ t ≤ T (n components).
    func addGradient(step t: Int, state r: UnsafePointer<Double>, to g: UnsafeMutablePointer<Double>)
    /// Whether ∂l/∂r_t can be non-zero: a method skips the steps where it cannot.
    func scores(step t: Int) -> Bool
}

extension TrajectoryLoss {
    @inlinable
    public func scores(step t: Int) -> Bool { true }

    /// l for states r₀ … r_T stored as the columns of an n-row column-major buffer.
    public func value(states r: UnsafePointer<Double>, dimension n: Int) -> Double {
        var sum = 0.0
        for t in stride(from: 1, through: stepCount, by: 1) { sum += term(step: t, state: r + t * n) }
        return value(sumOfTerms: sum)
    }

    /// l for states r₀ … r_T.
    public func value(states: [[Double]]) -> Double {
        precondition(states.count == stepCount + 1,
                     "loss over \(stepCount) steps needs \(stepCount + 1) states (r₀ … r_T), got \(states.count)")
        var sum = 0.0
        for t in stride(from: 1, through: stepCount, by: 1) {
            sum += states[t].withUnsafeBufferPointer { term(step: t, state: $0.baseAddress!) }
        }
        return value(sumOfTerms: sum)
    }

    /// ∂l/∂r_t for t = 1 … T, a vector of the state's length.
    public func gradient(state r: [Double], step t: Int) -> [Double] {
        precondition(t >= 1 && t <= stepCount, "loss gradient asked at step \(t), outside 1 … \(stepCount)")
        var g = [Double](repeating: 0, count: r.count)
        r.withUnsafeBufferPointer { pr in
            g.withUnsafeMutableBufferPointer { addGradient(step: t, state: pr.baseAddress!, to: $0.baseAddress!) }
        }
        return g
    }
}

/// The squared error of the last state alone:
///
/// ```
/// l = (c/2) Σ_j (r_T[o_j] − y_j)²,    ∂l/∂r_T[o_j] = c (r_T[o_j] − y_j),   ∂l/∂r_t = 0 for t < T
/// ```
///
/// The loss of a network whose answer is where it ends up (and, at a steady
/// state, the loss l(r*, y) of the fixed-point methods). The scale c is 1 unless
/// given (1/S for one of S samples whose losses are averaged).
public struct FinalStateLoss: TrajectoryLoss, Equatable {
    public var target: [Double]
    public var readout: [Int]
    public var stepCount: Int
    public var scale: Double

    public init(target: [Double], readout: [Int], steps: Int, scale: Double = 1) {
        precondition(target.count == readout.count, "one target per read-out component: \(target.count) vs \(readout.count)")
        precondition(steps >= 1, "a final-state loss needs at least one step, got \(steps)")
        self.target = target
        self.readout = readout
        self.stepCount = steps
        self.scale = scale
    }

    public func term(step t: Int, state r: UnsafePointer<Double>) -> Double {
        guard t == stepCount else { return 0 }
        var sum = 0.0
        for (j, o) in readout.enumerated() { let e = r[o] - target[j]; sum += e * e }
        return sum
    }

    public func value(sumOfTerms sum: Double) -> Double { scale * sum / 2 }

    public func addGradient(step t: Int, state r: UnsafePointer<Double>, to g: UnsafeMutablePointer<Double>) {
        guard t == stepCount else { return }
        for (j, o) in readout.enumerated() { g[o] += scale * (r[o] - target[j]) }
    }

    public func scores(step t: Int) -> Bool { t == stepCount }
}
