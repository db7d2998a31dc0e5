import Foundation
import RecurrentLearning

/// Lesson `rtrl`: real-time recurrent learning on the homework model
/// dr/dt = −r + wr + b + x. Narrative: `RTRL.md`; each method below is one of
/// its code cells, between `// cell:` and `// end cell` markers.
public final class RTRLLesson: Lesson {
    public static let id = "rtrl"
    public static let summary = "Real-time recurrent learning: sensitivities p = dr/dw, gradient check, training the homework model"
    public static let narrativeName = "RTRL"
    public static let accepts: Set<LessonSetting> = [.data, .epochs, .learningRate]

    let settings: LessonSettings
    var sequence = SequenceData(x: [], y: [])
    var problem: TrajectoryProblem<HomeworkModel, SquaredErrorLoss>!
    var rtrl: GradientResult!
    var trained: TrajectoryProblem<HomeworkModel, SquaredErrorLoss>!
    var history: [EpochRecord] = []

    public required init(settings: LessonSettings) { self.settings = settings }

    public var cells: [String: (CellOutput) throws -> Void] {
        ["data": loadData, "model": model, "sensitivities": sensitivities, "gradient-check": gradientCheck,
         "order-trap": orderTrap, "train": train, "plots": plots, "homework": homework]
    }

    func loadData(_ out: CellOutput) throws {
        // cell: data
        var rng = SeededGenerator(seed: settings.seed)
        sequence = settings.data ?? SequenceData.course(length: 10, using: &rng)
        problem = .courseHomework(x: sequence.x, y: sequence.y)  // w = b = 1, r₀ = y₀, Δt = 0.1
        out.print("T = \(problem.stepCount) steps of Δt = \(problem.timeStep); \(settings.source)")
        out.table(["t", "x_t", "y_t"], sequence.x.indices.map { t in
            [String(t), sequence.x[t].fixed(4), sequence.y[t].fixed(4)]
        })
        // end cell
    }

    func model(_ out: CellOutput) throws {
        // cell: model
        let model = problem.system
        let r0 = problem.initialState, x0 = problem.inputs[0]
        let J = model.stateJacobian(r0, input: x0)           // 1 × 1
        let dFdw = model.parameterJacobian(r0, input: x0)    // 1 × 2
        out.print("F(r₀, x₀) = (w − 1) r₀ + b + x₀ = \(model.rate(r0, input: x0)[0].fixed(6))")
        out.print("J = w − 1 = \(J[0, 0].fixed(6)),   ∂F/∂(w, b) = (r₀, 1) = (\(dFdw[0, 0].fixed(6)), \(dFdw[0, 1].fixed(6)))")
        let numericJ = FiniteDifferences.jacobian(at: r0) { model.rate($0, input: x0) }
        let numericDFdw = FiniteDifferences.jacobian(at: model.parameters) {
            model.with(parameters: $0).rate(r0, input: x0)
        }
        out.check("J equals central differences of F", J.elements, against: numericJ.elements, within: 1e-9)
        out.check("∂F/∂w equals central differences of F", dFdw.elements, against: numericDFdw.elements, within: 1e-9)
        // end cell
    }

    func sensitivities(_ out: CellOutput) throws {
        // cell: sensitivities
        rtrl = RTRL.gradient(problem, recording: [.states, .sensitivities])
        let p = rtrl.sensitivities                           // p_t = dr_t/d(w, b), 1 × 2 each
        out.table(["t", "r_t", "target y_{t−1}", "p_w,t", "p_b,t"], (0...problem.stepCount).map { t in
            [String(t), rtrl.states[t][0].fixed(4), t == 0 ? "" : sequence.y[t - 1].fixed(4),
             p[t][0, 0].fixed(4), p[t][0, 1].fixed(4)]
        })
        // With w = 1, J = 0: the sensitivities just integrate ∂F/∂w = (r, 1).
        let Δt = problem.timeStep
        let pbClosed = (0...problem.stepCount).map { t in Double(t) * Δt }
        let pwClosed = (0...problem.stepCount).map { t in Δt * rtrl.states[0..<t].reduce(0) { $0 + $1[0] } }
        out.check("p_b,t = t·Δt when w = 1", p.map { $0[0, 1] }, against: pbClosed, within: 1e-14)
        out.check("p_w,t = Δt·Σ_{s<t} r_s when w = 1", p.map { $0[0, 0] }, against: pwClosed, within: 1e-14)
        // end cell
    }

    func gradientCheck(_ out: CellOutput) throws {
        // cell: gradient-check
        let bptt = BPTT.gradient(problem)
        let numeric = problem.finiteDifferenceGradient()     // 2 × 2 simulations, h = 1e-5
        out.table(["method", "dL/dw", "dL/db"], [
            ["RTRL (forward)", rtrl.gradient[0].formatted(sig: 15), rtrl.gradient[1].formatted(sig: 15)],
            ["BPTT (backward)", bptt.gradient[0].formatted(sig: 15), bptt.gradient[1].formatted(sig: 15)],
            ["central differences", numeric[0].formatted(sig: 15), numeric[1].formatted(sig: 15)],
        ])
        out.check("RTRL equals BPTT", rtrl.gradient, against: bptt.gradient, within: 1e-12)
        out.check("RTRL equals central differences", rtrl.gradient, against: numeric, within: 1e-7)
        out.check("BPTT equals central differences", bptt.gradient, against: numeric, within: 1e-7)
        // end cell
    }

