import Foundation
import HomeworkClient
import RecurrentLearning
import Testing

/// Assignment 1, exercise 4, `trainRTRL`: the course's training loop.
///
/// Every test passes reference building blocks (`referenceForward`,
/// `referenceGradient`, `referenceStep`, or a `TrainingSpy` that records each
/// call and answers with them), never the homework's own `rtrlForward`,
/// `rtrlGradient` and `gradientStep`: only the loop is graded here.
struct TrainRTRLTests {
    /// The course's sequence, 10 epochs, η = 0.1, Δt = 0.1: every epoch's loss,
    /// gradient and updated (w, b) equal the library's `trained(…, method: .rtrl)`
    /// history. Same operations up to reassociation, over 10 epochs: 1e-12.
    @Test func matchesLibraryTrainingOnCourseSequence() throws {
        let (x, y) = courseSequence()
        let expected = try TrajectoryProblem.courseHomework(x: x, y: y)
            .trained(epochs: 10, learningRate: 0.1, method: .rtrl).history
        let got = try trainRTRL(x: x, y: y, epochs: 10, learningRate: 0.1, dt: 0.1,
                                forward: referenceForward, gradient: referenceGradient, step: referenceStep)
        expectClose(got.map(\.loss), expected.map(\.loss), within: 1e-12, "loss", counting: "epoch")
        expectClose(got.map(\.dw), expected.map { $0.gradient[0] }, within: 1e-12, "dw", counting: "epoch")
        expectClose(got.map(\.db), expected.map { $0.gradient[1] }, within: 1e-12, "db", counting: "epoch")
        expectClose(got.map(\.w), expected.map { $0.parameters[0] }, within: 1e-12, "w", counting: "epoch")
        expectClose(got.map(\.b), expected.map { $0.parameters[1] }, within: 1e-12, "b", counting: "epoch")
    }

    /// The first epoch runs forward from w = b = 1 and r_0 = y_0, on the whole
    /// input sequence, with the Δt it was given.
    @Test func startsFromWEqualsBEqualsOneAndR0EqualsY0() throws {
        let (x, y) = courseSequence()
        let spy = TrainingSpy()
        _ = try trainRTRL(x: x, y: y, epochs: 1, learningRate: 0.1, dt: 0.1,
                          forward: spy.forward, gradient: spy.gradient, step: spy.step)
        let first = try #require(spy.forwardCalls.first, "forward was never called")
        #expect(first.w == 1 && first.b == 1, "first epoch: expected w = 1, b = 1, got w = \(first.w), b = \(first.b)")
        #expect(first.r0 == y[0], "first epoch: expected r0 = y[0] = \(y[0]), got \(first.r0)")
        #expect(first.x == x, "first epoch: forward should get the whole input sequence x")
        #expect(first.dt == 0.1, "first epoch: expected dt = 0.1, got \(first.dt)")
    }

