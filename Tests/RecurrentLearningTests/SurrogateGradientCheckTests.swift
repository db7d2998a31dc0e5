import Foundation
import RecurrentLearning
import Testing

/// The surrogate-gradient check: it compares the surrogate gradient of a firing
/// threshold network with the exact gradient of its smoothed twin, and refuses
/// to compare anything when no unit fires.
@Suite("Surrogate-gradient check")
struct SurrogateGradientCheckTests {
    /// The `spiking` lesson's task: n = 3 units driven by x_t,i = |N(mean, 0.1²)|
    /// for T = 60 steps of Δt = 1; a student at W = 0 must reproduce the membrane
    /// potentials of a teacher with excitatory weights W*_ij ~ U(0.1, 0.25).
    static func teacherAndStudent(seed: UInt64, driveMean: Double = 0.2, steps T: Int = 60,
                                  spike: SpikingNetwork.Spike = .threshold) -> TrajectoryProblem<SpikingNetwork, SquaredErrorLoss> {
        let n = 3
        var rng = SeededGenerator(seed: seed)
        let drive = NormalDistribution(mean: driveMean, standardDeviation: 0.1)
        let inputs = (0..<T).map { _ in (0..<n).map { _ in abs(drive.sample(using: &rng)) } }
        let teacher = SpikingNetwork(weights: Matrix(rows: n, columns: n,
                                                     elements: (0..<(n * n)).map { _ in rng.uniform(0.1, 0.25) }))
        let u0 = [Double](repeating: 0, count: n)
        let targets = teacher.simulate(from: u0, inputs: inputs, timeStep: 1).states.dropFirst()
        return TrajectoryProblem(system: SpikingNetwork(weights: Matrix(rows: n, columns: n), spike: spike),
                                 initialState: u0, inputs: inputs, timeStep: 1,
                                 loss: SquaredErrorLoss(targets: Array(targets), readout: Array(0..<n)))
    }

    /// The same problem with the drive switched off: u stays at 0 < V_th.
    static func silenced(_ problem: TrajectoryProblem<SpikingNetwork, SquaredErrorLoss>) -> TrajectoryProblem<SpikingNetwork, SquaredErrorLoss> {
        var silent = problem
        silent.inputs = problem.inputs.map { $0.map { _ in 0 } }
        return silent
    }

