import Foundation
import RecurrentLearning
import Testing

/// The memory ledger counts a method's own pooled buffers: what the complexity claims
/// O(nm) for RTRL and O(nT) for BPTT are about (both also copy the k × T inputs once).
@Suite("Memory ledger: a method's own allocations, counted")
struct MemoryLedgerTests {
    static func problem(units n: Int, steps T: Int) -> TrajectoryProblem<RateNetwork, SquaredErrorLoss> {
        var rng = SeededGenerator(seed: 11)
        let network = RateNetwork(units: n, inputs: 1, using: &rng)
        return TrajectoryProblem(system: network, initialState: [Double](repeating: 0, count: n),
                                 inputs: (0..<T).map { _ in [rng.uniform(-1, 1)] }, timeStep: 0.1,
                                 loss: SquaredErrorLoss(targets: (0..<T).map { _ in rng.uniform(-0.5, 0.5) }))
    }

    @Test("BPTT's peak grows with T, by 2n to 4n + k doubles a step (trajectory, adjoints, the linearization's points, the inputs)")
    func bpttGrowsWithT() {
        let n = 8, k = 1
        let problems = [100, 200, 300].map { Self.problem(units: n, steps: $0) }      // made outside: inputs and weights are not the method's
        let peaks = problems.map { p in MemoryLedger.measure { BPTT.gradient(p) }.peakDoubles }
        let steps = [peaks[1] - peaks[0], peaks[2] - peaks[1]]
        #expect(steps.allSatisfy { $0 >= 2 * n * 100 && $0 <= (4 * n + k) * 100 }, "\(peaks)")   // seen: 2880, 5576, 8280
        #expect(abs(steps[1] - steps[0]) <= steps[0] / 100, "linear in T: \(peaks)")
    }

    @Test("RTRL's peak: the two n × m sensitivities and more, plus only k doubles a step (the inputs, copied once for the kernels)")
    func rtrlConstantInT() {
        let n = 8, k = 1, m = Self.problem(units: n, steps: 1).system.parameterCount
        let problems = [100, 200, 300].map { Self.problem(units: n, steps: $0) }
        let peaks = problems.map { p in MemoryLedger.measure { RTRL.gradient(p) }.peakDoubles }
        #expect(peaks[1] - peaks[0] == 100 * k && peaks[2] - peaks[1] == 100 * k, "\(peaks)")   // seen: 1580, 1680, 1780
        #expect(peaks[0] >= 2 * n * m, "\(peaks), 2nm = \(2 * n * m)")
    }

    /// Without the solver's stability check, whose 2n² (J and LAPACK's copy) would be the peak.
    static func fixedPoint(units n: Int) -> FixedPointProblem<RateNetwork> {
        var rng = SeededGenerator(seed: 5)
        let network = RateNetwork(units: n, inputs: 1, gain: 0.5, using: &rng)
        return FixedPointProblem(system: network, inputs: [[0.3]], targets: [[0.1]], readout: [0],
                                 solver: FixedPointSolver(checksStability: false))
    }

    @Test("the implicit gradient by solve holds the n × n J (its LU factors in place) and more: growth by about 4× as n doubles")
    func solveGrowsAsNSquared() throws {
        let problems = [32, 64].map { Self.fixedPoint(units: $0) }
        let peaks = try problems.map { p in try MemoryLedger.measure { try ImplicitGradient.bySolve(p) }.peakDoubles }
        #expect(peaks[0] >= 32 * 32 && peaks[1] >= 64 * 64, "\(peaks)")
        let ratio = Double(peaks[1]) / Double(peaks[0])
        #expect(ratio > 3.5 && ratio < 4.1, "\(peaks): O(n²)")
    }

    @Test("the adjoint holds the same memory for 10 steps or 300 without its residual history, one double a step more with it")
    func adjointConstantInSteps() throws {
        let problem = Self.fixedPoint(units: 16)
        func peak(tolerance: Double, history: Bool) throws -> (peak: Int, steps: Int) {
            let (result, peak) = try MemoryLedger.measure {
                try ImplicitGradient.byAdjoint(problem, timeStep: 0.1, tolerance: tolerance, recordingResidualHistory: history)
            }
            return (peak, result.adjointHealth[0].steps)
        }
        let loose = try peak(tolerance: 1e-2, history: false), tight = try peak(tolerance: 1e-12, history: false)
        #expect(tight.steps > 5 * loose.steps, "\(loose) \(tight)")
        #expect(loose.peak == tight.peak, "\(loose) \(tight)")
        let recorded = try peak(tolerance: 1e-12, history: true)
        #expect(recorded.peak - tight.peak == recorded.steps + 1, "one residual per step and the last: \(recorded) \(tight)")
    }

    @Test("buffers made before the call are not counted; nothing made is counted twice")
    func onlyTheCallsOwn() {
        let problem = Self.problem(units: 4, steps: 50)
        let outside = MemoryLedger.measure { 1 + 1 }
        #expect(outside.peakDoubles == 0)
        let once = MemoryLedger.measure { BPTT.gradient(problem) }.peakDoubles
        let again = MemoryLedger.measure { BPTT.gradient(problem) }.peakDoubles
        #expect(once == again && once > 0)
    }
}
