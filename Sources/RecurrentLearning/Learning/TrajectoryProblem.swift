/// A trajectory-learning problem: a system, where it starts, what drives it,
/// how finely it is stepped, and what it should produce.
///
/// ```
/// r_{t+1} = r_t + Δt F_w(r_t, x_t),   t = 0 … T−1      (Euler, `EulerMap`)
/// L(w)    = l(r₁, …, r_T)                              (`Loss`)
/// ```
///
/// RTRL, BPTT and finite differences all differentiate this same discrete map,
/// so they agree to rounding.
public struct TrajectoryProblem<System: DynamicalSystem, Loss: TrajectoryLoss>: Sendable {
    public var system: System
    public var initialState: [Double]
    /// x₀ … x_{T−1}.
    public var inputs: [[Double]]
    /// Δt, in the unit of the system's time constants.
    public var timeStep: Double
    public var loss: Loss

    public init(system: System, initialState: [Double], inputs: [[Double]], timeStep: Double, loss: Loss) {
        precondition(initialState.count == system.stateCount,
                     "initial state has \(initialState.count) components, the system \(system.stateCount)")
        precondition(inputs.allSatisfy { $0.count == system.inputCount },
                     "every input must have \(system.inputCount) components")
        precondition(inputs.count == loss.stepCount,
                     "\(inputs.count) inputs but a loss over \(loss.stepCount) steps: one input per step")
        precondition(timeStep > 0, "Δt must be positive, got \(timeStep)")
        self.system = system
        self.initialState = initialState
        self.inputs = inputs
        self.timeStep = timeStep
        self.loss = loss
    }

    /// T, the number of steps.
    public var stepCount: Int { inputs.count }

    /// The Euler map of the problem's Δt, what the methods differentiate by default.
    @inlinable
    public var map: EulerMap { EulerMap(timeStep: timeStep) }

    /// r₀ … r_T under the current parameters.
    public func simulate() -> [[Double]] {
        system.simulate(from: initialState, inputs: inputs, timeStep: timeStep).states
    }

    /// L(w) for other parameters w (the system is left unchanged).
    public func lossValue(parameters w: [Double]) -> Double {
        let states = system.with(parameters: w)
            .simulate(from: initialState, inputs: inputs, timeStep: timeStep).states
        return loss.value(states: states)
    }

    /// L at the current parameters.
    public var lossValue: Double { loss.value(states: simulate()) }

    /// x₀ … x_{T−1} as the columns of a k × T buffer, for the methods. Element
    /// by element: taking each x_t out as an array would retain and release it.
    @usableFromInline
    func inputBuffer() -> PooledBuffer {
        let k = system.inputCount, buffer = PooledBuffer(count: k * stepCount)
        for t in 0..<stepCount {
            for j in 0..<k { buffer.pointer[t * k + j] = inputs[t][j] }
        }
        return buffer
    }
}
