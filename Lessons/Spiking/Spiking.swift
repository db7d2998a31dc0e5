import Foundation
import RecurrentLearning

/// Lesson `spiking`: surrogate gradients for spiking units
/// du/dt = −V_th s + W s + x, s = H(u − V_th), stepped with Δt = 1.
/// Narrative: `Spiking.md`; each method below is one of its code cells,
/// between `// cell:` and `// end cell` markers.
public final class SpikingLesson: Lesson {
    public static let id = "spiking"
    public static let summary = "Spiking units: the surrogate gradient σ′_β, checked against the smoothed unit, refused when nothing fires"
    public static let narrativeName = "Spiking"
    public static let accepts: Set<LessonSetting> = []

    let settings: LessonSettings
    /// n units, T steps of Δt = 1.
    let n = 3, T = 60
    /// x_t (one positive drive per unit), shared by teacher and student.
    var inputs: [[Double]] = []
    var teacher: SpikingNetwork!
    /// u₀ … u_T of the teacher: the student's targets.
    var teacherStates: [[Double]] = []
    var problem: TrajectoryProblem<SpikingNetwork, SquaredErrorLoss>!
    var trained: TrajectoryProblem<SpikingNetwork, SquaredErrorLoss>!
    /// W and L after 0, 1, …, E epochs of training.
    var weightsAfter: [[Double]] = [], lossAfter: [Double] = []

    public required init(settings: LessonSettings) { self.settings = settings }

    public var cells: [String: (CellOutput) throws -> Void] {
        ["unit": unit, "surrogate": surrogate, "task": task, "smooth-check": smoothCheck,
         "surrogate-check": surrogateCheck, "guard": refuseSilence, "train": train, "plots": plots]
    }

    func unit(_ out: CellOutput) throws {
        // cell: unit
        var rng = SeededGenerator(seed: settings.seed)
        let drive = NormalDistribution(mean: 0.2, standardDeviation: 0.1)
        inputs = (0..<T).map { _ in (0..<n).map { _ in abs(drive.sample(using: &rng)) } }   // x_t,i > 0
        let excitation = (0..<(n * n)).map { _ in rng.uniform(0.1, 0.25) }                  // W_ij > 0
        teacher = SpikingNetwork(weights: Matrix(rows: n, columns: n, elements: excitation))   // V_th = 1, β = 5
        let u0 = [Double](repeating: 0, count: n)
        teacherStates = teacher.simulate(from: u0, inputs: inputs, timeStep: 1).states     // u₀ … u_T
        let spikes = teacherStates.dropLast().map(teacher.spikes)                         // s_t = H(u_t − V_th)
        out.print("n = \(n) units, T = \(T) steps of Δt = 1, V_th = \(teacher.threshold); \(settings.source)")
        for i in 0..<n { out.print("unit \(i)  " + String(spikes.map { $0[i] == 1 ? "|" : "." })) }
        // Summing u_{t+1} − u_t = (W − V_th I) s_t + x_t over t: the spike counts N balance the charge.
        let N = (0..<n).map { i in spikes.reduce(0) { $0 + $1[i] } }       // spikes per unit
        let charge = (0..<n).map { i in inputs.reduce(0) { $0 + $1[i] } - (teacherStates[T][i] - u0[i]) }
        let released = (teacher.threshold * Matrix.identity(n) - teacher.weights) * N
        out.print("spikes per unit N = \(N.map { Int($0) }), charge Σ_t x_t − (u_T − u₀) = \(charge.map { $0.fixed(3) }.joined(separator: ", "))")
        out.check("spike counts balance the charge: (V_th I − W) N = Σ_t x_t − (u_T − u₀)", released, against: charge, within: 1e-12)
        // end cell
    }

