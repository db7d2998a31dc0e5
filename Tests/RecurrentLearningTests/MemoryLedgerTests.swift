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
