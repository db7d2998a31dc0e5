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

/// One benchmark case: a method on a random rate network of n units with one
/// input, driven for T steps.
struct BenchCase: Sendable {
    var method: Method
    var units: Int
    var steps: Int

    var name: String { "\(method.rawValue.lowercased())-n\(units)" }
    var inputs: Int { 1 }
    /// m = n² + nk + n.
    var parameters: Int { units * units + units * inputs + units }

    static func cases(quick: Bool) -> [BenchCase] {
        let steps = quick ? 200 : 1000
        let bptt = quick ? [16, 64] : [16, 64, 256, 1024]
        let rtrl = quick ? [4, 8] : [4, 8, 16, 32]
        return bptt.map { BenchCase(method: .bptt, units: $0, steps: steps) }
            + rtrl.map { BenchCase(method: .rtrl, units: $0, steps: steps) }
    }

    /// The problem timed: a random tanh network (gain 0.9, τ = 1), Δt = 0.1,
    /// one input x_t ~ N(0, 1), a random initial state and a random target
    /// y_t ~ N(0, 0.5²) for unit 0, so that the gradient is non-trivial.
    /// Every draw comes from `SeededGenerator(seed:)`; each case has its own
    /// stream (seed + n), so a case reproduces on its own.
    func problem(seed: UInt64) -> TrajectoryProblem<RateNetwork, SquaredErrorLoss> {
        var rng = SeededGenerator(seed: seed &+ UInt64(units))
        let network = RateNetwork(units: units, inputs: inputs, gain: 0.9, activation: .tanh,
                                  timeConstant: 1, using: &rng)
        let inputs = NormalDistribution().samples(steps, using: &rng).map { [$0] }
        let targets = NormalDistribution(standardDeviation: 0.5).samples(steps, using: &rng)
        let r0 = NormalDistribution(standardDeviation: 0.1).samples(units, using: &rng)
        return TrajectoryProblem(system: network, initialState: r0, inputs: inputs, timeStep: 0.1,
                                 loss: SquaredErrorLoss(targets: targets))
    }

    /// One gradient, as (loss, gradient): what JAX's value_and_grad returns,
    /// so BPTT keeps no copy of its states and adjoints.
    func gradient(_ problem: TrajectoryProblem<RateNetwork, SquaredErrorLoss>) -> (loss: Double, gradient: [Double]) {
        switch method {
        case .bptt: let r = BPTT.gradient(problem, recording: []); return (r.loss, r.gradient)
        case .rtrl: let r = RTRL.gradient(problem); return (r.loss, r.gradient)
        }
    }

    /// One gradient folded into a checksum, so the work cannot be optimised away.
    func run(_ problem: TrajectoryProblem<RateNetwork, SquaredErrorLoss>) -> Double {
        let (loss, gradient) = gradient(problem)
        var sum = loss
        for (k, g) in gradient.enumerated() { sum += g * Double(k % 7 + 1) }
        return sum
    }

    /// The work a case must do, for its roofline:
    /// - RTRL: the product (I + Δt J) p each step, 2n²m flops; it is
    ///   compute-bound, so its bound is these flops at the dgemm rate.
    /// - BPTT: W is read twice a step (W φ forward, Wᵀa backward), 16n² bytes,
    ///   at the read bandwidth of a buffer of W's size; then the parameter
    ///   gradient Σ_t v_t (φ_tᵀ, x_tᵀ, 1), an n × (n + k + 1) = m outer product
    ///   a step, 2mT flops at the dgemm rate. The two phases run one
    ///   after the other, so their bounds add.
    var work: Work {
        let n = Double(units), m = Double(parameters), T = Double(steps)
        switch method {
        case .rtrl: return Work(flops: 2 * n * n * m * T, bytes: 0, workingSet: 0, gemmFlops: 0)
        case .bptt: return Work(flops: 0, bytes: 16 * n * n * T, workingSet: 8 * units * units,
                                gemmFlops: 2 * m * T)
        }
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
