import Foundation
import RecurrentLearning

/// Lesson `backward-tuning`: the second seed's estimation method (Viéville et al., RR-9100):
/// kernel-form units, backward tuning of the error multipliers ε, weight adjustment from
/// normal equations, and the reverse-engineering table.
/// Narrative: `BackwardTuning.md`; each method below is one of its code cells,
/// between `// cell:` and `// end cell` markers.
public final class BackwardTuningLesson: Lesson {
    public static let id = "backward-tuning"
    public static let summary = "Backward tuning: kernel-form units, the ε recursion against BPTT, normal equations, the published table"
    public static let narrativeName = "BackwardTuning"
    public static let accepts: Set<LessonSetting> = [.units]

    let settings: LessonSettings
    /// The published experiment's data for LNL, N = 2: input i(t), root target ō(t), blind start.
    let n = 2
    var inputs: [[Double]] = [], targets: [[Double]] = []
    var blind: LinearNonLinearNetwork!
    var pass: BackwardTuning!
    var outcomes: [ReverseEngineering.Outcome] = []

    public required init(settings: LessonSettings) { self.settings = settings }

    public var cells: [String: (CellOutput) throws -> Void] {
        ["kernels": kernels, "data": data, "backward": backward, "normal-equations": normalEquations,
         "table": table, "gradient-descent": gradientDescent]
    }

    func kernels(_ out: CellOutput) throws {
        // cell: kernels
        var rng = SeededGenerator(seed: settings.seed)
        let normal = NormalDistribution(mean: 0, standardDeviation: 0.5)
        let units: [(String, any KernelNetwork)] = [                              // 2 units, 1 input, weights drawn
            ("LNL", LinearNonLinearNetwork(units: 2, inputs: 1, leak: .free, offset: .free) { _, _ in rng.uniform(0, 0.9) }),
            ("IAF", IntegrateAndFireNetwork(units: 2, inputs: 1, leak: .free, offset: .free, sharpness: .free) { _, _ in normal.sample(using: &rng) }),
            ("LSTM", LongShortTermMemoryNetwork(units: 2, inputs: 1, offset: .free) { _, _ in normal.sample(using: &rng) })]
        let i = (0..<8).map { _ in [normal.sample(using: &rng)] }
        var rows: [[String]] = [], worst = 0.0
        for (name, net) in units {
            let x = net.simulate(inputs: i)
            let h = 1e-6                                                          // β against a central difference
            for t in 1..<x.count { for node in 0..<net.nodeCount { for (n2, t2) in net.dependencies(node: node, time: t) {
                var up = x, down = x
                up[t2][n2] += h; down[t2][n2] -= h
                let fd = (net.value(node: node, time: t, states: up, inputs: i) - net.value(node: node, time: t, states: down, inputs: i)) / (2 * h)
                let β = net.sensitivity(node: node, time: t, to: n2, time: t2, states: x, inputs: i)
                worst = max(worst, abs(β - fd) / max(abs(fd), 1e-3))
            } } }
            let D = (0..<net.nodeCount).map { net.weights.dimension($0) }
            rows.append([name, "\(net.nodeCount)", D.map(String.init).joined(separator: " "),
                         x[7].prefix(2).map { $0.fixed(4) }.joined(separator: ", ")])
        }
        out.table(["unit type", "nodes", "D_n per node", "outputs x_0, x_1 at t = 7"], rows)
        out.print("worst |β − central difference| / max(|fd|, 1e-3) over every dependency: \(worst.formatted(sig: 2)); \(settings.source)")
        out.check("every analytic β equals its central difference (LNL, IAF, LSTM)", worst < 1e-6, "worst relative error \(worst.formatted(sig: 2))")
        // end cell
    }

    func data(_ out: CellOutput) throws {
        // cell: data
        inputs = ReverseEngineering.inputs(units: n)                        // MT19937-64 seed 0, T = 2N(N+1) = 12
        let root = ReverseEngineering.rootLNL(units: n)                      // N(0, 0.5/√N), leak and offset fixed at 0
        targets = ReverseEngineering.targets(root: root, inputs: inputs)    // ō(t) = root node 0
        blind = ReverseEngineering.blindLNL(units: n)                        // N(−0.1, 0.1/√N), leak clamped to [0, 0.999]
        func stats(_ v: [Double]) -> (Double, Double) { (Vector.mean(v), Vector.sampleStandardDeviation(v)) }
        let (im, isd) = stats(inputs.map { $0[0] }), (om, osd) = stats(targets.map { $0[0] })
        out.table(["", "mean", "sd", "the reference's"], [
            ["input i(t)", im.formatted(sig: 6), isd.formatted(sig: 6), "−0.296132 / 1.18605"],
            ["target ō(t)", om.formatted(sig: 6), osd.formatted(sig: 6), "0.508709 / 0.256501"]])
        out.print("published data: MT19937-64 seeded with 0 (not the lesson seed), T = \(inputs.count)")
        out.check("the published input and target statistics, to 6 digits", [im, isd, om, osd],
                  against: [-0.296132, 1.18605, 0.508709, 0.256501], within: 5e-6)
        // end cell
    }

