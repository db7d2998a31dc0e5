/// A simulated trajectory r₀, r₁, …: states at times t₀ + i·Δt·stride.
public struct Trajectory: Sendable, Equatable {
    /// Recorded states; `states[0]` is the initial state.
    public var states: [[Double]]
    /// The time of each recorded state.
    public var times: [Double]

    /// Component `i` of every recorded state, as a time series.
    public func series(_ i: Int) -> [Double] { states.map { $0[i] } }
}

extension DynamicalSystem {
    /// Simulates T = `inputs.count` steps from r₀, applying x_t during step t:
    ///
    /// ```
    /// r_{t+1} = step(r_t, x_t)      t = 0 … T−1
    /// ```
    ///
    /// Records r₀ and then every `recordEvery`-th state (r_T is always kept),
    /// so long runs need not store every step.
    public func simulate(from r0: [Double], inputs: [[Double]], timeStep Δt: Double,
                         integrator: Integrator = .euler, recordEvery stride: Int = 1) -> Trajectory {
        precondition(r0.count == stateCount, "initial state has \(r0.count) components, the system \(stateCount)")
        precondition(stride >= 1, "recordEvery must be at least 1, got \(stride)")
        var r = r0
        var states = [r0], times = [0.0]
        states.reserveCapacity(inputs.count / stride + 2)
        for (t, x) in inputs.enumerated() {
            r = integrator.step(self, state: r, input: x, timeStep: Δt)
            if (t + 1) % stride == 0 || t + 1 == inputs.count {
                states.append(r)
                times.append(Double(t + 1) * Δt)
            }
        }
        return Trajectory(states: states, times: times)
    }
}
