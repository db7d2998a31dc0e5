import Foundation
import RecurrentLearning
import Testing

/// The second seed's kernel-form networks and the data of its reverse-engineering experiment.
@Suite("Backward tuning: kernel networks and the experiment's data")
struct BackwardTuningTests {
    static func meanAndSampleDeviation(_ x: [Double]) -> (mean: Double, sd: Double) {
        (Vector.mean(x), Vector.sampleStandardDeviation(x))
    }

    /// Equal to the 6 significant digits the reference prints.
    static func expectSixDigits(_ got: Double, _ printed: Double, _ what: String) {
        let scale = pow(10, floor(log10(abs(printed))) - 5)
        #expect(abs(got - printed) <= 0.5 * scale + 1e-15, "\(what): got \(got), reference \(printed)")
    }

    @Test("MT19937-64 is C++'s std::mt19937_64: its 10000th output from seed 5489, its first from seed 0")
    func mersenneTwister() {
        var mt = MersenneTwister64(seed: 5489)
        for _ in 1..<10000 { _ = mt.next() }
        #expect(mt.next() == 9_981_545_732_273_789_042)
        // The experiments' seed 0; values printed by g++'s std::mt19937_64.
        var zero = MersenneTwister64(seed: 0)
        #expect(zero.next() == 2_947_667_278_772_165_694)
        #expect(zero.next() == 18_301_848_765_998_365_067)
    }

    @Test("the N = 2 input has the reference's mean −0.296132 and sd 1.18605")
    func inputStatistics() {
        let (mean, sd) = Self.meanAndSampleDeviation(ReverseEngineering.inputs(units: 2).map { $0[0] })
        Self.expectSixDigits(mean, -0.296132, "mean")
        Self.expectSixDigits(sd, 1.18605, "sd")
    }

    @Test("the root networks' outputs have the reference's statistics (LNL and IAF, N = 2, 4, 8)",
          arguments: [(2, 0.508709, 0.256501, -0.0443148, 0.18295),
                      (4, 0.249424, 0.0857549, 0.0072152, 0.0666583),
                      (8, 0.619105, 0.0461569, -0.0190113, 0.293194)])
    func rootStatistics(n: Int, lnlMean: Double, lnlSD: Double, iafMean: Double, iafSD: Double) {
        let inputs = ReverseEngineering.inputs(units: n)
        let lnl = Self.meanAndSampleDeviation(ReverseEngineering.rootLNL(units: n).simulate(inputs: inputs).map { $0[0] })
        let iaf = Self.meanAndSampleDeviation(ReverseEngineering.rootIAF(units: n).simulate(inputs: inputs).map { $0[0] })
        Self.expectSixDigits(lnl.mean, lnlMean, "LNL N = \(n) mean")
        Self.expectSixDigits(lnl.sd, lnlSD, "LNL N = \(n) sd")
        Self.expectSixDigits(iaf.mean, iafMean, "IAF N = \(n) mean")
        Self.expectSixDigits(iaf.sd, iafSD, "IAF N = \(n) sd")
    }
}