    func backward(_ out: CellOutput) throws {
        // cell: backward
        pass = BackwardTuning(network: blind, inputs: inputs, targets: targets, guard: .identity)
        var leakless = blind!                                                // the rate model below has no leak
        for unit in 0..<n { leakless.weights.set(node: n + unit, kernel: 1, to: 0) }
        let kernelGradient = BackwardTuning(network: leakless, inputs: inputs, targets: targets, guard: .identity).gradient
        let problem = rateProblem()                                          // r_{t+1} = ζ(W r_t + V i_t), Δt = 1
        let rate = problem.system
        let bptt = BPTT.gradient(problem).gradient.map { $0 * Double(inputs.count) }   // l = Σρ / T
        let fromε = (0..<n).flatMap { k in (0..<n).map { a in kernelGradient[2 * n + a][1 + k] } }   // W, column-major
            + (0..<n).map { a in kernelGradient[2 * n + a][1 + n] }                                  // then V
        out.table(["weight", "Σ_t φ ε (backward tuning)", "BPTT"], zip(rate.parameterNames, zip(fromε, bptt)).map {
            [$0.0, $0.1.0.formatted(sig: 8), $0.1.1.formatted(sig: 8)] })
        out.print("blind leaks γ = \(blind.weights[node: n, kernel: 1].fixed(3)), \(blind.weights[node: n + 1, kernel: 1].fixed(3)) (clamped to [0, 0.999]), set to 0 for this comparison; cost \(pass.cost.formatted(sig: 6))")
        out.check("the ε recursion's gradient equals BPTT's on the same network", fromε, against: bptt, within: 1e-12)
        let guarded = BackwardTuning(network: blind, inputs: inputs, targets: targets, guard: .publishedRuns)
        out.print("with the error guard g: \(guarded.guardedTiny) tiny and \(guarded.guardedHuge) huge of \(n * 3 * inputs.count) multipliers changed")
        // end cell
    }

    func normalEquations(_ out: CellOutput) throws {
        // cell: normal-equations
        let node = 2 * n                                                     // unit 0's drive node: D = 1 + N + M
        let D = blind.weights.dimension(node)
        var A = Matrix(rows: D, columns: D), b = [Double](repeating: 0, count: D)
        for t in inputs.indices {                                            // A = Σ φ φᵀ, b = Σ φ (x̂ − φ0 − ε)
            let φ = Array(pass.kernels[t][node].dropFirst())
            for r in 0..<D { b[r] += φ[r] * (pass.states[t][node] - pass.kernels[t][node][0] - pass.multipliers[t][node])
                for c in 0..<D { A[r, c] += φ[r] * φ[c] } }
        }
        let w0 = blind.weights.values[node]
        let w1 = Vector.adding(w0, try A.pseudoInverse() * Vector.subtracting(b, A * w0))   // W1 = W0 + A⁺(b − A W0)
        out.table(["d", "W0", "W1"], (0..<D).map { ["\($0 + 1)", w0[$0].fixed(5), w1[$0].fixed(5)] })
        out.check("W1 solves the normal equations A W1 = b", A * w1, against: b, within: 1e-10)
        let direction = BackwardTuningEstimator.secondOrderDirection(blind, pass: pass, targets: targets, options: .init())
        let f = { (u: Double) in let k = self.blind.stepped(from: self.blind.weights, along: direction, by: u)
                  return k.cost(states: k.simulate(inputs: self.inputs), targets: self.targets) }
        let brent = BrentMinimizer.minimum(on: 0...1, tolerance: 1.0 / 400, of: f)
        let grid = (0...1000).map { Double($0) / 1000 }, costs = grid.map(f)
        let best = costs.indices.min { costs[$0] < costs[$1] }!
        out.print("line search along W0 − W1: u* = \(brent.argument.fixed(4)) (\(brent.evaluations) simulations), cost \(pass.cost.formatted(sig: 4)) → \(brent.value.formatted(sig: 6)); a 1001-point grid: \(costs[best].formatted(sig: 6)) at u = \(grid[best].fixed(3))")
        // Brent never evaluates closer than 2 × tolerance to the ends: u* ≤ 1 − 2/400 + 1/400.
        out.check("Brent's u* is within 1 % of the grid's best cost", brent.value <= costs[best] * 1.01, "Brent \(brent.value), grid \(costs[best])")
        // end cell
    }