    func surrogate(_ out: CellOutput) throws {
        // cell: surrogate
        let unit = SpikingNetwork(w: 0), smoothed = SpikingNetwork(w: 0, spike: .smooth)   // V_th = 1, β = 5
        let β = unit.sharpness, offsets = [-1, -0.5, -0.2, -0.1, 0, 0.1, 0.2, 0.5, 1]     // u − V_th
        let u = offsets.map { [unit.threshold + $0] }
        out.table(["u − V_th", "H(u − V_th)", "σ_β(u − V_th)", "σ′_β(u − V_th)"], u.indices.map { k in
            [offsets[k].formatted(sig: 2), unit.spikes(u[k])[0].formatted(sig: 1),
             smoothed.spikes(u[k])[0].fixed(4), unit.spikeSlopes(u[k])[0].fixed(4)]
        })
        let slopes = u.map { unit.spikeSlopes($0)[0] }
        let numeric = u.map { FiniteDifferences.gradient(at: $0) { smoothed.spikes($0)[0] }[0] }
        out.check("σ′_β is the derivative of the smoothed spike σ_β", slopes, against: numeric, within: 1e-8)
        out.check("σ′_β peaks at threshold with height β/4", [slopes.max()!, slopes[4]], against: [β / 4, β / 4], within: 1e-15)
        // end cell
    }

    func task(_ out: CellOutput) throws {
        // cell: task
        problem = TrajectoryProblem(
            system: SpikingNetwork(weights: Matrix(rows: n, columns: n)),      // the student: W = 0, uncoupled
            initialState: teacherStates[0], inputs: inputs, timeStep: 1,      // same start, same drive
            loss: SquaredErrorLoss(targets: Array(teacherStates.dropFirst()), readout: Array(0..<n)))  // l on u
        out.table(["teacher W"] + (0..<n).map { "from unit \($0)" }, (0..<n).map { i in
            ["to unit \(i)"] + (0..<n).map { j in teacher.weights[i, j].fixed(3) }
        })
        var taught = problem!
        taught.system = teacher                                            // the teacher's own W
        out.print("student W = 0: L = \(problem.lossValue.formatted(sig: 6)), \(SurrogateGradientCheck.spikeCount(problem)) spikes; "
                  + "teacher: \(SurrogateGradientCheck.spikeCount(taught)) spikes")
        out.check("the targets are reachable: the teacher's W scores L = 0", taught.lossValue == 0, "L = \(taught.lossValue)")
        // end cell
    }

    func smoothCheck(_ out: CellOutput) throws {
        // cell: smooth-check
        var smoothed = problem!
        smoothed.system.spike = .smooth                        // s = σ_β(u − V_th): σ′_β is its true slope
        let viaBPTT = BPTT.gradient(smoothed).gradient, viaRTRL = RTRL.gradient(smoothed).gradient
        let numeric = smoothed.finiteDifferenceGradient()      // 2 × 9 simulations
        out.table(["parameter", "BPTT", "RTRL", "central differences"], viaBPTT.indices.map { k in
            [smoothed.system.parameterNames[k], viaBPTT[k].formatted(sig: 10), viaRTRL[k].formatted(sig: 10),
             numeric[k].formatted(sig: 10)]
        })
        out.check("smoothed unit: BPTT equals RTRL", viaBPTT, against: viaRTRL, within: 1e-10)
        out.check("smoothed unit: BPTT equals central differences", viaBPTT, against: numeric, within: 1e-6)
        // end cell
    }

    func surrogateCheck(_ out: CellOutput) throws {
        // cell: surrogate-check
        let comparison = try SurrogateGradientCheck.compare(problem)   // refuses if nothing fires
        let viaRTRL = RTRL.gradient(problem).gradient                  // the same surrogate, carried forward
        out.table(["parameter", "surrogate (BPTT)", "surrogate (RTRL)", "smoothed unit (differences)"],
                  viaRTRL.indices.map { k in
                      [problem.system.parameterNames[k], comparison.surrogateGradient[k].formatted(sig: 6),
                       viaRTRL[k].formatted(sig: 6), comparison.smoothedGradient[k].formatted(sig: 6)]
                  })
        let agreement = comparison.agreement
        out.print("\(comparison.spikeCount) spikes; surrogate vs smoothed: relative error "
                  + "\(agreement.relativeError.formatted(sig: 3)), cosine \(agreement.cosine.formatted(sig: 3))")
        out.check("threshold unit: the surrogate gradient's RTRL equals its BPTT", viaRTRL,
                  against: comparison.surrogateGradient, within: 1e-10)
        // Seeds 1–200 and 2023 give cosines from 0.63 to 0.94: both gradients say "strengthen
        // the excitation". 0.5 leaves margin; unrelated directions in 9-D give |cosine| ≈ 0.3.
        out.check("the surrogate points where the smoothed gradient points (cosine ≥ 0.5)",
                  agreement.cosine >= 0.5, "cosine \(agreement.cosine.formatted(sig: 4))")
        // end cell
    }

