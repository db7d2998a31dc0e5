/// Which exact gradient a training loop uses.
public enum GradientMethod: String, Sendable, CaseIterable {
    case rtrl, bptt

    /// The loss, dL/dw and the states (what a training loop looks at).
    public func gradient<S, L>(_ problem: TrajectoryProblem<S, L>) -> GradientResult {
        switch self {
        case .rtrl: RTRL.gradient(problem, recording: .states)
        case .bptt: BPTT.gradient(problem, recording: .states)
        }
    }
}

/// One epoch of training: the loss and gradient on the epoch's trajectory
/// (before the update) and the parameters after it.
public struct EpochRecord: Sendable, Equatable {
    public var epoch: Int
    public var loss: Double
    public var gradient: [Double]
    public var parameters: [Double]
}

public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The loss or gradient stopped being a finite number.
    case diverged(epoch: Int, loss: Double)

    public var description: String {
        switch self {
        case let .diverged(epoch, loss):
            "training diverged at epoch \(epoch) (loss \(loss.isNaN ? "nan" : loss.formatted(sig: 6))); lower the learning rate"
        }
    }
}

extension TrajectoryProblem {
    /// Plain gradient descent, w ← w − η dL/dw, one full trajectory per epoch.
    ///
    /// Each epoch restarts from the same r₀ (the course's convention: the state
    /// and the sensitivities are reset at every epoch). Returns the trained
    /// problem and one record per epoch; throws instead of returning NaN.
    public func trained(epochs: Int, learningRate η: Double, method: GradientMethod = .rtrl)
        throws(TrainingError) -> (problem: TrajectoryProblem, history: [EpochRecord])
    {
        precondition(epochs >= 0, "epochs must be non-negative, got \(epochs)")
        var problem = self
        var history: [EpochRecord] = []
        for epoch in stride(from: 1, through: epochs, by: 1) {
            let result = method.gradient(problem)
            guard result.loss.isFinite, result.gradient.allSatisfy(\.isFinite) else {
                throw .diverged(epoch: epoch, loss: result.loss)
            }
            let updated = Vector.adding(problem.system.parameters, result.gradient, scaledBy: -η)
            // A finite gradient times a huge η can still overflow the parameters;
            // caught here, or the last epoch would return them as ±∞ or NaN.
            guard updated.allSatisfy(\.isFinite) else {
                throw .diverged(epoch: epoch, loss: result.loss)
            }
            problem.system.parameters = updated
            history.append(EpochRecord(epoch: epoch, loss: result.loss, gradient: result.gradient,
                                       parameters: problem.system.parameters))
        }
        return (problem, history)
    }
}