    func table(_ out: CellOutput) throws {
        // cell: table
        let sizes = settings.units ?? [2, 4, 8]
        outcomes = ReverseEngineering.cachedRuns(sizes: sizes)              // LNL and IAF, both cores; seed-independent
        var rows: [[String]] = []
        for o in outcomes {
            let fit = CostDecayFit(o.costs).tableEntries, published = PublishedCosts.table(o.type, units: o.units)
            let agree = PublishedCosts.costs(o.type, units: o.units).map { "\(PublishedCosts.agreement(o.costs, with: $0))" } ?? "–"
            let stop = o.stop == .criterionReached ? "≤ \(o.units >= 16 ? "1e-4" : "1e-6")" : o.stop == .iterationCap ? "cap" : "stalled"
            rows.append(["\(o.type.rawValue) \(o.units)", "\(fit)", published ?? "T.B.D. in the seed", agree, stop,
                         o.seconds.fixed(1)])
        }
        out.table(["network", "ours: iterations & min & τ & β", "published", "costs equal to 6 digits", "stop", "seconds"], rows)
        out.figure("costs", Figure(title: "backward tuning, reverse engineering (published data, MT19937-64 seed 0)",
                                   xLabel: "recorded cost index", yLabel: "cost Σρ/(N_nodes T)",
                                   series: outcomes.map { .init("\($0.type.rawValue) N = \($0.units)", x: $0.costs.indices.map(Double.init), y: $0.costs) },
                                   logY: true, key: .topRight))
        out.check("accepted iterations never raise the cost", outcomes.allSatisfy { zip($0.costs, $0.costs.dropFirst()).allSatisfy { $1 < $0 } }, "")
        if let lnl2 = outcomes.first(where: { $0.type == .linearNonLinear && $0.units == 2 }) {
            out.check("LNL N = 2 stops at 36 recorded costs, minimum 9.3e-7, as published",
                      lnl2.costs.count == 36 && lnl2.costs.min()!.formatted(sig: 2) == "9.3e-07", CostDecayFit(lnl2.costs).tableEntries.description)
        }
        // end cell
    }

    func gradientDescent(_ out: CellOutput) throws {
        // cell: gradient-descent
        guard let bt = outcomes.first(where: { $0.type == .linearNonLinear && $0.units == 2 }) else {
            out.print("(run with N = 2 in --units to compare with gradient descent)"); return
        }
        var problem = rateProblem()                                          // the blind start, as a rate model
        let toCost = 1.0 / Double(3 * n)                                     // Σρ/(3N T) = l/(3N)
        let start = Date(), η = 2.0, budget = 20_000
        var epochs = 0, cost = problem.lossValue * toCost
        while cost > 1e-6 && epochs < budget {
            problem = try problem.trained(epochs: 100, learningRate: η, method: .bptt).problem
            epochs += 100
            cost = problem.lossValue * toCost
        }
        let seconds = Date().timeIntervalSince(start)
        out.table(["method", "iterations", "forward simulations", "final cost", "seconds"], [
            ["backward tuning", "\(bt.costs.count - 1)", "\(bt.simulations)", bt.costs.last!.formatted(sig: 3), bt.seconds.fixed(2)],
            ["gradient descent by BPTT, η = \(η)", "\(epochs)", "\(epochs)", cost.formatted(sig: 3), seconds.fixed(2)]])
        out.check("gradient descent's cost fell (it is the same task)", cost < bt.costs[0], "\(cost) vs start \(bt.costs[0])")
        // end cell
    }

    /// The blind LNL network without its leak, as the rate model r_{t+1} = ζ(W r_t + V i_t) stepped
    /// with Δt = 1 from r_0 = x(−1) = 0; the kernel reads i(t − 1), so the inputs are shifted by one.
    func rateProblem() -> TrajectoryProblem<RateFormNetwork<BoundedSigmoid>, SquaredErrorLoss> {
        let W = Matrix(rows: n, columns: n) { a, k in blind.weights[node: 2 * n + a, kernel: 2 + k] }
        let V = Matrix(rows: n, columns: 1) { a, _ in blind.weights[node: 2 * n + a, kernel: 2 + n] }
        return TrajectoryProblem(system: RateFormNetwork(connectivity: Connectivity(recurrent: W, input: V),
                                                         transfer: BoundedSigmoid(), membraneTimeConstant: 1),
                                 initialState: [Double](repeating: 0, count: n), inputs: [[0.0]] + inputs.dropLast(),
                                 timeStep: 1, loss: SquaredErrorLoss(targets: targets, readout: [0]))
    }
}