    func refuseSilence(_ out: CellOutput) throws {
        // cell: guard
        var silent = problem!
        silent.inputs = inputs.map { $0.map { _ in 0 } }           // no drive: u stays at 0 < V_th
        var smoothedSilent = silent
        smoothedSilent.system.spike = .smooth
        out.print("without drive, surrogate dL/dW = \(BPTT.gradient(silent).gradient.map { $0.formatted(sig: 2) }.joined(separator: " ")); "
                  + "smoothed twin's largest |dL/dW_ij| = \(smoothedSilent.finiteDifferenceGradient().map(abs).max()!.formatted(sig: 2))")
        do {
            let comparison = try SurrogateGradientCheck.compare(silent)
            out.check("the check refuses a network that never fires", false, "it compared \(comparison.spikeCount) spikes")
        } catch {
            out.print("refused: \(error)")
            out.check("the check refuses a network that never fires", error == .neverFired(steps: T, units: n),
                      "expected neverFired(steps: \(T), units: \(n))")
        }
        // end cell
    }

    func train(_ out: CellOutput) throws {
        // cell: train
        // BPTT on the threshold network is the surrogate gradient. η = 0.3 stays well short of
        // the excitation at which the units run away (seeds 1–200: no run fails to improve).
        let history: [EpochRecord]
        (trained, history) = try problem.trained(epochs: 30, learningRate: 0.3, method: .bptt)
        weightsAfter = [problem.system.parameters] + history.map(\.parameters)
        lossAfter = history.map(\.loss) + [trained.lossValue]          // a record's loss is before its update
        out.table(["epochs", "loss L", "spikes"], [0, 1, 2, 5, 10, 20, 30].map { k in
            var student = problem!
            student.system.parameters = weightsAfter[k]
            return [String(k), lossAfter[k].formatted(sig: 6), String(SurrogateGradientCheck.spikeCount(student))]
        })
        out.table(["learned W", "from unit 0", "from unit 1", "from unit 2"], (0..<n).map { i in
            ["to unit \(i)"] + (0..<n).map { j in trained.system.weights[i, j].fixed(3) }
        })
        let before = lossAfter.first!, after = lossAfter.last!
        out.check("surrogate-gradient training lowered the loss", after < before,
                  "loss \(before.formatted(sig: 4)) → \(after.formatted(sig: 4)) (× \((after / before).fixed(2)))")
        // end cell
    }

    func plots(_ out: CellOutput) throws {
        // cell: plots
        // Unit i is drawn 3i higher; a NaN breaks a line between units.
        var traceX: [Double] = [], traceY: [Double] = [], thresholdX: [Double] = [], thresholdY: [Double] = []
        var spikeX: [Double] = [], spikeY: [Double] = []
        for i in 0..<n {
            let lift = 3 * Double(i)
            traceX += (0...T).map(Double.init) + [.nan]
            traceY += teacherStates.map { $0[i] + lift } + [.nan]
            thresholdX += [0, Double(T + 20), .nan]                         // drawn on, under the key
            thresholdY += [teacher.threshold + lift, teacher.threshold + lift, .nan]
            for t in 0..<T where teacherStates[t][i] >= teacher.threshold {   // a bar under the trace per spike
                spikeX += [Double(t), Double(t), .nan]
                spikeY += [lift - 0.8, lift - 0.2, .nan]
            }
        }
        out.figure("raster", Figure(
            title: "Teacher network: spikes and membrane potentials (\(settings.source))",
            xLabel: "step t", yLabel: "u_i + 3i   (units 0, 1, 2 from the bottom)",
            series: [.init("membrane u", x: traceX, y: traceY), .init("threshold V_th", x: thresholdX, y: thresholdY),
                     .init("spikes", x: spikeX, y: spikeY)]))
        var smoothed = problem!
        smoothed.system.spike = .smooth
        let epochs = weightsAfter.indices.map(Double.init)
        out.figure("training", Figure(
            title: "Training with the surrogate gradient, η = 0.3 (\(settings.source))",
            xLabel: "epochs", yLabel: "loss L",
            series: [.init("threshold network", x: epochs, y: lossAfter, style: .linesPoints),
                     .init("its smoothed twin, same W", x: epochs, y: weightsAfter.map(smoothed.lossValue), style: .linesPoints)]))
        // end cell
    }
}