    /// Four epochs: forward is called once an epoch, each time from r_0 = y_0
    /// (a fresh start, not the last rate of the epoch before) with the (w, b)
    /// the previous epoch's step returned.
    @Test func everyEpochRestartsFromY0WithTheUpdatedParameters() throws {
        let (x, y) = courseSequence()
        let spy = TrainingSpy()
        _ = try trainRTRL(x: x, y: y, epochs: 4, learningRate: 0.1, dt: 0.1,
                          forward: spy.forward, gradient: spy.gradient, step: spy.step)
        try #require(spy.forwardCalls.count == 4, "4 epochs: expected 4 calls of forward, got \(spy.forwardCalls.count)")
        for (k, call) in spy.forwardCalls.enumerated() {
            #expect(call.r0 == y[0], "epoch \(k + 1): expected r0 = y[0] = \(y[0]), got \(call.r0)")
            #expect(call.x == x, "epoch \(k + 1): forward should get the whole input sequence x")
            guard k > 0, k - 1 < spy.stepResults.count else { continue }
            let updated = spy.stepResults[k - 1]
            #expect(call.w == updated.w && call.b == updated.b,
                    "epoch \(k + 1): expected (w, b) = (\(updated.w), \(updated.b)) from the previous step, got (\(call.w), \(call.b))")
        }
    }

    /// Three epochs with η = 0.2 and Δt = 0.05: gradient gets forward's output and
    /// y, step gets gradient's output and η, and each record holds the epoch's
    /// loss and gradient (before the update) and the (w, b) after it.
    @Test func recordsLossAndGradientBeforeAndParametersAfterEachUpdate() throws {
        let (x, y) = courseSequence()
        let spy = TrainingSpy()
        let history = try trainRTRL(x: x, y: y, epochs: 3, learningRate: 0.2, dt: 0.05,
                                    forward: spy.forward, gradient: spy.gradient, step: spy.step)
        try #require(history.count == 3, "3 epochs: expected 3 records, got \(history.count)")
        try #require(spy.forwardCalls.count == 3 && spy.gradientCalls.count == 3 && spy.stepCalls.count == 3,
                     """
                     3 epochs: expected 3 calls each of forward, gradient and step, got \(spy.forwardCalls.count), \
                     \(spy.gradientCalls.count) and \(spy.stepCalls.count)
                     """)
        for k in 0..<3 {
            let epoch = "epoch \(k + 1)"
            #expect(spy.forwardCalls[k].dt == 0.05, "\(epoch): forward should get dt = 0.05, got \(spy.forwardCalls[k].dt)")
            let forward = spy.forwardResults[k], gradientCall = spy.gradientCalls[k]
            #expect(gradientCall.r == forward.r && gradientCall.pw == forward.pw && gradientCall.pb == forward.pb,
                    "\(epoch): gradient should get the r, pw, pb that forward returned")
            #expect(gradientCall.y == y, "\(epoch): gradient should get the targets y")
            let gradient = spy.gradientResults[k], stepCall = spy.stepCalls[k]
            #expect(stepCall.dw == gradient.dw && stepCall.db == gradient.db,
                    "\(epoch): step should get dw = \(gradient.dw), db = \(gradient.db), got \(stepCall.dw), \(stepCall.db)")
            #expect(stepCall.learningRate == 0.2, "\(epoch): step should get learningRate 0.2, got \(stepCall.learningRate)")
            expectClose(history[k].loss, gradient.loss, within: 0, "\(epoch): recorded loss")
            expectClose(history[k].dw, gradient.dw, within: 0, "\(epoch): recorded dw")
            expectClose(history[k].db, gradient.db, within: 0, "\(epoch): recorded db")
            expectClose(history[k].w, spy.stepResults[k].w, within: 0, "\(epoch): recorded w (after the update)")
            expectClose(history[k].b, spy.stepResults[k].b, within: 0, "\(epoch): recorded b (after the update)")
        }
    }

    // BEGIN HIDDEN TESTS
    /// Seeded sequences of 40 and 25 steps, 25 epochs, η = 0.05, Δt = 0.05 and
    /// 0.1: the library's training history from w = b = 1, r_0 = y_0, to 1e-12
    /// (relative above 1). Zero epochs give an empty history.
    @Test func honoursEpochsLearningRateAndTimeStep() throws {
        for (k, run) in randomCases().prefix(2).enumerated() {
            let problem = TrajectoryProblem(system: HomeworkModel(w: 1, b: 1), initialState: [run.y[0]],
                                            inputs: run.x.map { [$0] }, timeStep: run.dt,
                                            loss: SquaredErrorLoss(targets: run.y))
            let expected = try problem.trained(epochs: 25, learningRate: 0.05, method: .rtrl).history
            let got = try trainRTRL(x: run.x, y: run.y, epochs: 25, learningRate: 0.05, dt: run.dt,
                                    forward: referenceForward, gradient: referenceGradient, step: referenceStep)
            let what = "case \(k) (T = \(run.count), dt = \(run.dt), 25 epochs, learning rate 0.05)"
            expectClose(got.map(\.loss), expected.map(\.loss), within: 1e-12, "\(what): loss", counting: "epoch")
            expectClose(got.map(\.w), expected.map { $0.parameters[0] }, within: 1e-12, "\(what): w", counting: "epoch")
            expectClose(got.map(\.b), expected.map { $0.parameters[1] }, within: 1e-12, "\(what): b", counting: "epoch")
        }
        let (x, y) = courseSequence()
        let none = try trainRTRL(x: x, y: y, epochs: 0, learningRate: 0.1, dt: 0.1,
                                 forward: referenceForward, gradient: referenceGradient, step: referenceStep)
        #expect(none.isEmpty, "0 epochs: expected no records, got \(none.count)")
    }
    // END HIDDEN TESTS
}
