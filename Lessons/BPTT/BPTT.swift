import Foundation
import RecurrentLearning

/// Lesson `bptt`: backpropagation through time for dr/dt = F_w(r, x). The
/// adjoint a_t = dL/dr_t is carried backward over stored states; the gradient
/// equals RTRL's to rounding at a fraction of the cost. Narrative: `BPTT.md`;
/// each method below is one of its code cells, between `// cell:` and
/// `// end cell` markers.
public final class BPTTLesson: Lesson {
    public static let id = "bptt"
    public static let summary = "Backpropagation through time: adjoints a_t = dL/dr_t, agreement with RTRL, cost O(n²) vs O(n⁴) a step"
    public static let narrativeName = "BPTT"
    public static let accepts: Set<LessonSetting> = [.data, .epochs, .learningRate]

    let settings: LessonSettings
    var sequence = SequenceData(x: [], y: [])
    var problem: TrajectoryProblem<HomeworkModel, SquaredErrorLoss>!
    var states: [[Double]] = []
    var bptt: GradientResult!
    var trained: TrajectoryProblem<HomeworkModel, SquaredErrorLoss>!
    var history: [EpochRecord] = []

    public required init(settings: LessonSettings) { self.settings = settings }

    public var cells: [String: (CellOutput) throws -> Void] {
        ["data": loadData, "forward": forward, "backward": backward, "adjoint-check": adjointCheck,
         "homework-check": homeworkCheck,
         "rate-network": rateNetwork, "cost": cost, "train": train, "plots": plots, "homework": homework]
    }

    func loadData(_ out: CellOutput) throws {
        // cell: data
        var rng = SeededGenerator(seed: settings.seed)
        sequence = settings.data ?? SequenceData.course(length: 10, using: &rng)
        problem = .courseHomework(x: sequence.x, y: sequence.y)  // w = b = 1, r₀ = y₀, Δt = 0.1
        out.print("T = \(problem.stepCount) steps of Δt = \(problem.timeStep), w = 1, b = 1; \(settings.source)")
        // end cell
    }

    func forward(_ out: CellOutput) throws {
        // cell: forward
        states = problem.simulate()                          // r₀ … r_T, all kept for the way back
        let T = problem.stepCount, n = problem.system.stateCount
        out.table(["t", "r_t", "target y_{t−1}", "∂l/∂r_t = (r_t − y_{t−1})/T"], (0...T).map { t in
            [String(t), states[t][0].fixed(4), t == 0 ? "" : sequence.y[t - 1].fixed(4),
             t == 0 ? "0 (r₀ is not scored)" : problem.loss.gradient(state: states[t], step: t)[0].formatted(sig: 6)]
        })
        out.print("L = \(problem.loss.value(states: states).formatted(sig: 10)); stored: \(T + 1) states × n = \(n), \((T + 1) * n) numbers")
        // end cell
    }

    func backward(_ out: CellOutput) throws {
        // cell: backward
        bptt = BPTT.gradient(problem)
        let a = bptt.adjoints                                // a_t = dL/dr_t, t = 0 … T
        let T = problem.stepCount, Δt = problem.timeStep, model = problem.system
        // dL/dw = Σ_t Δt a_{t+1}ᵀ ∂F/∂w(r_t, x_t); for the homework model ∂F/∂(w, b) = (r_t, 1)
        let terms = (0..<T).map { t in [Δt * a[t + 1][0]] * model.parameterJacobian(states[t], input: problem.inputs[t]) }
        out.table(["t", "a_t = dL/dr_t", "Δt a_{t+1} r_t", "Δt a_{t+1}"], (0...T).map { t in
            [String(t), a[t][0].formatted(sig: 8),
             t < T ? terms[t][0].formatted(sig: 6) : "", t < T ? terms[t][1].formatted(sig: 6) : ""]
        })
        let summed = terms.reduce([0, 0]) { Vector.adding($0, $1) }
        out.print("column sums: dL/dw = \(summed[0].formatted(sig: 10)), dL/db = \(summed[1].formatted(sig: 10))")
        out.check("Σ_t Δt a_{t+1}ᵀ ∂F/∂w is BPTT's gradient", summed, against: bptt.gradient, within: 1e-12)
        // With w = 1, J = 0: the adjoint only adds up the errors still to come, a_t = Σ_{s≥t} ∂l/∂r_s.
        let errorsToCome = (0...T).map { t in
            (max(t, 1)...T).reduce(0.0) { $0 + problem.loss.gradient(state: states[$1], step: $1)[0] }
        }
        out.check("a_t = Σ_{s≥t} ∂l/∂r_s when w = 1", a.map { $0[0] }, against: errorsToCome, within: 1e-14)
        // end cell
    }

