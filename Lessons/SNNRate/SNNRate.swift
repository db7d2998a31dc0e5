import Foundation
import RecurrentLearning

/// Lesson `snn-rate`: from a population of LIF neurons to rate models, measured.
/// The f–I curve g, the population rate against the (I, r) model's r(t), the
/// error against N, and the rate and current forms as τ_s/τ_m sweeps two decades.
/// Narrative: `SNNRate.md`; each method below is one of its code cells, between
/// `// cell:` and `// end cell` markers.
public final class SNNRateLesson: Lesson {
    public static let id = "snn-rate"
    public static let summary = "From spiking to rate: a LIF population's f–I curve, its rate against the rate model, error vs N, and the rate and current forms as τ_s/τ_m sweeps"
    public static let narrativeName = "SNNRate"
    public static let accepts: Set<LessonSetting> = []

    let settings: LessonSettings
    /// Every draw of the lesson, cell after cell, comes from this one generator.
    var rng: SeededGenerator
    /// τ_m = 20 ms, u_rest = −65 mV, V_th = −50 mV, u_reset = −65 mV, τ_ref = 2 ms.
    let neuron = LIFNeuron()
    /// Δt = 0.1 ms; σ = 4 mV of membrane noise.
    let Δt = 1e-4, noise = 4.0
    /// Rates are counted in bins of 1 ms (10 steps) and smoothed by a Gaussian of σ = 4 ms.
    let binSteps = 10, smoothing = GaussianSmoothing(width: 4)
    /// The measured f–I curve of the noisy neuron.
    var g: FICurve!
    var population: SpikeRecord!
    /// r(t) of each rate model tried, averaged over each bin; the lecture's τ_r = τ_m first.
    var rateModels: [[Double]] = []
    /// The index of the rate model closest to the population.
    var best = 0
    /// Bins before this are the start-up transient and are not scored.
    let scoredFrom = 200
    /// The network of the reduction: n units, and their weights.
    let n = 3
    var wiring: Connectivity!

    public required init(settings: LessonSettings) {
        self.settings = settings
        rng = SeededGenerator(seed: settings.seed)
    }

    public var cells: [String: (CellOutput) throws -> Void] {
        ["neuron": lifNeuron, "fi-curve": fiCurve, "population": driven, "finite-size": finiteSize,
         "reduction": reduction, "limits": limits]
    }

    /// The mean over steps of each bin of `binSteps` steps (a last partial bin is dropped).
    func binned<C: Collection<Double>>(_ perStep: C) -> [Double] {
        let values = Array(perStep)
        return (0..<(values.count / binSteps)).map { b in
            values[(b * binSteps)..<((b + 1) * binSteps)].reduce(0, +) / Double(binSteps)
        }
    }

    /// A binned rate as it is scored: smoothed, without the start-up transient.
    func scored(_ rate: [Double]) -> [Double] { Array(smoothing.apply(rate)[scoredFrom...]) }

    /// The root-mean-square deviation from the mean.
    static func deviation(_ x: [Double]) -> Double {
        Vector.rmsDifference(x, [Double](repeating: Vector.mean(x), count: x.count))
    }

