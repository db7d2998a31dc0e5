import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 1, exercise 2, `rtrlGradient`: loss = 1/(2T) Σ (r_t − y_{t−1})², dL/dw and
/// dL/db as the error-weighted means of p_w and p_b. The inputs are given
/// (hand-made numbers, or the library's RTRL forward pass), never computed by
/// the homework's `rtrlForward`.
struct RTRLGradientTests {
    /// Hand-made numbers, T = 4. r[i] is compared with y[i]: the errors are
    /// 0.5, −0.5, −1, 2, so the loss is (0.25 + 0.25 + 1 + 4)/(2·4) = 0.6875.
    @Test func lossIsHalfTheMeanSquaredError() throws {
        let got = try rtrlGradient(r: [1.5, 2.0, -0.5, 3.0], pw: [0.1, 0.2, 0.3, 0.4], pb: [1, 2, 3, 4],
                                   y: [1.0, 2.5, 0.5, 1.0])
        expectClose(got.loss, 0.6875, within: 1e-15, "loss")
    }

    /// The same numbers: dL/dw = (0.5·0.1 − 0.5·0.2 − 1·0.3 + 2·0.4)/4 = 0.1125 and
    /// dL/db = (0.5·1 − 0.5·2 − 1·3 + 2·4)/4 = 1.125.
    @Test func gradientWeighsEachErrorByItsSensitivity() throws {
        let got = try rtrlGradient(r: [1.5, 2.0, -0.5, 3.0], pw: [0.1, 0.2, 0.3, 0.4], pb: [1, 2, 3, 4],
                                   y: [1.0, 2.5, 0.5, 1.0])
        expectClose(got.dw, 0.1125, within: 1e-15, "dL/dw")
        expectClose(got.db, 1.125, within: 1e-15, "dL/db")
    }

    /// The course's run: from the library's rates and sensitivities, the loss and
    /// gradient equal the library's RTRL result. Same sums, other order: 1e-12.
    @Test func matchesLibraryRTRLOnCourseSequence() throws {
        let reference = libraryRTRL(courseCase())
        let got = try rtrlGradient(r: reference.r, pw: reference.pw, pb: reference.pb, y: courseCase().y)
        expectClose(got.loss, reference.loss, within: 1e-12, "loss")
        expectClose(got.dw, reference.dw, within: 1e-12, "dL/dw")
        expectClose(got.db, reference.db, within: 1e-12, "dL/db")
    }

    // BEGIN HIDDEN TESTS
    /// Seeded runs with T = 40, 25, 60 and w > 1: the library's loss and gradient,
    /// 1e-12 (relative above 1).
    @Test func matchesLibraryRTRLOnRandomRuns() throws {
        for (k, run) in randomCases().enumerated() {
            let reference = libraryRTRL(run)
            let got = try rtrlGradient(r: reference.r, pw: reference.pw, pb: reference.pb, y: run.y)
            expectClose(got.loss, reference.loss, within: 1e-12, "case \(k) (\(run)): loss")
            expectClose(got.dw, reference.dw, within: 1e-12, "case \(k) (\(run)): dL/dw")
            expectClose(got.db, reference.db, within: 1e-12, "case \(k) (\(run)): dL/db")
        }
    }
    // END HIDDEN TESTS
}
