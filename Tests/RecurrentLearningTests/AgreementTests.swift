import Foundation
import RecurrentLearning
import Testing

@Suite("Agreement: how closely two gradients agree")
struct AgreementTests {
    @Test("identical vectors agree exactly: relative error 0 and cosine 1")
    func identical() {
        var rng = SeededGenerator(seed: 81)
        let v = normalVector(20, using: &rng)
        let a = Agreement(v, v)
        #expect(a.relativeError == 0)
        #expect(a.holds(within: 0))
        // cosine = v·v / (‖v‖ ‖v‖) with ‖v‖ = √(v·v): a square root and a product
        // may each round by half an ulp, so 1 up to a few ulps: 1e-15.
        #expect(abs(a.cosine - 1) <= 1e-15, "cosine \(a.cosine)")
        #expect(a.expected == a.got)
    }

    @Test("worstIndex points to the largest absolute difference, with its values")
    func worstIndex() {
        let got = [1.0, 2.0, 3.0, 4.0], reference = [1.0, 2.5, 3.0, 3.9]
        let a = Agreement(got, reference)
        #expect(a.worstIndex == 1)
        #expect(a.expected == 2.5 && a.got == 2)
        // max |a − b| / max |b| = 0.5 / 3.9, one division: exact to rounding.
        #expect(a.relativeError == 0.5 / 3.9)
        #expect(a.holds(within: 0.13) && !a.holds(within: 0.12))
        #expect(a.description.contains("worst component 1"))
    }

    @Test("the relative error is normwise: a near-zero component does not blow it up")
    func normwise() {
        let a = Agreement([1e-20 + 1e-12, 1], [1e-20, 1])
        // |Δ| = 1e-12 against max |b| = 1: 1e-12 (componentwise it would be 1e8).
        expectClose(a.relativeError, 1e-12, within: 1e-24, "normwise error")
        #expect(a.worstIndex == 0)
    }

    @Test("cosine measures direction: opposite vectors −1, orthogonal 0, scaled 1")
    func cosine() {
        // Each is a ratio of exactly representable small integers and square roots:
        // a few ulps, 1e-15.
        #expect(abs(Agreement([1, 2], [-1, -2]).cosine + 1) <= 1e-15)
        #expect(abs(Agreement([1, 0], [0, 3]).cosine) <= 1e-15)
        #expect(abs(Agreement([2, 4, 6], [1, 2, 3]).cosine - 1) <= 1e-15)
    }

    @Test("NaN anywhere never reports agreement", arguments: [0, 1, 2])
    func nanDoesNotAgree(position: Int) {
        let clean = [1.0, 2.0, 3.0]
        var withNaN = clean
        withNaN[position] = .nan
        for a in [Agreement(withNaN, clean), Agreement(clean, withNaN), Agreement(withNaN, withNaN)] {
            #expect(!a.holds(within: 1), "NaN at \(position): \(a)")
            #expect(!a.holds(within: .infinity), "NaN at \(position): \(a)")
            #expect(a.worstIndex == position)
        }
    }

    @Test("infinities never report agreement")
    func infinityDoesNotAgree() {
        #expect(!Agreement([.infinity, 1], [1, 1]).holds(within: 1e300))
        #expect(!Agreement([1, 1], [.infinity, 1]).holds(within: 1e300))
        #expect(!Agreement([.infinity], [.infinity]).holds(within: 1e300))
    }

    @Test("a zero reference agrees only with zero")
    func zeroReference() {
        #expect(Agreement([0, 0], [0, 0]).holds(within: 0))
        #expect(!Agreement([1e-300, 0], [0, 0]).holds(within: 1e-6))
    }
}