    func lifNeuron(_ out: CellOutput) throws {
        // cell: neuron
        let currents = [16.0, 18, 20, 25, 30, 40]                      // I in mV; the rheobase I_rh is 15 mV
        let record = LIFPopulation(neuron: neuron, size: currents.count, noise: 0)   // neuron i gets currents[i], 2 s
            .simulate(current: [Double](repeating: 0, count: 20_000), offsets: currents, timeStep: Δt, using: &rng)
        let counts = record.countsPerNeuron()
        let f = currents.map { neuron.firingRate(current: $0) }, fΔt = currents.map { neuron.firingRate(current: $0, timeStep: Δt) }
        out.print("τ_m = 20 ms, u_rest = −65 mV, V_th = −50 mV, u_reset = −65 mV, τ_ref = 2 ms, Δt = 0.1 ms; \(settings.source)")
        out.table(["I (mV)", "T_cross (ms)", "closed form f (Hz)", "step grid f_Δt (Hz)", "spikes / 2 s (Hz)"], currents.indices.map { i in
            [currents[i].formatted(sig: 3), (1000 * neuron.timeToThreshold(current: currents[i])!).fixed(3), f[i].fixed(3),
             fΔt[i].fixed(3), (Double(counts[i]) / 2).fixed(3)]
        })
        // After its first spike the noiseless neuron repeats itself: every interval times f_Δt is 1.
        let intervals = currents.indices.flatMap { i in record.interspikeIntervals(neuron: i).map { $0 * fΔt[i] } }
        out.check("every interval is Δt (n_ref + ⌈T_cross/Δt⌉) = 1/f_Δt", intervals,
                  against: [Double](repeating: 1, count: intervals.count), within: 1e-9)
        let countError = currents.indices.map { abs(Double(counts[$0]) / 2 - fΔt[$0]) }.max()!
        out.check("measured rates are f_Δt to one spike in 2 s", countError <= 0.5, "largest |measured − f_Δt| = \(countError.fixed(3)) Hz")
        out.check("f_Δt is the closed form f to one step per interval: f_Δt ≤ f < 1/(1/f_Δt − Δt)",
                  currents.indices.allSatisfy { fΔt[$0] <= f[$0] && f[$0] < 1 / (1 / fΔt[$0] - Δt) }, "at all \(currents.count) currents")
        // end cell
    }

    func fiCurve(_ out: CellOutput) throws {
        // cell: fi-curve
        let grid = (0...20).map { 2 * Double($0) }                 // I = 0, 2, …, 40 mV
        g = FICurve.measure(LIFPopulation(neuron: neuron, size: 1, noise: noise), currents: grid, neuronsPerCurrent: 100,
                            transient: 0.1, window: 1, timeStep: Δt, using: &rng)   // 100 neurons × 1 s at each I
        out.print("σ = \(noise.formatted(sig: 2)) mV of membrane noise, 100 neurons × 1 s at each of \(grid.count) currents; \(settings.source)")
        let shown = [0.0, 6, 10, 13, 15, 17, 20, 25, 30, 40]
        out.table(["I (mV)", "noiseless f(I) (Hz)", "noisy g(I) (Hz)", "g′(I) (Hz/mV)"], shown.map { I in
            [I.formatted(sig: 3), neuron.firingRate(current: I).fixed(2), g.value(I).fixed(2), g.derivative(I).fixed(3)]
        })
        let probes = (0..<80).map { 0.5 * Double($0) + 0.13 } + [-3, 45]  // between knots and beyond the grid
        out.check("g′ is the derivative of the interpolant g (central differences)", probes.map(g.derivative),
                  against: probes.map { I in FiniteDifferences.gradient(at: [I]) { g.value($0[0]) }[0] }, within: 1e-7)
        out.check("g passes through the measured points", grid.map(g.value), against: g.rates, within: 1e-14)
        let fine = (0...400).map { 0.1 * Double($0) }
        out.figure("fi-curve", Figure(
            title: "f–I curve of the LIF neuron (\(settings.source))", xLabel: "current I (mV)", yLabel: "rate (Hz)",
            series: [.init("noiseless, closed form f(I)", x: fine, y: fine.map { neuron.firingRate(current: $0) }),
                     .init("noisy (σ = 4 mV), measured", x: grid, y: g.rates, style: .points),
                     .init("g(I): the interpolant the rate models use", x: fine, y: fine.map(g.value))]))
        // end cell
    }