    func orderTrap(_ out: CellOutput) throws {
        // cell: order-trap
        /// dL/dw as the lecture skeleton computes it: r is updated first, and
        /// p_w then integrates the *new* r_{t+1} instead of r_t.
        func skeletonGradient(_ q: TrajectoryProblem<HomeworkModel, SquaredErrorLoss>) -> Double {
            let w = q.system.w, b = q.system.b, Δt = q.timeStep, T = Double(q.stepCount)
            var r = q.initialState[0], pw = 0.0, dLdw = 0.0
            for t in 0..<q.stepCount {
                r += Δt * ((w - 1) * r + b + q.inputs[t][0])
                pw += Δt * ((w - 1) * pw + r)                 // the trap: r is already r_{t+1}
                dLdw += (r - q.loss.targets[t][0]) * pw / T
            }
            return dLdw
        }
        var rows: [[String]] = []
        var errors: [Double] = []
        for Δt in [0.1, 0.05, 0.025] {
            var q = problem!
            q.timeStep = Δt
            let exact = RTRL.gradient(q).gradient[0], trap = skeletonGradient(q)
            errors.append(abs(trap - exact) / abs(exact))
            rows.append([Δt.formatted(sig: 3), exact.fixed(4), trap.fixed(4), (100 * errors.last!).fixed(2) + " %"])
        }
        out.table(["Δt", "exact dL/dw", "skeleton dL/dw", "relative error"], rows)
        out.check("the skeleton's error is O(Δt): it halves with Δt", errors[0] / errors[1] > 1.5 && errors[1] / errors[2] > 1.5,
                  "error ratios \((errors[0] / errors[1]).fixed(2)) and \((errors[1] / errors[2]).fixed(2)) for Δt halved")
        // end cell
    }

    func train(_ out: CellOutput) throws {
        // cell: train
        let epochs = settings.epochs ?? 10, η = settings.learningRate ?? 0.1
        (trained, history) = try problem.trained(epochs: epochs, learningRate: η, method: .rtrl)
        out.print("\(epochs) epochs, η = \(η); each epoch restarts from r₀ = y₀ with p = 0")
        out.table(["epoch", "loss", "dL/dw", "dL/db", "w", "b"], history.map { e in
            [String(e.epoch), e.loss.formatted(sig: 13), e.gradient[0].formatted(sig: 8), e.gradient[1].formatted(sig: 8),
             e.parameters[0].formatted(sig: 13), e.parameters[1].formatted(sig: 13)]
        })
        let before = problem.lossValue, after = trained.lossValue
        out.check("training lowered the loss", epochs == 0 || after < before,
                  "loss \(before.formatted(sig: 6)) → \(after.formatted(sig: 6))")
        // end cell
    }

    func plots(_ out: CellOutput) throws {
        // cell: plots
        let time = (0...problem.stepCount).map(Double.init)   // t = 0 … T
        out.figure("target-vs-output", Figure(
            title: "RTRL on dr/dt = -r + wr + b + x (\(settings.source))",
            xLabel: "step t", yLabel: "r_t",
            series: [
                .init("target y_{t-1}", x: Array(time.dropFirst()), y: sequence.y, style: .linesPoints),
                .init("output before training", x: time, y: problem.simulate().map { $0[0] }),
                .init("output after \(history.count) epochs", x: time, y: trained.simulate().map { $0[0] }),
            ]))
        out.figure("loss", Figure(
            title: "RTRL training loss (\(settings.source))", xLabel: "epoch", yLabel: "loss",
            series: [.init("loss", x: history.map { Double($0.epoch) }, y: history.map(\.loss), style: .linesPoints)],
            logY: true))
        // end cell
    }

    func homework(_ out: CellOutput) throws {
        // cell: homework
        out.print("Assignment 1 is in Homework/Assignment1 of your copy: one function to write per file.")
        out.table(["exercise", "file", "what it computes", "in this lesson"], [
            ["rtrlForward", "RTRLForward.swift", "r_t, p_w,t, p_b,t for t = 1 … T, from r₀ with p = 0", "cell sensitivities"],
            ["rtrlGradient", "RTRLGradient.swift", "the loss and dL/dw, dL/db, r_t paired with y_{t−1}", "cell gradient-check"],
            ["gradientStep", "GradientStep.swift", "w ← w − η dL/dw, b ← b − η dL/db", "cell train"],
            ["trainRTRL", "TrainRTRL.swift", "the epochs from w = b = 1, each restarting at r₀ = y₀", "cell train"],
        ])
        out.print("Signatures.swift is provided. Then run `swift run lesson check` in your copy:")
        out.print("it runs the public tests and prints the score table, test by test.")
        // end cell
    }
}
