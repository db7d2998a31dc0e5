import Foundation
import RecurrentLearning
import Testing

/// The course homework written out as a plain scalar loop, independent of the
/// library's RTRL, BPTT, matrices and loss: an oracle for `trained(...)`.
///
/// Each epoch resets r₀ = y₀, p_w = p_b = 0, then takes T Euler steps
///
/// ```
/// r_{t+1}   = r_t   + Δt ((w − 1) r_t   + b + x_t)
/// p_{w,t+1} = p_{w,t} + Δt ((w − 1) p_{w,t} + r_t)      (p uses the pre-update r)
/// p_{b,t+1} = p_{b,t} + Δt ((w − 1) p_{b,t} + 1)
/// ```
///
/// and compares r₁ … r_T with y₀ … y_{T−1}:
/// loss = ½ mean (r_t − y_{t−1})², dL/dw = (1/T) Σ (r_t − y_{t−1}) p_{w,t}, same for b;
/// then w ← w − η dL/dw, b ← b − η dL/db.
func homeworkByHand(x: [Double], y: [Double], epochs: Int = 10, learningRate η: Double = 0.1,
                    timeStep dt: Double = 0.1)
    -> [(loss: Double, gradW: Double, gradB: Double, w: Double, b: Double)]
{
    let T = x.count
    var w = 1.0, b = 1.0
    var history: [(loss: Double, gradW: Double, gradB: Double, w: Double, b: Double)] = []
    for _ in 0..<epochs {
        var r = y[0], pw = 0.0, pb = 0.0
        var sumSquares = 0.0, sumW = 0.0, sumB = 0.0
        for t in 0..<T {
            let rNext = r + dt * ((w - 1) * r + b + x[t])
            let pwNext = pw + dt * ((w - 1) * pw + r)
            let pbNext = pb + dt * ((w - 1) * pb + 1)
            r = rNext
            pw = pwNext
            pb = pbNext
            let e = r - y[t]                   // r_{t+1} − y_t
            sumSquares += e * e
            sumW += e * pw
            sumB += e * pb
        }
        let loss = 0.5 * sumSquares / Double(T)
        let gradW = sumW / Double(T), gradB = sumB / Double(T)
        w -= η * gradW
        b -= η * gradB
        history.append((loss, gradW, gradB, w, b))
    }
    return history
}

@Suite("Homework training against an independent scalar implementation")
struct HomeworkTrainingTests {
    @Test("trained(epochs: 10, learningRate: 0.1) reproduces the scalar homework loop, epoch by epoch",
          arguments: [GradientMethod.rtrl, .bptt], [2024, 7] as [UInt64])
    func matchesScalarLoop(method: GradientMethod, seed: UInt64) throws {
        let (x, y) = homeworkData(seed: seed)
        #expect(x.count == 10 && y.count == 10)
        let reference = homeworkByHand(x: x, y: y)
        let problem = homeworkProblem(seed: seed)
        #expect(problem.system.parameters == [1, 1])
        let (trained, history) = try problem.trained(epochs: 10, learningRate: 0.1, method: method)
        #expect(history.count == 10)
        // Both sides do the same ~100 floating-point operations per epoch in a
        // slightly different order (the library forms (1 + Δt J) p + Δt ∂F/∂w,
        // the loop p + Δt (J p + r)). Rounding differences of a few ulps, carried
        // through 10 epochs of a contracting update, stay below 1e-14; the bound
        // 1e-12 is applied as |got − expected| ≤ 1e-12 · max(1, |expected|), i.e.
        // absolute for the values below 1 and relative above.
        for (k, (record, expected)) in zip(history, reference).enumerated() {
            #expect(record.epoch == k + 1)
            expectClose(record.loss, expected.loss, within: 1e-12, "\(method) epoch \(k + 1) loss")
            expectClose(record.gradient[0], expected.gradW, within: 1e-12, "\(method) epoch \(k + 1) dL/dw")
            expectClose(record.gradient[1], expected.gradB, within: 1e-12, "\(method) epoch \(k + 1) dL/db")
            expectClose(record.parameters[0], expected.w, within: 1e-12, "\(method) epoch \(k + 1) w")
            expectClose(record.parameters[1], expected.b, within: 1e-12, "\(method) epoch \(k + 1) b")
        }
        #expect(trained.system.parameters == history.last!.parameters)
        #expect(trained.system.w == trained.system.parameters[0] && trained.system.b == trained.system.parameters[1])
    }

    @Test("the homework data follow the stated recipe: linspace(1, 0, T) under the noise")
    func dataRecipe() {
        let (x, y) = homeworkData(seed: 2024)
        // y − exp(linspace(1, 0, 10)) is the N(0, 0.1²) noise: first and last
        // points straddle e and 1 within 5σ = 0.5.
        #expect(abs(y[0] - exp(1)) < 0.5 && abs(y[9] - 1) < 0.5)
        #expect(x.allSatisfy { abs($0) < 0.5 })
    }
}