    func driven(_ out: CellOutput) throws {
        // cell: population
        let levels = (0..<20).map { _ in rng.uniform(10, 26) }         // x(t): a new level every 100 ms, plus 3 Hz
        let x = (0..<20_000).map { k in [levels[k / 1000] + 4 * sin(2 * Double.pi * 3 * Double(k) * Δt)] }  // 2 s, mV
        func model(_ τr: Double) -> SynapticRateNetwork<FICurve> {     // τ_s dI/dt = −I + x,  τ_r dr/dt = −r + g(I)
            SynapticRateNetwork(connectivity: Connectivity(recurrent: Matrix(rows: 1, columns: 1), input: .identity(1)),
                                transfer: g, synapticTimeConstant: 0.005, membraneTimeConstant: τr)
        }
        let start = [x[0][0], g.value(x[0][0])]                        // at rest for x(0)
        let current = model(0.02).simulate(from: start, inputs: x, timeStep: Δt, integrator: .rungeKutta4).series(0).dropLast()
        population = LIFPopulation(neuron: neuron, size: 1024, noise: noise)
            .simulate(current: Array(current), timeStep: Δt, using: &rng)   // every neuron feels I(t)
        let A = scored(population.populationRate(binSteps: binSteps))
        out.print("N = 1024, T = 2 s, \(population.spikeCount) spikes; A(t) varies with sd \(Self.deviation(A).fixed(1)) Hz; \(settings.source)")
        let candidates = [0.02, 0.01, 0.005, 0.002, 0.001]             // τ_r = τ_m (the lecture's), and faster
        rateModels = candidates.map { τr in
            binned(model(τr).simulate(from: start, inputs: x, timeStep: Δt, integrator: .rungeKutta4).series(1).dropLast())
        } + [binned(current.map(g.value))]                              // τ_r → 0: r = g(I)
        let names = candidates.map { "τ_r = \((1000 * $0).formatted(sig: 2)) ms" } + ["r = g(I)  (τ_r → 0)"]
        let errors = rateModels.map { Vector.rmsDifference(A, scored($0)) }
        best = errors.indices.min { errors[$0] < errors[$1] }!
        out.table(["rate model", "rms error vs A(t) (Hz)"], names.indices.map { [names[$0], errors[$0].fixed(2)] })
        let meanA = Vector.mean(A), meanR = Vector.mean(scored(rateModels[best]))
        out.check("the population's mean rate is the model's: g, measured at constant I, holds for a varying I",
                  abs(meanA - meanR) <= 0.02 * meanR, "⟨A⟩ = \(meanA.fixed(2)) Hz, ⟨r⟩ = \(meanR.fixed(2)) Hz (within 2%)")
        out.check("the lecture's τ_r = τ_m lags the population: its error is at least twice the best one's",
                  errors[0] >= 2 * errors[best], "\(errors[0].fixed(2)) Hz against \(names[best]): \(errors[best].fixed(2)) Hz")
        out.figure("population", populationFigure(best: names[best]))
        // end cell
    }

    func finiteSize(_ out: CellOutput) throws {
        // cell: finite-size
        let sizes = [4, 8, 16, 32, 64, 128, 256, 512, 1024]
        let reference = scored(rateModels[best]), lecture = scored(rateModels[0])
        var E: [Double] = [], lectureE: [Double] = []
        for M in sizes {                                                // rms over all ⌊1024/M⌋ groups of M
            let groups = population.populationRates(binSteps: binSteps, groupSize: M).map(scored)
            E.append(Vector.mean(groups.map { pow(Vector.rmsDifference($0, reference), 2) }).squareRoot())
            lectureE.append(Vector.mean(groups.map { pow(Vector.rmsDifference($0, lecture), 2) }).squareRoot())
        }
        let fit = LineFit(x: sizes.map { log(Double($0)) }, y: E.map(log))
        let split = LineFit(x: sizes.map { 1 / Double($0) }, y: E.map { $0 * $0 })                   // E² = b² + c²/N
        let splitLecture = LineFit(x: sizes.map { 1 / Double($0) }, y: lectureE.map { $0 * $0 })
        out.table(["N", "groups", "E (Hz)", "E √N", "E with τ_r = τ_m"], sizes.indices.map { k in
            [String(sizes[k]), String(1024 / sizes[k]), E[k].fixed(3), (E[k] * Double(sizes[k]).squareRoot()).fixed(1), lectureE[k].fixed(3)]
        })
        func b(_ fit: LineFit) -> String { fit.intercept > 0 ? "b = \(fit.intercept.squareRoot().fixed(2)) Hz" : "b ≈ 0 (b² fits below 0)" }
        out.print("E ∝ N^\(fit.slope.fixed(3)); c = \(split.slope.squareRoot().fixed(1)) Hz; model error \(b(split)), with τ_r = τ_m \(b(splitLecture)); \(settings.source)")
        out.check("the error falls as N^(−½) (log–log slope within ±0.15 of −0.5)", abs(fit.slope + 0.5) <= 0.15, "slope \(fit.slope.fixed(3))")
        out.figure("error-vs-n", Figure(
            title: "Population rate against the rate model: error vs N (\(settings.source))", xLabel: "population size N",
            yLabel: "rms error (Hz)", series: [
                .init("best rate model", x: sizes.map(Double.init), y: E, style: .points),
                .init("fit: N^\(fit.slope.fixed(2))", x: sizes.map(Double.init), y: sizes.map { exp(fit.value(at: log(Double($0)))) }),
                .init("the lecture's τ_r = τ_m", x: sizes.map(Double.init), y: lectureE, style: .linesPoints)],
            logY: true, logX: true))
        // end cell
    }

