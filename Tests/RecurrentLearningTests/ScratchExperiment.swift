import Foundation
import RecurrentLearning
import Testing

@Suite struct ScratchExperiment {
    @Test(arguments: [ReverseEngineering.UnitType.linearNonLinear, .integrateAndFire], [2, 4, 8])
    func run(type: ReverseEngineering.UnitType, n: Int) {
        let start = Date()
        let out = ReverseEngineering.run(type, units: n, options: { var o = BackwardTuningEstimator.Options(); o.errorGuard = .publishedRuns; return o }())
        print("RESULT", type, n, out.costs.count, out.costs.min()!, out.stop, out.simulations, Date().timeIntervalSince(start), out.steps.prefix(12).map { "\($0.candidate)" })
    }
}
