/// Why a surrogate-gradient check refused to run.
public enum SurrogateCheckError: Error, Equatable, CustomStringConvertible {
    /// No unit crossed threshold in `steps` steps: every s_t is 0, so the
    /// surrogate gradient Σ_t Δt a_{t+1}ᵀ ∂F/∂W(s_t) is exactly 0 and the
    /// check would compare zeros: it could pass or fail, and either verdict
    /// would say nothing about the surrogate.
    case neverFired(steps: Int, units: Int)
    /// Some spikes, but fewer than the caller asked for.
    case tooFewSpikes(spikes: Int, minimum: Int, steps: Int, units: Int)

    public var description: String {
        switch self {
        case let .neverFired(steps, units):
            "none of the \(units) units fired in \(steps) steps: every spike is 0, so the surrogate gradient is exactly 0 "
                + "and the check would compare zeros; raise the input drive or lower the threshold V_th"
        case let .tooFewSpikes(spikes, minimum, steps, units):
            "the \(units) units fired \(spikes) times in \(steps) steps, fewer than the \(minimum) asked for: "
                + "the check would rest on too few spikes; raise the input drive or lower the threshold V_th"
        }
    }
}

/// The surrogate gradient of a spiking network next to the exact gradient of
/// its smoothed twin.
public struct SurrogateComparison: Sendable {
    /// dL/dW of the threshold network through the surrogate σ′_β (BPTT).
    public var surrogateGradient: [Double]
    /// dL/dW of the smoothed network (s = σ_β(u − V_th)) by central differences.
    public var smoothedGradient: [Double]
    /// `surrogateGradient` measured against `smoothedGradient`.
    public var agreement: Agreement
    /// Spikes emitted by the threshold network, Σ_{t<T} Σ_i H(u_t,i − V_th).
    public var spikeCount: Int
    /// The cosine of the two gradients once their common component is removed
    /// (`SurrogateGradientCheck.informativeCosine`): what the direction says beyond
    /// "move every weight the same way".
    public var informativeCosine: Double {
        SurrogateGradientCheck.informativeCosine(surrogateGradient, smoothedGradient)
    }
}

/// The surrogate's direction measured over a family of tasks, beside a baseline that
/// carries no information (`SurrogateGradientCheck.directionStudy`).
public struct SurrogateDirectionStudy: Sendable {
    /// The informative cosine of the surrogate with the smoothed gradient, one per task.
    public var cosines: [Double]
    /// The same for the surrogate's components scrambled, the mean over 8 seeded random
    /// permutations: right magnitudes, no information about which weight they belong to.
    /// (A random permutation's expected informative cosine is −1/(m − 1), slightly below 0.)
    public var scrambledCosines: [Double]
    public var median: Double { Vector.median(cosines) }
    public var scrambledMedian: Double { Vector.median(scrambledCosines) }
}