    func adjointCheck(_ out: CellOutput) throws {
        // cell: adjoint-check
        let a = bptt.adjoints, T = problem.stepCount, Δt = problem.timeStep
        // Move the start r₀ (or any r_t), rerun, and difference the loss.
        let dLdr0 = FiniteDifferences.gradient(at: problem.initialState) { r0 in
            var moved = problem!; moved.initialState = r0; return moved.lossValue
        }
        out.check("a₀ equals central differences of L in r₀", a[0], against: dLdr0, within: 1e-7)
        /// L as a function of r_t alone: r₀ … r_{t−1} kept, steps t … T−1 rerun from r.
        func loss(restartingAt t: Int, from r: [Double]) -> Double {
            var path = Array(states[0..<t]) + [r]
            for s in t..<T { path.append(Integrator.euler.step(problem.system, state: path[s], input: problem.inputs[s], timeStep: Δt)) }
            return problem.loss.value(states: path)
        }
        let numeric = (0...T).map { t in FiniteDifferences.gradient(at: states[t]) { loss(restartingAt: t, from: $0) }[0] }
        out.check("every a_t equals central differences of L in r_t", a.map { $0[0] }, against: numeric, within: 1e-7)
        // end cell
    }

    func homeworkCheck(_ out: CellOutput) throws {
        // cell: homework-check
        let rtrl = RTRL.gradient(problem)
        let numeric = problem.finiteDifferenceGradient()     // 2 × 2 simulations, h = 1e-5
        out.table(["method", "dL/dw", "dL/db"], [("BPTT (backward)", bptt.gradient), ("RTRL (forward)", rtrl.gradient),
                                                 ("central differences", numeric)].map { [$0] + $1.map { $0.formatted(sig: 15) } })
        out.check("BPTT equals RTRL", bptt.gradient, against: rtrl.gradient, within: 1e-12)
        out.check("BPTT equals central differences", bptt.gradient, against: numeric, within: 1e-7)
        // end cell
    }

    func rateNetwork(_ out: CellOutput) throws {
        // cell: rate-network
        var rng = SeededGenerator(seed: settings.seed)
        let network = RateNetwork(units: 8, inputs: 2, using: &rng)   // τ dr/dt = −r + W tanh(r) + U x + b
        let T = 200, Δt = 0.1
        /// Two smooth random signals, sines of random frequency and phase, sampled at t·Δt.
        func signals(amplitude A: Double) -> [[Double]] {
            let ω = [rng.uniform(0.2, 1), rng.uniform(0.2, 1)], φ = [rng.uniform(0, 2 * .pi), rng.uniform(0, 2 * .pi)]
            return (0..<T).map { t in (0..<2).map { j in A * sin(ω[j] * Double(t) * Δt + φ[j]) } }
        }
        let rate = TrajectoryProblem(system: network, initialState: [Double](repeating: 0, count: 8),
                                     inputs: signals(amplitude: 1), timeStep: Δt,
                                     loss: SquaredErrorLoss(targets: signals(amplitude: 0.5), readout: [0, 1]))
        let viaBPTT = BPTT.gradient(rate).gradient, viaRTRL = RTRL.gradient(rate).gradient
        let numeric = rate.finiteDifferenceGradient()        // 2m = 176 simulations
        out.print("n = 8 units, m = \(network.parameterCount) parameters (W, U, b), T = \(T), Δt = \(Δt); units 0 and 1 read out; seed \(settings.seed)")
        let shown = [0, 9, 64, 80]                           // W[0,0], W[1,1], U[0,0], b[0]
        out.table(["method"] + shown.map { "dL/d\(network.parameterNames[$0])" } + ["‖dL/dw‖"],
                  [("BPTT", viaBPTT), ("RTRL", viaRTRL), ("central differences", numeric)].map { name, g in
                      [name] + shown.map { g[$0].formatted(sig: 10) } + [Vector.norm(g).formatted(sig: 10)]
                  })
        out.check("BPTT equals RTRL on the rate network", viaBPTT, against: viaRTRL, within: 1e-10)
        out.check("BPTT equals central differences", viaBPTT, against: numeric, within: 1e-6)
        out.check("RTRL equals central differences", viaRTRL, against: numeric, within: 1e-6)
        // end cell
    }