    /// A raster of neurons 0–39 above the population rate and two rate models.
    func populationFigure(best name: String) -> Figure {
        let A = smoothing.apply(population.populationRate(binSteps: binSteps))
        let shown = 40, top = A.max()! * 1.1
        let raster = zip(population.steps, population.neurons).filter { $0.1 < shown }
        let t = A.indices.map { (Double($0) + 0.5) * Double(binSteps) * Δt }
        return Figure(
            title: "\(population.neuronCount) LIF neurons driven by I(t) against the rate model (\(settings.source))",
            xLabel: "time t (s)", yLabel: "rate (Hz); above: spikes of neurons 0–\(shown - 1)",
            series: [.init("spikes", x: raster.map { Double($0.0 + 1) * Δt }, y: raster.map { top + 2 * Double($0.1) }, style: .points),
                     .init("population rate A(t)", x: t, y: A),
                     .init("rate model, \(name)", x: t, y: smoothing.apply(rateModels[best])),
                     .init("the lecture's τ_r = τ_m", x: t, y: smoothing.apply(rateModels[0]))],
            key: .below)
    }

    func reduction(_ out: CellOutput) throws {
        // cell: reduction
        let W = Matrix(rows: n, columns: n, elements: NormalDistribution(standardDeviation: 0.1).samples(n * n, using: &rng))
        wiring = Connectivity(recurrent: W, input: .identity(n))          // W in mV/Hz; unit i gets input x_i
        let full = SynapticRateNetwork(connectivity: wiring, transfer: g, synapticTimeConstant: 0.005, membraneTimeConstant: 0.02)
        let rateForm = RateFormNetwork(connectivity: wiring, transfer: g, membraneTimeConstant: 0.02)
        let currentForm = CurrentFormNetwork(connectivity: wiring, transfer: g, synapticTimeConstant: 0.005)
        let x = (0..<n).map { _ in rng.uniform(10, 26) }                 // a random input (mV), current and rate
        let I = (0..<n).map { _ in rng.uniform(5, 30) }, r = (0..<n).map { _ in rng.uniform(5, 60) }
        func checked<S: DynamicalSystem>(_ name: String, _ system: S, from state: [Double]) -> [Double] {
            let j = FiniteDifferences.jacobian(at: state) { system.rate($0, input: x) }
            let d = FiniteDifferences.jacobian(at: system.parameters) { system.with(parameters: $0).rate(state, input: x) }
            out.check("\(name): ∂F/∂state and ∂F/∂(W, U) agree with central differences",
                      system.stateJacobian(state, input: x).elements + system.parameterJacobian(state, input: x).elements,
                      against: j.elements + d.elements, within: 1e-7)
            return system.simulate(from: state, inputs: [[Double]](repeating: x, count: 3000), timeStep: 0.001,
                                   integrator: .rungeKutta4).states.last!  // where it rests: 3 s at constant x
        }
        let fullRest = checked("(I, r) system", full, from: I + r), rateRest = checked("rate form", rateForm, from: r)
        let currentRest = checked("current form", currentForm, from: I)
        out.table(["unit", "I* (mV)", "r* (Hz)", "rate form's r*", "current form's I*"], (0..<n).map { i in
            [String(i), fullRest[i].fixed(4), fullRest[n + i].fixed(4), rateRest[i].fixed(4), currentRest[i].fixed(4)]
        })
        out.check("the (I, r) system rests at r* = g(I*)", full.rates(fullRest), against: full.currents(fullRest).map(g.value), within: 1e-10)
        out.check("both reduced forms rest where the (I, r) system rests", rateRest + currentRest,
                  against: full.rates(fullRest) + full.currents(fullRest), within: 1e-10)
        // end cell
    }