/// Checks a surrogate gradient, and refuses to when the check would be vacuous.
///
/// The network (`SpikingNetwork`, stepped with Euler) is
///
/// ```
/// du/dt = −V_th s + W s + x,       s = H(u − V_th)
/// ```
///
/// and the loss l(u₁ … u_T). By the chain rule dl/dW = Σ_t ∂l/∂u_t du_t/dW, and
/// the sensitivity p = du/dW obeys
///
/// ```
/// dp/dt = (W − V_th I) diag(∂s/∂u) p + ∂F/∂W,     ∂F_i/∂W_ij = s_j
/// ```
///
/// (for one unit: dp/dt = (w − V_th) ∂s/∂u p + s). H′ = 0 almost everywhere, so
/// the exact ∂s/∂u would freeze the spike times; the surrogate gradient puts
/// σ′_β(u − V_th) = β σ_β (1 − σ_β) in its place. It is the gradient of no
/// loss, so no finite difference can check it exactly. What can be checked:
///
/// - the **smoothed unit** s = σ_β(u − V_th) (same W, same β) has exactly this
///   Jacobian, so its gradient is an honest reference, taken here by central
///   differences of its loss;
/// - the surrogate gradient should point the same way: the cosine of
///   `agreement` near 1, while the relative error stays large (the two
///   networks follow different trajectories).
///
/// If no unit fires, s_t = 0 for every t, so ∂F/∂W = 0 along the whole
/// trajectory and the surrogate gradient is exactly 0: any comparison would be
/// vacuous. The check counts the spikes s_t = H(u_t − V_th), t = 0 … T−1,
/// of the threshold network first and throws instead.
public enum SurrogateGradientCheck {
    /// Compares the surrogate gradient of `problem` with the finite-difference
    /// gradient of its smoothed twin. Whatever `problem.system.spike` is, the
    /// surrogate side uses `.threshold` and the reference `.smooth`.
    ///
    /// - Parameter minimumSpikes: the fewest spikes (all units, all steps) for
    ///   the check to count; at least 1.
    /// - Throws: `.neverFired` when no unit crosses threshold, `.tooFewSpikes`
    ///   when fewer than `minimumSpikes` spikes occur.
    public static func compare<L>(_ problem: TrajectoryProblem<SpikingNetwork, L>, minimumSpikes: Int = 1)
        throws(SurrogateCheckError) -> SurrogateComparison
    {
        precondition(minimumSpikes >= 1, "minimumSpikes must be at least 1, got \(minimumSpikes)")
        var threshold = problem, smoothed = problem
        threshold.system.spike = .threshold
        smoothed.system.spike = .smooth
        let spikes = spikeCount(threshold)
        let steps = problem.stepCount, units = problem.system.stateCount
        if spikes == 0 { throw .neverFired(steps: steps, units: units) }
        if spikes < minimumSpikes {
            throw .tooFewSpikes(spikes: spikes, minimum: minimumSpikes, steps: steps, units: units)
        }
        let surrogate = BPTT.gradient(threshold).gradient
        let reference = smoothed.finiteDifferenceGradient()
        return SurrogateComparison(surrogateGradient: surrogate, smoothedGradient: reference,
                                   agreement: Agreement(surrogate, reference), spikeCount: spikes)
    }

    /// The cosine of a and b after each loses its component along the all-ones vector 1:
    ///
    /// ```
    /// a° = a − (a·1/m) 1,   b° = b − (b·1/m) 1,   cos° = a°·b° / (‖a°‖ ‖b°‖)
    /// ```
    ///
    /// (m components; 0 when a° or b° is 0). A gradient that only says "raise every weight"
    /// scores a plain cosine near 1 against any other that says so too, and cos° = 0: the
    /// common direction carries no information about which weight matters.
    public static func informativeCosine(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count && !a.isEmpty, "comparing vectors of length \(a.count) and \(b.count)")
        func centered(_ v: [Double]) -> [Double] {
            let mean = v.reduce(0, +) / Double(v.count)
            return v.map { $0 - mean }
        }
        let ca = centered(a), cb = centered(b)
        let na = Vector.norm(ca), nb = Vector.norm(cb)
        return na == 0 || nb == 0 ? 0 : Vector.dot(ca, cb) / (na * nb)
    }

    /// The informative cosine over `problems` (each must fire), and the same for the
    /// surrogate's components scrambled: the mean over 8 permutations drawn from a generator
    /// seeded with 2023, the same for every call.
    /// One task's cosine varies widely with the draw; a family's median does not.
    public static func directionStudy<L>(_ problems: [TrajectoryProblem<SpikingNetwork, L>])
        throws(SurrogateCheckError) -> SurrogateDirectionStudy
    {
        var cosines: [Double] = [], scrambled: [Double] = []
        var shuffles = SeededGenerator(seed: 2023)
        for problem in problems {
            let c = try compare(problem)
            cosines.append(c.informativeCosine)
            let draws = (0..<8).map { _ in
                informativeCosine(c.surrogateGradient.shuffled(using: &shuffles), c.smoothedGradient)
            }
            scrambled.append(draws.reduce(0, +) / Double(draws.count))
        }
        return SurrogateDirectionStudy(cosines: cosines, scrambledCosines: scrambled)
    }

    /// Σ_{t<T} Σ_i H(u_t,i − V_th) on the problem's trajectory: the spikes
    /// that drive a step (u_T ends the run and drives none).
    public static func spikeCount<L>(_ problem: TrajectoryProblem<SpikingNetwork, L>) -> Int {
        var network = problem.system
        network.spike = .threshold
        let states = network.simulate(from: problem.initialState, inputs: problem.inputs,
                                      timeStep: problem.timeStep).states
        return states.dropLast().reduce(0) { count, u in
            count + network.spikes(u).reduce(0) { $0 + Int($1) }
        }
    }
}