    func cost(_ out: CellOutput) throws {
        // cell: cost
        var rng = SeededGenerator(seed: settings.seed)
        let T = 100, sizes = [4, 8, 16, 32], clock = ContinuousClock()
        /// The fastest of three runs, in microseconds per time step.
        func microsecondsPerStep(_ run: () -> Void) -> Double {
            (0..<3).map { _ in clock.measure(run) }.min()! / .microseconds(1) / Double(T)
        }
        var rows: [[String]] = [], rtrlTimes: [Double] = [], bpttTimes: [Double] = []
        for n in sizes {
            let network = RateNetwork(units: n, inputs: 2, using: &rng), m = network.parameterCount
            let q = TrajectoryProblem(system: network, initialState: [Double](repeating: 0, count: n),
                                      inputs: (0..<T).map { _ in [rng.uniform(-1, 1), rng.uniform(-1, 1)] }, timeStep: 0.1,
                                      loss: SquaredErrorLoss(targets: [Double](repeating: 0, count: T)))
            let rtrl = microsecondsPerStep { _ = RTRL.gradient(q) }, bptt = microsecondsPerStep { _ = BPTT.gradient(q) }
            rtrlTimes.append(rtrl); bpttTimes.append(bptt)
            rows.append([n, m].map(String.init) + [rtrl, bptt, rtrl / bptt].map { $0.formatted(sig: 3) } + [n * m, 2 * n * (T + 1)].map(String.init))
        }
        out.table(["n", "m", "RTRL µs/step", "BPTT µs/step", "ratio", "RTRL memory n·m", "BPTT memory 2n(T+1)"], rows)
        let logN = sizes.map { log10(Double($0)) }, logRTRL = rtrlTimes.map(log10), logBPTT = bpttTimes.map(log10)
        let k = [logRTRL, logBPTT].map { ($0[3] - $0[2]) / (logN[3] - logN[2]) }   // time ∝ n^k from n = 16 to 32
        out.print("time ∝ n^k from n = 16 to 32: RTRL k ≈ \(k[0].fixed(1)), BPTT k ≈ \(k[1].fixed(1)) (measurements, not checks)")
        /// A guide line of slope s (time ∝ n^s) from the RTRL point at n = 4, for reading exponents off the figure.
        func guide(_ s: Double) -> [Double] { logN.map { logRTRL[0] + s * ($0 - logN[0]) } }
        out.figure("cost", Figure(
            title: "Time per step, T = \(T), rate networks (seed \(settings.seed))",
            xLabel: "log10 n (units)", yLabel: "log10 time per step (microseconds)",
            series: [
                .init("RTRL", x: logN, y: logRTRL, style: .linesPoints),
                .init("BPTT", x: logN, y: logBPTT, style: .linesPoints),
                .init("slope 4: time ∝ n^4", x: logN, y: guide(4)),
                .init("slope 2: time ∝ n^2", x: logN, y: guide(2)),
            ]))
        // end cell
    }

    func train(_ out: CellOutput) throws {
        // cell: train
        let epochs = settings.epochs ?? 10, η = settings.learningRate ?? 0.1
        let viaRTRL = try problem.trained(epochs: epochs, learningRate: η, method: .rtrl)
        (trained, history) = try problem.trained(epochs: epochs, learningRate: η, method: .bptt)
        out.table(["epoch", "loss", "dL/dw", "dL/db", "w", "b"], history.map { e in
            [String(e.epoch)] + ([e.loss] + e.gradient + e.parameters).map { $0.formatted(sig: 10) }
        })
        /// Every number of a training history: losses, gradients and parameters, epoch by epoch.
        func numbers(_ h: [EpochRecord]) -> [Double] { h.flatMap { [$0.loss] + $0.gradient + $0.parameters } }
        out.check("BPTT trains exactly as RTRL does, epoch by epoch", numbers(history), against: numbers(viaRTRL.history), within: 1e-12)
        // end cell
    }

    func plots(_ out: CellOutput) throws {
        // cell: plots
        let T = problem.stepCount, time = (0...T).map(Double.init)
        let after = BPTT.gradient(trained).adjoints
        out.figure("adjoint", Figure(
            title: "BPTT adjoints of dr/dt = -r + wr + b + x (\(settings.source))",
            xLabel: "step t", yLabel: "dL/dr_t",
            series: [
                .init("a_t before training", x: time, y: bptt.adjoints.map { $0[0] }, style: .linesPoints),
                .init("∂l/∂r_t before training, injected at step t", x: Array(time.dropFirst()),
                      y: (1...T).map { t in problem.loss.gradient(state: states[t], step: t)[0] }, style: .points),
                .init("a_t after \(history.count) epochs", x: time, y: after.map { $0[0] }, style: .linesPoints),
            ]))
        // end cell
    }

    func homework(_ out: CellOutput) throws {
        // cell: homework
        out.print("Assignment 2 is in Homework/Assignment2 of your copy: one function to write per file.")
        out.table(["exercise", "file", "what it computes", "in this lesson"], [
            ["bpttAdjoints", "BPTTAdjoints.swift", "a_T … a_1 backward, a_t = (r_t − y_{t−1})/T + a_{t+1}(1 + Δt(w − 1))", "cell backward"],
            ["bpttGradient", "BPTTGradient.swift", "dL/dw = Δt Σ a_{t+1} r_t, dL/db = Δt Σ a_{t+1}", "cell backward"],
        ])
        out.print("Then run `swift run lesson check` in your copy: it runs the public tests and prints the score table.")
        // end cell
    }
}
