import ArgumentParser
import RecurrentLearning

/// What a case times: a gradient of a trajectory loss (BPTT, RTRL), or a step of
/// fixed-point learning (the solve, the implicit gradient by solve, by the adjoint ODE).
enum Method: String, Codable, Sendable, CaseIterable, ExpressibleByArgument {
    case bptt = "BPTT"
    case rtrl = "RTRL"
    case solve = "solve"
    case bySolve = "by-solve"
    case adjoint = "adjoint"

    /// `--only bptt`, `--only by-solve`, …, in any case.
    init?(argument: String) {
        guard let method = Self.allCases.first(where: { $0.rawValue.lowercased() == argument.lowercased() }) else { return nil }
        self = method
    }
    static var allValueStrings: [String] { allCases.map { $0.rawValue.lowercased() } }
    static var allValueDescriptions: [String: String] {
        ["bptt": "BPTT, n = 16, 64, 256, 1024", "rtrl": "exact RTRL, n = 4, 8, 16, 32",
         "solve": "fixed-point solve by relaxation, n = 64, 256, 1024",
         "by-solve": "implicit gradient by one LU of J, n = 64, 256, 1024",
         "adjoint": "implicit gradient by the adjoint ODE, Δt = 0.1 and 1, n = 64, 256, 1024"]
    }

    /// A fixed-point case (no trajectory: the model has no input, the loss is at r*).
    var isFixedPoint: Bool { self == .solve || self == .bySolve || self == .adjoint }
}

/// Which model a case runs on.
enum BenchModel: String, Codable, Sendable, CaseIterable, ExpressibleByArgument {
    /// τ dr/dt = −r + W tanh(r) + U x + b, one input (the JAX suite's model).
    case rate
    /// τ_s dI/dt = −I + W tanh(I) + U x, one input.
    case current
    /// du/dt = −V_th s + W s + x with smooth spikes, one drive per unit.
    case spiking
}

/// One benchmark case: a method on a random network of n units, driven for T steps.
struct BenchCase: Sendable {
    var method: Method
    var model: BenchModel = .rate
    var units: Int
    /// T for the trajectory cases; unused by the fixed-point ones, which take as
    /// many iterations as their tolerance needs.
    var steps: Int
    /// The adjoint ODE's Euler step Δt (the adjoint cases only).
    var adjointStep: Double? = nil

    var name: String {
        if method.isFixedPoint {
            return "fp-\(method.rawValue)" + (adjointStep.map { "-dt\($0.formatted(sig: 3))" } ?? "") + "-n\(units)"
        }
        return "\(method.rawValue.lowercased())\(model == .rate ? "" : "-\(model.rawValue)")-n\(units)"
    }

    /// The table's first column.
    var label: String {
        switch method {
        case .bptt, .rtrl: method.rawValue + (model == .rate ? "" : " " + model.rawValue)
        case .solve: "FP solve"
        case .bySolve: "FP by solve"
        case .adjoint: "FP adjoint Δt=\((adjointStep ?? 0).formatted(sig: 3))"
        }
    }

    var inputs: Int { method.isFixedPoint ? 0 : model == .spiking ? units : 1 }
    /// m: n² + nk + n (rate; n² + n at a fixed point), n² + nk (current form), n² (spiking).
    var parameters: Int {
        switch model {
        case .rate: units * units + units * inputs + units
        case .current: units * units + units * inputs
        case .spiking: units * units
        }
    }

    static func cases(quick: Bool) -> [BenchCase] {
        let steps = quick ? 200 : 1000
        let bptt = quick ? [16, 64] : [16, 64, 256, 1024]
        let rtrl = quick ? [4, 8] : [4, 8, 16, 32]
        let others = quick ? [64] : [64, 256, 1024]
        return bptt.map { BenchCase(method: .bptt, units: $0, steps: steps) }
            + rtrl.map { BenchCase(method: .rtrl, units: $0, steps: steps) }
            + [BenchModel.current, .spiking].flatMap { model in
                others.map { BenchCase(method: .bptt, model: model, units: $0, steps: steps) }
            }
            + others.flatMap { n in
                [BenchCase(method: .solve, units: n, steps: 0), BenchCase(method: .bySolve, units: n, steps: 0),
                 BenchCase(method: .adjoint, units: n, steps: 0, adjointStep: 0.1),
                 BenchCase(method: .adjoint, units: n, steps: 0, adjointStep: 1)]
            }
    }

    /// The rate-network problem timed: a random tanh network (gain 0.9, τ = 1),
    /// Δt = 0.1, one input x_t ~ N(0, 1), a random initial state and a random
    /// target y_t ~ N(0, 0.5²) for unit 0, so that the gradient is non-trivial.
    /// Every draw comes from `SeededGenerator(seed:)`; each case has its own
    /// stream (seed + n), so a case reproduces on its own.
    func problem(seed: UInt64) -> TrajectoryProblem<RateNetwork, SquaredErrorLoss> {
        var rng = SeededGenerator(seed: seed &+ UInt64(units))
        let network = RateNetwork(units: units, inputs: inputs, gain: 0.9, activation: .tanh,
                                  timeConstant: 1, using: &rng)
        return problem(network, using: &rng)
    }

