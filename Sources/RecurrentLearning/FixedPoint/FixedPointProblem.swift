/// Learning at a fixed point: the network's answer to input x_s is its fixed point
/// 0 = F_w(r*_s, x_s), scored on the readout units against y_s,
///
///     l(w) = (1/S) Σ_s ½ ‖r*_s[readout] − y_s‖²,
///
/// over S (input, target) samples. Each solve starts from `initialState`, so l is a
/// function of w alone, and its gradient is the implicit one (`ImplicitGradient`).
public struct FixedPointProblem<System: DynamicalSystem>: Sendable {
    public var system: System
    public var inputs: [[Double]]
    public var targets: [[Double]]
    /// The units scored: target k is compared with r*[readout[k]].
    public var readout: [Int]
    public var initialState: [Double]
    public var solver: FixedPointSolver

    public init(system: System, inputs: [[Double]], targets: [[Double]], readout: [Int]? = nil,
                initialState: [Double]? = nil, solver: FixedPointSolver = FixedPointSolver()) {
        let n = system.stateCount
        let readout = readout ?? Array(0..<n)
        precondition(!inputs.isEmpty && inputs.count == targets.count, "give one target per input, got \(inputs.count) and \(targets.count)")
        precondition(inputs.allSatisfy { $0.count == system.inputCount }, "every input needs \(system.inputCount) values")
        precondition(targets.allSatisfy { $0.count == readout.count }, "every target needs \(readout.count) values (one per readout unit)")
        precondition(readout.allSatisfy { (0..<n).contains($0) }, "readout units must lie in 0..<\(n)")
        precondition(inputs.allSatisfy { $0.allSatisfy(\.isFinite) } && targets.allSatisfy { $0.allSatisfy(\.isFinite) },
                     "every input and target must be a finite number")
        self.system = system
        self.inputs = inputs
        self.targets = targets
        self.readout = readout
        self.initialState = initialState ?? [Double](repeating: 0, count: n)
        self.solver = solver
    }

    public var sampleCount: Int { inputs.count }

    /// r*_s for every sample.
    public func solve() throws(FixedPointError) -> [FixedPoint] {
        try solve(linearizing: system.makeLinearization(points: sampleCount))
    }

    /// r*_s for every sample, leaving point s of `linearization` linearized at (r*_s, x_s).
    func solve(linearizing linearization: System.Linearization) throws(FixedPointError) -> [FixedPoint] {
        var points: [FixedPoint] = []
        for (s, x) in inputs.enumerated() {
            points.append(try solver.solve(system, input: x, from: initialState, linearizing: linearization, point: s))
        }
        return points
    }

    /// l at the given fixed points (one per sample).
    public func loss(at points: [FixedPoint]) -> Double {
        var total = 0.0
        for (s, point) in points.enumerated() {
            for (k, unit) in readout.enumerated() {
                let e = point.state[unit] - targets[s][k]
                total += e * e
            }
        }
        return total / (2 * Double(sampleCount))
    }

    /// l(w): solves, then scores.
    public func lossValue() throws(FixedPointError) -> Double { loss(at: try solve()) }

    /// ∂l/∂r*_s, an n-vector: (r*_s − y_s)/S on the readout units, 0 elsewhere.
    public func lossGradient(at point: FixedPoint, sample s: Int) -> [Double] {
        var g = [Double](repeating: 0, count: system.stateCount)
        for (k, unit) in readout.enumerated() { g[unit] += (point.state[unit] - targets[s][k]) / Double(sampleCount) }
        return g
    }

    /// Central differences of l(r*(w)) in every parameter: 2m solves of every sample.
    /// Throws if any perturbed network has no fixed point.
    public func finiteDifferenceGradient(step h: Double = FiniteDifferences.defaultStep) throws(FixedPointError) -> [Double] {
        let w = system.parameters
        var gradient = [Double](repeating: 0, count: w.count)
        for j in w.indices {
            var moved = self
            moved.system.parameters[j] = w[j] + h
            let up = try moved.lossValue()
            moved.system.parameters[j] = w[j] - h
            let down = try moved.lossValue()
            gradient[j] = (up - down) / (2 * h)
        }
        return gradient
    }

    /// The relaxation unrolled: sample s as K Euler steps of Δt from `initialState` at
    /// the constant input x_s, scored at the last step with the same ½‖r_K − y_s‖²/S.
    /// BPTT and RTRL on it give the gradient of the K-step loss, which tends to the
    /// implicit gradient as K grows, geometrically at the rate of the slowest eigenvalue
    /// of I + Δt J.
    public func unrolled(sample s: Int, steps K: Int, timeStep Δt: Double) -> TrajectoryProblem<System, FinalStateLoss> {
        TrajectoryProblem(system: system, initialState: initialState,
                          inputs: [[Double]](repeating: inputs[s], count: K), timeStep: Δt,
                          loss: FinalStateLoss(target: targets[s], readout: readout, steps: K, scale: 1 / Double(sampleCount)))
    }

    /// The gradient of the K-step unrolled loss, summed over the samples, by BPTT or RTRL.
    public func unrolledGradient(steps K: Int, timeStep Δt: Double, method: GradientMethod) -> [Double] {
        var gradient = [Double](repeating: 0, count: system.parameterCount)
        for s in 0..<sampleCount { gradient = Vector.adding(gradient, method.gradient(unrolled(sample: s, steps: K, timeStep: Δt)).gradient) }
        return gradient
    }
}