    @Test("a network that never fires is refused with neverFired(steps:units:)")
    func refusesSilence() {
        let silent = Self.silenced(Self.teacherAndStudent(seed: 2023))
        #expect(SurrogateGradientCheck.spikeCount(silent) == 0)
        // Without spikes ∂F/∂W_ij = s_j = 0 at every step: the surrogate gradient is exactly 0.
        #expect(BPTT.gradient(silent).gradient.allSatisfy { $0 == 0 })
        #expect(throws: SurrogateCheckError.neverFired(steps: 60, units: 3)) {
            try SurrogateGradientCheck.compare(silent)
        }
    }

    @Test("fewer spikes than asked for is refused with tooFewSpikes; exactly enough is accepted")
    func minimumSpikes() throws {
        let problem = Self.teacherAndStudent(seed: 7)
        let count = SurrogateGradientCheck.spikeCount(problem)
        try #require(count > 0)
        #expect(throws: SurrogateCheckError.tooFewSpikes(spikes: count, minimum: count + 1, steps: 60, units: 3)) {
            try SurrogateGradientCheck.compare(problem, minimumSpikes: count + 1)
        }
        #expect(try SurrogateGradientCheck.compare(problem, minimumSpikes: count).spikeCount == count)
    }

    @Test("the refusal says why (the check would compare zeros) and what to do")
    func messages() {
        let never = SurrogateCheckError.neverFired(steps: 60, units: 3).description
        #expect(never.contains("60 steps") && never.contains("3 units"))
        #expect(never.contains("compare zeros"))
        #expect(never.contains("raise the input drive") && never.contains("lower the threshold"))
        let few = SurrogateCheckError.tooFewSpikes(spikes: 2, minimum: 5, steps: 60, units: 3).description
        #expect(few.contains("2 times") && few.contains("5"))
        #expect(few.contains("raise the input drive"))
    }

    @Test("spikes are counted on u₀ … u_{T−1}, the states that drive a step")
    func spikeCountByHand() {
        // One unit, w = 0, V_th = 1, constant drive 1/4 (exact in binary): u = 0, ¼, ½, ¾, 1 → spike
        // at t = 4, back to ¼ at t = 5, … 1 again at t = 8.
        func count(steps T: Int, spike: SpikingNetwork.Spike) -> Int {
            SurrogateGradientCheck.spikeCount(TrajectoryProblem(
                system: SpikingNetwork(w: 0, spike: spike), initialState: [0],
                inputs: Array(repeating: [0.25], count: T), timeStep: 1,
                loss: SquaredErrorLoss(targets: Array(repeating: 0, count: T))))
        }
        #expect(count(steps: 8, spike: .threshold) == 1)          // u₈ = 1 ends the run: not counted
        #expect(count(steps: 9, spike: .threshold) == 2)
        #expect(count(steps: 9, spike: .smooth) == 2)             // always counted on the threshold unit
    }

    @Test("on the smoothed unit the surrogate Jacobian is exact: BPTT = RTRL = central differences",
          arguments: [1, 7, 2023] as [UInt64])
    func smoothedUnitIsExact(seed: UInt64) {
        let smoothed = Self.teacherAndStudent(seed: seed, spike: .smooth)
        let bptt = BPTT.gradient(smoothed).gradient, rtrl = RTRL.gradient(smoothed).gradient
        let numeric = smoothed.finiteDifferenceGradient()
        // Same sums in opposite orders: rounding only (seen: ~1e-16).
        #expect(Agreement(bptt, rtrl).holds(within: 1e-10), "\(Agreement(bptt, rtrl))")
        // Central differences, h = 1e-5: truncation O(h²) (seen: ~1e-10).
        #expect(Agreement(bptt, numeric).holds(within: 1e-6), "\(Agreement(bptt, numeric))")
        #expect(Agreement(rtrl, numeric).holds(within: 1e-6), "\(Agreement(rtrl, numeric))")
    }

    @Test("on a firing threshold network the surrogate's RTRL equals its BPTT and points like the smoothed gradient",
          arguments: [1, 2, 3, 7, 42, 99, 2023] as [UInt64])
    func thresholdUnitAgreesInDirection(seed: UInt64) throws {
        let problem = Self.teacherAndStudent(seed: seed)
        let comparison = try SurrogateGradientCheck.compare(problem)
        #expect(comparison.spikeCount >= 20)                      // about one spike per unit every 5 steps
        let rtrl = RTRL.gradient(problem).gradient
        #expect(Agreement(rtrl, comparison.surrogateGradient).holds(within: 1e-10))
        // The surrogate is the gradient of no loss: its size differs from the smoothed
        // unit's (relative error of order 1, seen 1.6–3.6).
        #expect(comparison.agreement.relativeError > 0.1)
    }

    /// Mixed-sign teachers (U(−0.4, 0.4)), n = 4, drive 0.25, the student at W = 0: the
    /// `spiking` lesson's family for the direction check.
    static func mixedTask(using rng: inout SeededGenerator, units n: Int = 4, weights: ClosedRange<Double> = -0.4...0.4,
                          driveMean: Double = 0.25) -> TrajectoryProblem<SpikingNetwork, SquaredErrorLoss> {
        let T = 60
        let drive = NormalDistribution(mean: driveMean, standardDeviation: 0.1)
        let inputs = (0..<T).map { _ in (0..<n).map { _ in abs(drive.sample(using: &rng)) } }
        let w = (0..<(n * n)).map { _ in rng.uniform(weights.lowerBound, weights.upperBound) }
        let u0 = [Double](repeating: 0, count: n)
        let targets = SpikingNetwork(weights: Matrix(rows: n, columns: n, elements: w)).simulate(from: u0, inputs: inputs, timeStep: 1).states
        return TrajectoryProblem(system: SpikingNetwork(weights: Matrix(rows: n, columns: n)), initialState: u0, inputs: inputs,
                                 timeStep: 1, loss: SquaredErrorLoss(targets: Array(targets.dropFirst()), readout: Array(0..<n)))
    }

    @Test("the informative cosine ignores the common component: 0 for a constant vector, unchanged by adding one")
    func informativeCosine() {
        let a = [0.3, -1.2, 0.5, 2.0], b = [1.0, -0.4, 0.2, 1.1]
        #expect(SurrogateGradientCheck.informativeCosine([-1, -1, -1, -1], b) == 0)
        let shifted = a.map { $0 + 7.5 }
        #expect(abs(SurrogateGradientCheck.informativeCosine(shifted, b) - SurrogateGradientCheck.informativeCosine(a, b)) < 1e-12)
        // By hand: a° = a − 0.4 = (−0.1, −1.6, 0.1, 1.6), b° = b − 0.475.
        let ca = a.map { $0 - 0.4 }, cb = b.map { $0 - 0.475 }
        let byHand = Vector.dot(ca, cb) / (Vector.norm(ca) * Vector.norm(cb))
        #expect(abs(SurrogateGradientCheck.informativeCosine(a, b) - byHand) < 1e-12)
    }

    @Test("on excitatory teachers the plain cosine passes vacuously: the constant vector scores ≥ 0.9, its informative cosine is 0",
          arguments: [1, 7, 2023] as [UInt64])
    func plainCosineIsVacuous(seed: UInt64) throws {
        let comparison = try SurrogateGradientCheck.compare(Self.teacherAndStudent(seed: seed))
        let constant = [Double](repeating: -1, count: comparison.smoothedGradient.count)
        #expect(Agreement(constant, comparison.smoothedGradient).cosine >= 0.9)   // would pass "cosine ≥ 0.5"
        #expect(SurrogateGradientCheck.informativeCosine(constant, comparison.smoothedGradient) == 0)
    }

    @Test("the direction check holds for the surrogate and fails for wrong ones (scrambled, sign-flipped) over 20 mixed-sign tasks",
          arguments: [1, 2023] as [UInt64])
    func directionCheckCanFail(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let tasks = (0..<20).map { _ in Self.mixedTask(using: &rng) }
        let study = try SurrogateGradientCheck.directionStudy(tasks)
        // Lesson seeds 1–20 and 2023: medians 0.61–0.87; scrambled −0.02 … 0.02.
        #expect(study.median >= 0.4, "\(study.cosines)")
        #expect(study.scrambledMedian <= 0.2, "\(study.scrambledCosines)")
        let flipped = try tasks.map { task in
            let c = try SurrogateGradientCheck.compare(task)
            return SurrogateGradientCheck.informativeCosine(c.surrogateGradient.map { -$0 }, c.smoothedGradient)
        }.sorted()
        #expect(flipped[10] <= -0.4, "\(flipped)")              // a surrogate of the wrong sign fails the check
    }

    @Test("on excitatory teachers the surrogate says nothing beyond the common direction: the check fails, as it should")
    func excitatoryFamilyFails() throws {
        var rng = SeededGenerator(seed: 2023)
        let study = try SurrogateGradientCheck.directionStudy((0..<20).map { _ in
            Self.mixedTask(using: &rng, units: 3, weights: 0.1...0.25, driveMean: 0.2)
        })
        #expect(study.median < 0.4, "\(study.cosines)")        // seen −0.16 … 0.06 over seeds 1–30
    }

    @Test("the check uses .threshold for the surrogate and .smooth for the reference, whatever the problem says")
    func spikeModeOfTheProblemDoesNotMatter() throws {
        let a = try SurrogateGradientCheck.compare(Self.teacherAndStudent(seed: 99, spike: .threshold))
        let b = try SurrogateGradientCheck.compare(Self.teacherAndStudent(seed: 99, spike: .smooth))
        #expect(a.surrogateGradient == b.surrogateGradient)
        #expect(a.smoothedGradient == b.smoothedGradient)
        #expect(a.spikeCount == b.spikeCount)
    }
}
