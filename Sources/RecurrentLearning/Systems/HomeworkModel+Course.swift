import Foundation

extension TrajectoryProblem where System == HomeworkModel, Loss == SquaredErrorLoss {
    /// The course homework's problem on a sequence (x, y), with its conventions:
    ///
    /// ```
    /// w = b = 1 at the start,  r₀ = y₀,  Δt = 0.1
    /// r_{t+1} = r_t + Δt((w − 1) r_t + b + x_t)          t = 0 … T−1
    /// L = 1/(2T) Σ_{t=1}^{T} (r_t − y_{t−1})²            r_t is compared with y_{t−1}
    /// ```
    ///
    /// `w` and `b` start elsewhere when given (the lessons' `--w0` and `--b0`).
    public static func courseHomework(x: [Double], y: [Double], w: Double = 1, b: Double = 1) -> TrajectoryProblem<HomeworkModel, SquaredErrorLoss> {
        precondition(!y.isEmpty && x.count == y.count, "the homework needs x and y of one non-zero length, got \(x.count) and \(y.count)")
        return TrajectoryProblem(system: HomeworkModel(w: w, b: b), initialState: [y[0]],
                                 inputs: x.map { [$0] }, timeStep: 0.1, loss: SquaredErrorLoss(targets: y))
    }
}

extension HomeworkModel {
    /// The course's sequence of length T: x ~ N(0, 0.1²), then
    /// y = exp(linspace(1, 0, T)) + N(0, 0.1²), drawn in that order (all x first, then
    /// the y noise), so one seed gives the lessons', the graded tests' and the library
    /// tests' data alike.
    public static func courseSequence(length T: Int, using rng: inout SeededGenerator) -> (x: [Double], y: [Double]) {
        let noise = NormalDistribution(standardDeviation: 0.1)
        let x = noise.samples(T, using: &rng)
        let y = (0..<T).map { t -> Double in
            let s: Double = T == 1 ? 1 : 1 - Double(t) / Double(T - 1)   // linspace(1, 0, T)
            return exp(s) + noise.sample(using: &rng)
        }
        return (x, y)
    }
}