    /// The same draws for the other models: W_ij ~ N(0, 0.9²/n) (spiking: 0.5²/n),
    /// U_ij ~ N(0, 1); the spiking network gets drives x ~ U(0.5, 1.5) per unit.
    func timedRun(seed: UInt64) -> TimedRun {
        if method.isFixedPoint { return fixedPointRun(seed: seed) }
        var rng = SeededGenerator(seed: seed &+ UInt64(units))
        let n = units
        switch model {
        case .rate:
            let rate = problem(seed: seed)
            return TimedRun(self, rate, sharedWithJAX: rate)
        case .current:
            let w = NormalDistribution(standardDeviation: 0.9 / Double(n).squareRoot()).samples(n * n, using: &rng)
            let u = NormalDistribution().samples(n, using: &rng)
            let network = CurrentFormNetwork(
                connectivity: Connectivity(recurrent: Matrix(rows: n, columns: n, elements: w),
                                           input: Matrix(rows: n, columns: 1, elements: u)),
                transfer: Activation.tanh, synapticTimeConstant: 1)
            return TimedRun(self, problem(network, using: &rng))
        case .spiking:
            let w = NormalDistribution(standardDeviation: 0.5 / Double(n).squareRoot()).samples(n * n, using: &rng)
            let network = SpikingNetwork(weights: Matrix(rows: n, columns: n, elements: w), threshold: 1,
                                         sharpness: 5, spike: .smooth)
            let drives = (0..<steps).map { _ in (0..<n).map { _ in rng.uniform(0.5, 1.5) } }
            return TimedRun(self, problem(network, inputs: drives, using: &rng))
        }
    }

    private func problem<S: DynamicalSystem>(_ system: S, inputs given: [[Double]]? = nil,
                                             using rng: inout SeededGenerator) -> TrajectoryProblem<S, SquaredErrorLoss> {
        let inputs = given ?? NormalDistribution().samples(steps, using: &rng).map { [$0] }
        let targets = NormalDistribution(standardDeviation: 0.5).samples(steps, using: &rng)
        let r0 = NormalDistribution(standardDeviation: 0.1).samples(units, using: &rng)
        return TrajectoryProblem(system: system, initialState: r0, inputs: inputs, timeStep: 0.1,
                                 loss: SquaredErrorLoss(targets: targets))
    }

    /// The work a case must do, for its roofline, given what its run counted
    /// (`RunOutput.passes`: the reads of W a fixed-point run made):
    /// - RTRL: the product (I + Δt J) p each step, 2n²m flops; it is
    ///   compute-bound, so its bound is these flops at the dgemm rate.
    /// - BPTT: W is read twice a step (W φ forward, Wᵀa backward), 16n² bytes,
    ///   at the read bandwidth of a buffer of W's size; then the parameter
    ///   gradient Σ_t v_t ∂F/∂w, an n × m/n outer product a step, 2mT flops at
    ///   the dgemm rate.
    /// - Fixed point: W is read once per evaluation of F (relaxation) and once
    ///   per adjoint step (vᵀJ), 8n² bytes each; the solve method adds the LU
    ///   of J, ⅔n³ flops, at the dgemm rate.
    func work(passes: Int) -> Work {
        let n = Double(units), m = Double(parameters), T = Double(steps)
        switch method {
        case .rtrl: return Work(flops: 2 * n * n * m * T, bytes: 0, workingSet: 0, gemmFlops: 0)
        case .bptt: return Work(flops: 0, bytes: 16 * n * n * T, workingSet: 8 * units * units,
                                gemmFlops: 2 * m * T)
        case .solve, .adjoint:
            return Work(flops: 0, bytes: 8 * n * n * Double(passes), workingSet: 8 * units * units, gemmFlops: 0)
        case .bySolve:
            return Work(flops: 2 * n * n * n / 3, bytes: 8 * n * n * Double(passes), workingSet: 8 * units * units,
                        gemmFlops: 0)
        }
    }
}

/// What one run of a case returns: the loss and the vector compared with JAX
/// (the gradient, or r* for the solve), and the passes over W it made (the
/// fixed-point cases: evaluations of F plus adjoint steps; 0 otherwise).
struct RunOutput {
    var loss: Double
    var values: [Double]
    var passes = 0
}

/// A case ready to time: the computation, and what the JAX suite needs to do
/// the same (nil for the models JAX does not implement).
struct TimedRun {
    let compute: () throws -> RunOutput
    let jax: JAXRequest?

    init(compute: @escaping () throws -> RunOutput, jax: JAXRequest?) {
        self.compute = compute
        self.jax = jax
    }

    init<S: DynamicalSystem>(_ c: BenchCase, _ problem: TrajectoryProblem<S, SquaredErrorLoss>,
                             sharedWithJAX rate: TrajectoryProblem<RateNetwork, SquaredErrorLoss>? = nil) {
        let method = c.method
        compute = {
            // What JAX's value_and_grad returns: the loss and dL/dw, no trajectory.
            let r = method == .bptt ? BPTT.gradient(problem, recording: []) : RTRL.gradient(problem, recording: [])
            return RunOutput(loss: r.loss, values: r.gradient)
        }
        jax = rate.map { JAXRequest(c, trajectory: $0) }
    }

    /// One run folded into a checksum, so the work cannot be optimised away.
    func run() throws -> Double {
        let output = try compute()
        var sum = output.loss
        for (k, g) in output.values.enumerated() { sum += g * Double(k % 7 + 1) }
        return sum
    }
}

/// What a case must at least do: `flops` at the dgemm rate plus `bytes` read
/// from a working set of `workingSet` bytes, plus `gemmFlops` at the dgemm rate.
struct Work: Sendable {
    var flops: Double
    var bytes: Double
    var workingSet: Int
    var gemmFlops: Double
}
