/// Gradient descent at a fixed point: each epoch solves for every sample's r*, takes
/// the implicit gradient (by solve, by the adjoint ODE, or its equilibrium-propagation
/// estimate) and steps w ← w − η dl/dw.
extension FixedPointProblem {
    /// How the implicit gradient is computed.
    public enum ImplicitMethod: Sendable, Equatable {
        case solve
        case adjoint(timeStep: Double)
        /// The symmetric estimate of `EquilibriumPropagation` at nudge λ: exact as λ → 0
        /// for an `EnergyModel`, biased for a model without an energy.
        case equilibriumPropagation(nudge: Double)
    }

    /// One epoch: the loss and gradient norm before the update, and the wall time so far.
    public struct Epoch: Sendable, Equatable {
        public var epoch: Int
        public var loss: Double
        public var gradientNorm: Double
        /// Seconds since training began, at the end of this epoch.
        public var seconds: Double
    }

    /// The implicit gradient by `method`.
    public func gradient(by method: ImplicitMethod) throws(FixedPointError) -> ImplicitGradient.Result {
        switch method {
        case .solve: return try ImplicitGradient.bySolve(self)
        case .adjoint(let Δt): return try ImplicitGradient.byAdjoint(self, timeStep: Δt)
        case .equilibriumPropagation(let λ):
            // The directions dr*/dλ stand for the adjoints v*, which they estimate when J is symmetric.
            let estimate = try EquilibriumPropagation.gradient(self, nudge: λ, estimator: .symmetric)
            return ImplicitGradient.Result(loss: estimate.loss, gradient: estimate.gradient, fixedPoints: estimate.free,
                                           adjoints: estimate.directions)
        }
    }

    /// `epochs` steps of gradient descent with step η; the trained problem and the history.
    /// Throws as soon as a network on the way has no usable fixed point.
    public func trained(epochs: Int, learningRate η: Double, method: ImplicitMethod) throws(FixedPointError) -> (FixedPointProblem, [Epoch]) {
        precondition(epochs >= 0 && η > 0, "epochs ≥ 0 and a positive learning rate, got \(epochs) and \(η)")
        var problem = self, history: [Epoch] = []
        let clock = ContinuousClock(), start = clock.now
        for epoch in 1...max(epochs, 1) where epochs > 0 {
            let result = try problem.gradient(by: method)
            problem.system.parameters = Vector.adding(problem.system.parameters, result.gradient, scaledBy: -η)
            history.append(Epoch(epoch: epoch, loss: result.loss, gradientNorm: Vector.norm(result.gradient),
                                 seconds: (clock.now - start).inSeconds))
        }
        return (problem, history)
    }
}
