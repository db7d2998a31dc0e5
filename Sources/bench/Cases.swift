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

/// One benchmark case: a method on a random rate network of n units driven for
/// T steps, with the JAX-jit median for the same (n, T) when there is one.
struct BenchCase: Sendable {
    var method: Method
    var units: Int
    var steps: Int
    /// JAX-jit median (float64, one core), milliseconds; nil when JAX was not
    /// timed at this size (e.g. the shortened `--quick` cases).
    var jaxMilliseconds: Double?

    var name: String { "\(method.rawValue.lowercased())-n\(units)" }

    /// JAX-jit reference medians at T = 1000, one input, tanh, float64, one core.
    static let jaxReference: [Method: [Int: Double]] = [
        .bptt: [16: 1.28, 64: 2.90, 256: 27.8, 1024: 981],
        .rtrl: [4: 0.9, 8: 1.9, 16: 5.4, 32: 56],
    ]

    static func cases(quick: Bool) -> [BenchCase] {
        let steps = quick ? 200 : 1000
        let bptt = quick ? [16, 64] : [16, 64, 256, 1024]
        let rtrl = quick ? [4, 8] : [4, 8, 16, 32]
        func make(_ method: Method, _ n: Int) -> BenchCase {
            BenchCase(method: method, units: n, steps: steps,
                      jaxMilliseconds: steps == 1000 ? jaxReference[method]?[n] : nil)
        }
        return bptt.map { make(.bptt, $0) } + rtrl.map { make(.rtrl, $0) }
    }

    /// The problem timed: a random tanh network (gain 0.9, τ = 1), Δt = 0.1,
    /// one input x_t ~ N(0, 1), a random initial state and a random target
    /// y_t ~ N(0, 0.5²) for unit 0, so that the gradient is non-trivial.
    /// Every draw comes from `SeededGenerator(seed:)`; each case has its own
    /// stream (seed + n), so a case reproduces on its own.
    func problem(seed: UInt64) -> TrajectoryProblem<RateNetwork> {
        var rng = SeededGenerator(seed: seed &+ UInt64(units))
        let network = RateNetwork(units: units, inputs: 1, gain: 0.9, activation: .tanh,
                                  timeConstant: 1, using: &rng)
        let inputs = NormalDistribution().samples(steps, using: &rng).map { [$0] }
        let targets = NormalDistribution(standardDeviation: 0.5).samples(steps, using: &rng)
        let r0 = NormalDistribution(standardDeviation: 0.1).samples(units, using: &rng)
        return TrajectoryProblem(system: network, initialState: r0, inputs: inputs, timeStep: 0.1,
                                 loss: SquaredErrorLoss(targets: targets))
    }

    /// One gradient; returns a checksum of the loss and gradient so the work
    /// cannot be optimised away.
    func run(_ problem: TrajectoryProblem<RateNetwork>) -> Double {
        let (loss, gradient): (Double, [Double])
        switch method {
        case .bptt:
            let r = BPTT.gradient(problem)
            (loss, gradient) = (r.loss, r.gradient)
        case .rtrl:
            let r = RTRL.gradient(problem)
            (loss, gradient) = (r.loss, r.gradient)
        }
        var sum = loss
        for (k, g) in gradient.enumerated() { sum += g * Double(k % 7 + 1) }
        return sum
    }
}