    func limits(_ out: CellOutput) throws {
        // cell: limits
        let τ0 = 0.01, ratios = [0.1, 0.2, 0.5, 1, 2, 5, 10]                // τ_s/τ_m, with τ_s τ_m = τ0² held
        let levels = (0..<10).map { _ in (0..<n).map { _ in rng.uniform(10, 26) } }
        let h = 2.5e-4, x = (0..<4000).map { k in levels[k / 400] }        // 1 s; a new input every 100 ms
        let rest = SynapticRateNetwork(connectivity: wiring, transfer: g, synapticTimeConstant: τ0, membraneTimeConstant: τ0)
            .simulate(from: [Double](repeating: 0, count: 2 * n), inputs: [[Double]](repeating: x[0], count: 300),
                      timeStep: 0.01, integrator: .rungeKutta4).states.last!   // rest for x(0): the same for every τ
        var rateError: [Double] = [], currentError: [Double] = []
        for ρ in ratios {
            let τs = τ0 * ρ.squareRoot(), τm = τ0 / ρ.squareRoot()
            let full = SynapticRateNetwork(connectivity: wiring, transfer: g, synapticTimeConstant: τs, membraneTimeConstant: τm)
            let r = full.simulate(from: rest, inputs: x, timeStep: h, integrator: .rungeKutta4).states.flatMap(full.rates)
            let viaRateForm = RateFormNetwork(connectivity: wiring, transfer: g, membraneTimeConstant: τm)
                .simulate(from: full.rates(rest), inputs: x, timeStep: h, integrator: .rungeKutta4).states.flatMap { $0 }
            let viaCurrentForm = CurrentFormNetwork(connectivity: wiring, transfer: g, synapticTimeConstant: τs)
                .simulate(from: full.currents(rest), inputs: x, timeStep: h, integrator: .rungeKutta4).states.flatMap { $0.map(g.value) }
            rateError.append(Vector.rmsDifference(viaRateForm, r) / Self.deviation(r))
            currentError.append(Vector.rmsDifference(viaCurrentForm, r) / Self.deviation(r))
        }
        out.table(["τ_s/τ_m", "τ_s (ms)", "τ_m (ms)", "rate form's error", "current form's error"], ratios.indices.map { k in
            [ratios[k].formatted(sig: 2), (10 * ratios[k].squareRoot()).fixed(2), (10 / ratios[k].squareRoot()).fixed(2),
             rateError[k].fixed(4), currentError[k].fixed(4)]
        })
        out.print("error: rms of r − r_(I, r) over 1 s and \(n) units, relative to the sd of r_(I, r); \(settings.source)")
        out.check("the rate form's error falls as τ_s/τ_m → 0", zip(rateError, rateError.dropFirst()).allSatisfy { $0 < $1 },
                  "from \(rateError.last!.fixed(3)) at τ_s/τ_m = 10 to \(rateError.first!.fixed(3)) at 0.1")
        out.check("the current form's error falls as τ_s/τ_m → ∞", zip(currentError, currentError.dropFirst()).allSatisfy { $0 > $1 },
                  "from \(currentError.first!.fixed(3)) at τ_s/τ_m = 0.1 to \(currentError.last!.fixed(3)) at 10")
        out.figure("limits", Figure(
            title: "The reduced forms against the (I, r) system, τ_s τ_m = (10 ms)² (\(settings.source))",
            xLabel: "τ_s / τ_m", yLabel: "relative rms error of r",
            series: [.init("rate form  τ_m dr/dt = −r + g(W r + U x)", x: ratios, y: rateError, style: .linesPoints),
                     .init("current form  τ_s dI/dt = −I + W g(I) + U x", x: ratios, y: currentError, style: .linesPoints)],
            logY: true, logX: true, key: .below))
        // end cell
    }
}
