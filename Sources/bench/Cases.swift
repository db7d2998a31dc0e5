import ArgumentParser
import RecurrentLearning

/// Which gradient method a case times.
enum Method: String, Codable, Sendable, CaseIterable, ExpressibleByArgument {
    case bptt = "BPTT"
    case rtrl = "RTRL"

    /// `--only bptt` or `--only rtrl`, in any case.
    init?(argument: String) { self.init(rawValue: argument.uppercased()) }
    static var allValueStrings: [String] { ["bptt", "rtrl"] }
    static var allValueDescriptions: [String: String] {
        ["bptt": "BPTT, n = 16, 64, 256, 1024", "rtrl": "exact RTRL, n = 4, 8, 16, 32"]
    }
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
    var steps: Int

    var name: String { "\(method.rawValue.lowercased())\(model == .rate ? "" : "-\(model.rawValue)")-n\(units)" }
    var inputs: Int { model == .spiking ? units : 1 }
    /// m: n² + nk + n (rate), n² + nk (current form), n² (spiking).
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

    /// The work a case must do, for its roofline:
    /// - RTRL: the product (I + Δt J) p each step, 2n²m flops; it is
    ///   compute-bound, so its bound is these flops at the dgemm rate.
    /// - BPTT: W is read twice a step (W φ forward, Wᵀa backward), 16n² bytes,
    ///   at the read bandwidth of a buffer of W's size; then the parameter
    ///   gradient Σ_t v_t ∂F/∂w, an n × m/n outer product a step, 2mT flops at
    ///   the dgemm rate.
    var work: Work {
        let n = Double(units), m = Double(parameters), T = Double(steps)
        switch method {
        case .rtrl: return Work(flops: 2 * n * n * m * T, bytes: 0, workingSet: 0, gemmFlops: 0)
        case .bptt: return Work(flops: 0, bytes: 16 * n * n * T, workingSet: 8 * units * units,
                                gemmFlops: 2 * m * T)
        }
    }
}

/// A case ready to time: its gradient, and the rate-network problem the JAX
/// suite can take (nil for the models JAX does not implement).
struct TimedRun {
    let gradient: () -> (loss: Double, gradient: [Double])
    let rateProblem: TrajectoryProblem<RateNetwork, SquaredErrorLoss>?

    init<S: DynamicalSystem>(_ c: BenchCase, _ problem: TrajectoryProblem<S, SquaredErrorLoss>,
                             sharedWithJAX rate: TrajectoryProblem<RateNetwork, SquaredErrorLoss>? = nil) {
        let method = c.method
        gradient = {
            // What JAX's value_and_grad returns: the loss and dL/dw, no trajectory.
            let r = method == .bptt ? BPTT.gradient(problem, recording: []) : RTRL.gradient(problem, recording: [])
            return (r.loss, r.gradient)
        }
        rateProblem = rate
    }

    /// One gradient folded into a checksum, so the work cannot be optimised away.
    func run() -> Double {
        let (loss, gradient) = gradient()
        var sum = loss
        for (k, g) in gradient.enumerated() { sum += g * Double(k % 7 + 1) }
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
