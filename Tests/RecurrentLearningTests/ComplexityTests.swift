import Foundation
import Testing
@testable import RecurrentLearning

/// The complexity lab's instruments: the power-law fit, the cost measurement, and the
/// gradients at fixed points already found that it times.
@Suite("Complexity: power-law fits, measured costs, gradients at given fixed points")
struct ComplexityTests {
    @Test("a power-law fit recovers the exponent and coefficient of an exact law, and refuses a zero")
    func powerLaw() {
        let x = [3.0, 7, 20, 55], fit = PowerLawFit(x: x, y: x.map { 2.5 * pow($0, 2.75) })
        #expect(abs(fit.exponent - 2.75) < 1e-12 && abs(fit.coefficient - 2.5) < 1e-10)
        #expect(abs(fit.value(at: 10) - 2.5 * pow(10, 2.75)) < 1e-8)
    }

    @Test("a cost: the median lies within the spread, the peak is the ledger's, the result is the call's")
    func cost() {
        let (cost, result) = Cost.measure(repetitions: 5, minimumSample: 0.001) { () -> Int in
            ScratchPool.shared.withBuffers([1000, 24]) { _ in 7 }
        }
        #expect(result == 7 && cost.peakDoubles == 1024 && cost.peakBytes == 8192)
        #expect(cost.fastest <= cost.seconds && cost.seconds <= cost.slowest && cost.batch >= 1)
    }

    @Test("a sweep measured round by round keeps each call's own result, peak and progress by round")
    func interleaved() throws {
        var rounds: [Int] = []
        let sizes = [10, 300, 40]
        let measured = try Cost.measure(each: sizes.map { n in { ScratchPool.shared.withBuffers([n]) { _ in n } } },
                                        repetitions: 3, minimumSample: 0.0005) { rounds.append($0) }
        #expect(measured.map(\.result) == sizes && measured.map(\.cost.peakDoubles) == sizes)
        #expect(rounds == [1, 2, 3])
    }

    static func problem(units n: Int) -> FixedPointProblem<RateNetwork> {
        var rng = SeededGenerator(seed: 21)
        return FixedPointProblem(system: RateNetwork(units: n, inputs: 1, gain: 0.5, using: &rng), inputs: [[0.3], [-0.2]],
                                 targets: [[0.1], [0.2]], readout: [0])
    }

    @Test("the gradients at given fixed points are the full methods' gradients, bit for bit")
    func atGivenPoints() throws {
        let problem = Self.problem(units: 12), points = try problem.solve()
        #expect(try ImplicitGradient.bySolve(problem, at: points).gradient == ImplicitGradient.bySolve(problem).gradient)
        #expect(try ImplicitGradient.byAdjoint(problem, at: points, timeStep: 0.2).gradient
                == ImplicitGradient.byAdjoint(problem, timeStep: 0.2).gradient)
    }

    @Test("a point that is not a fixed point is refused with its residual, never given a gradient")
    func notAFixedPoint() throws {
        let problem = Self.problem(units: 6)
        var points = try problem.solve()
        points[1].state[0] += 1e-3
        #expect(throws: FixedPointError.self) { try ImplicitGradient.bySolve(problem, at: points) }
        do { _ = try ImplicitGradient.byAdjoint(problem, at: points) } catch {
            #expect("\(error)".contains("sample 1"), "\(error)")
        }
    }

    @Test("the relaxation holds r and F, plus one double an iteration only with its history, and finds the same r*")
    func relaxationMemory() throws {
        var rng = SeededGenerator(seed: 4)
        let network = RateNetwork(units: 10, inputs: 1, gain: 0.5, using: &rng)
        func run(_ history: Bool) throws -> (FixedPoint, Int) {
            let solver = FixedPointSolver(.relaxation(timeStep: 0.5), tolerance: 1e-10, checksStability: false, recordsHistory: history)
            let (point, peak) = try MemoryLedger.measure { try solver.solve(network, input: [0.3], from: [Double](repeating: 0, count: 10)) }
            return (point, peak)
        }
        let (kept, keptPeak) = try run(true), (bare, barePeak) = try run(false)
        #expect(kept.state == bare.state && kept.residual == bare.residual && kept.iterations == bare.iterations)
        #expect(bare.residualHistory.isEmpty && kept.residualHistory.count == kept.iterations + 1)
        #expect(keptPeak - barePeak == kept.iterations + 1 && barePeak >= 2 * 10, "\(keptPeak) \(barePeak)")
        let loose = FixedPointSolver(.relaxation(timeStep: 0.5), tolerance: 1e-3, checksStability: false, recordsHistory: false)
        let loosePeak = try MemoryLedger.measure { try loose.solve(network, input: [0.3], from: [Double](repeating: 0, count: 10)) }.peakDoubles
        #expect(loosePeak == barePeak, "without its history the relaxation's memory does not depend on its iterations")
    }

    @Test("the Hopfield network's vᵀ∂F/∂w from its structure: O(n) memory a point, not the dense n × m D")
    func hopfieldParameterProduct() {
        var rng = SeededGenerator(seed: 8)
        let n = 40, model = HopfieldNetwork(units: n, inputs: 1, using: &rng)
        let (_, peak) = MemoryLedger.measure { () -> Int in
            let linearization = model.makeLinearization(points: 1)
            linearization.linearize(point: 0, state: [Double](repeating: 0.1, count: n), input: [0.3])
            var g = [Double](repeating: 0, count: model.parameterCount)
            let v = [Double](repeating: 1, count: n)
            v.withUnsafeBufferPointer { pv in g.withUnsafeMutableBufferPointer { linearization.addParameterVJPs(points: 0..<1, pv.baseAddress!, scaledBy: 1, to: $0.baseAddress!) } }
            return g.count
        }
        #expect(peak < 10 * n, "\(peak) doubles; the dense D alone would be \(n * model.parameterCount)")
    }
}
