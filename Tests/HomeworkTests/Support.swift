import Foundation
import RecurrentLearning
import Testing

// Support code of the graded tests. Nothing here calls the homework: every
// expected value comes from the library (`RTRL`, `BPTT`, `trained`), from a
// closed form, or from the plain scalar simulation below and central
// differences of it. Each graded test calls exactly one homework function,
// the exercise of its suite, so a mistake in one exercise fails only that
// exercise's tests.

// MARK: - Comparisons with readable failure messages

/// Whether `got` is within `tolerance` of `expected`, absolutely for values up
/// to 1 and relatively above: |got − expected| ≤ tolerance · max(1, |expected|).
/// NaN and infinities never agree.
func agrees(_ got: Double, _ expected: Double, within tolerance: Double) -> Bool {
    abs(got - expected) <= tolerance * max(1, abs(expected))
}

/// Records an issue unless `got` agrees with `expected` (see `agrees`), with a
/// message such as `dL/dw: expected 0.123, got 0.456 (tolerance 1e-12)`.
func expectClose(_ got: Double, _ expected: Double, within tolerance: Double, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(agrees(got, expected, within: tolerance),
            "\(what): expected \(expected), got \(got) (tolerance \(tolerance))",
            sourceLocation: sourceLocation)
}

/// Records an issue unless `got` has as many values as `expected` and each
/// agrees with its counterpart. The message names the first value that is
/// off, as `pw[3] (t = 4): expected 0.123, got 0.456 (tolerance 1e-10)`, and
/// says how many are off in all; a wrong count is reported alone.
///
/// - Parameters:
///   - what: the array's name, e.g. `pw`.
///   - counting: what an index stands for, e.g. `t =` or `epoch`: value i is
///     number i + `first` of it (`pw[3]` holds p_w at t = 4).
func expectClose(_ got: [Double], _ expected: [Double], within tolerance: Double, _ what: String,
                 counting: String? = nil, from first: Int = 1,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard got.count == expected.count else {
        Issue.record("\(what): expected \(expected.count) values, got \(got.count)",
                     sourceLocation: sourceLocation)
        return
    }
    let off = expected.indices.filter { !agrees(got[$0], expected[$0], within: tolerance) }
    guard let i = off.first else { return }
    let name = counting.map { "\(what)[\(i)] (\($0) \(i + first))" } ?? "\(what)[\(i)]"
    Issue.record(
        """
        \(name): expected \(expected[i]), got \(got[i]) (tolerance \(tolerance)); \
        \(off.count) of \(expected.count) values are off
        """,
        sourceLocation: sourceLocation)
}

// MARK: - Data

/// The course's sequence, as `lesson rtrl` and `lesson bptt` draw it with their
/// default seed 2023: x ~ N(0, 0.1²), then y = exp(linspace(1, 0, T)) + N(0, 0.1²).
func courseSequence(seed: UInt64 = 2023, length T: Int = 10) -> (x: [Double], y: [Double]) {
    var rng = SeededGenerator(seed: seed)
    return HomeworkModel.courseSequence(length: T, using: &rng)
}

/// One run of the homework model away from the course's defaults: any w
/// (growing dynamics for w > 1), b, start r_0, time step and length.
struct HomeworkCase: CustomStringConvertible {
    var x: [Double]
    var y: [Double]
    var w: Double
    var b: Double
    var r0: Double
    var dt: Double

    var count: Int { x.count }

    var description: String {
        "T = \(count), w = \(w), b = \(b), r0 = \(r0), dt = \(dt)"
    }

    /// The same run as a library problem (targets y_0 … y_{T−1} for r_1 … r_T).
    var problem: TrajectoryProblem<HomeworkModel, SquaredErrorLoss> {
        TrajectoryProblem(system: HomeworkModel(w: w, b: b), initialState: [r0], inputs: x.map { [$0] },
                          timeStep: dt, loss: SquaredErrorLoss(targets: y))
    }
}

/// The course's own run: its sequence, w = b = 1, r_0 = y_0, Δt = 0.1.
func courseCase() -> HomeworkCase {
    let (x, y) = courseSequence()
    return HomeworkCase(x: x, y: y, w: 1, b: 1, r0: y[0], dt: 0.1)
}

// BEGIN HIDDEN TESTS
// Only hidden tests use these runs: their seed and shape stay out of the student copy.
/// Seeded runs that differ from the course in every respect: longer sequences,
/// a decaying (w < 1) and two growing (w > 1) cases, other time steps, starts
/// away from y_0. x ~ N(0, 0.5²), y a noisy exponential.
func randomCases(seed: UInt64 = 20_240_917) -> [HomeworkCase] {
    var rng = SeededGenerator(seed: seed)
    let noise = NormalDistribution(standardDeviation: 0.5)
    return [(40, 1.2...1.8, 0.05), (25, -0.5...0.9, 0.1), (60, 1.05...1.3, 0.1)].map { T, ws, dt in
        let x = noise.samples(T, using: &rng)
        let scale = rng.uniform(0.5, 3)
        let y = (0..<T).map { t in scale * exp(-Double(t) / Double(T)) + 0.2 * noise.sample(using: &rng) }
        return HomeworkCase(x: x, y: y, w: rng.uniform(ws.lowerBound, ws.upperBound), b: rng.uniform(-1, 1),
                            r0: rng.uniform(-2, 2), dt: dt)
    }
}
// END HIDDEN TESTS

// MARK: - Reference computations

/// r_0 … r_T of the homework model by plain Euler steps,
/// r_{t+1} = r_t + Δt((w − 1) r_t + b + x_t).
func simulateRates(x: [Double], w: Double, b: Double, r0: Double, dt: Double) -> [Double] {
    continueRates([r0], x: x, w: w, b: b, dt: dt)
}

/// Rates r_0 … r_t continued by Euler steps up to r_T, T = x.count: with r_t
/// replaced by another value, the rerun gives the loss as a function of r_t alone.
func continueRates(_ start: [Double], x: [Double], w: Double, b: Double, dt: Double) -> [Double] {
    var rates = start
    while rates.count <= x.count {
        let t = rates.count - 1
        rates.append(rates[t] + dt * ((w - 1) * rates[t] + b + x[t]))
    }
    return rates
}

/// L = 1/(2T) Σ_{t=1}^{T} (r_t − y_{t−1})² for rates r_0 … r_T.
func courseLoss(rates: [Double], y: [Double]) -> Double {
    let T = Double(y.count)
    return y.indices.reduce(0) { sum, i in sum + (rates[i + 1] - y[i]) * (rates[i + 1] - y[i]) } / (2 * T)
}

/// Central difference (f(v + h) − f(v − h)) / (2h) with h = step · max(1, |v|).
/// The library's fixed-point problem of the homework model at a constant x with
/// l = ½(r* − y)², solved by Newton to ‖F‖ ≤ 1e-15: what the fixed-point and
/// equilibrium-propagation exercises are compared with.
func homeworkProblem(w: Double, b: Double, x: Double, y: Double) -> FixedPointProblem<HomeworkModel> {
    FixedPointProblem(system: HomeworkModel(w: w, b: b), inputs: [[x]], targets: [[y]],
                      solver: FixedPointSolver(.newton, tolerance: 1e-15))
}

func centralDifference(at v: Double, step: Double = 1e-5, _ f: (Double) -> Double) -> Double {
    let h = step * max(1, abs(v))
    return (f(v + h) - f(v - h)) / (2 * h)
}

/// The rates, sensitivities, loss and gradient the library's RTRL computes for
/// a run, in the homework's layout (index i holds step i + 1).
func libraryRTRL(_ run: HomeworkCase)
    -> (r: [Double], pw: [Double], pb: [Double], loss: Double, dw: Double, db: Double)
{
    let result = RTRL.gradient(run.problem, recording: [.states, .sensitivities])
    let steps = result.sensitivities.dropFirst()
    return (result.states.dropFirst().map { $0[0] }, steps.map { $0[0, 0] }, steps.map { $0[0, 1] },
            result.loss, result.gradient[0], result.gradient[1])
}

/// RTRL's forward pass as a plain scalar loop (p uses the rate before the step):
/// a reference `forward` for `trainRTRL`, independent of the homework.
func referenceForward(x: [Double], w: Double, b: Double, r0: Double, dt: Double)
    -> (r: [Double], pw: [Double], pb: [Double])
{
    var r = r0, pw = 0.0, pb = 0.0
    var out: (r: [Double], pw: [Double], pb: [Double]) = ([], [], [])
    for xt in x {
        (r, pw, pb) = (r + dt * ((w - 1) * r + b + xt), pw + dt * ((w - 1) * pw + r), pb + dt * ((w - 1) * pb + 1))
        out.r.append(r)
        out.pw.append(pw)
        out.pb.append(pb)
    }
    return out
}

/// The loss and gradient from rates and sensitivities (r[i] against y[i]):
/// a reference `gradient` for `trainRTRL`.
func referenceGradient(r: [Double], pw: [Double], pb: [Double], y: [Double])
    -> (loss: Double, dw: Double, db: Double)
{
    let T = Double(r.count)
    let e = r.indices.map { r[$0] - y[$0] }
    return (e.map { $0 * $0 }.reduce(0, +) / (2 * T),
            e.indices.map { e[$0] * pw[$0] }.reduce(0, +) / T,
            e.indices.map { e[$0] * pb[$0] }.reduce(0, +) / T)
}

/// One gradient-descent step: a reference `step` for `trainRTRL`.
func referenceStep(w: Double, b: Double, dw: Double, db: Double, learningRate η: Double) -> (w: Double, b: Double) {
    (w - η * dw, b - η * db)
}

/// Records every call `trainRTRL` makes to the building blocks it is given,
/// and answers each with the reference computation.
final class TrainingSpy {
    struct ForwardCall { var x: [Double], w: Double, b: Double, r0: Double, dt: Double }
    struct GradientCall { var r: [Double], pw: [Double], pb: [Double], y: [Double] }
    struct StepCall { var w: Double, b: Double, dw: Double, db: Double, learningRate: Double }

    private(set) var forwardCalls: [ForwardCall] = []
    private(set) var gradientCalls: [GradientCall] = []
    private(set) var stepCalls: [StepCall] = []
    /// What each call returned, in call order.
    private(set) var forwardResults: [(r: [Double], pw: [Double], pb: [Double])] = []
    private(set) var gradientResults: [(loss: Double, dw: Double, db: Double)] = []
    private(set) var stepResults: [(w: Double, b: Double)] = []

    func forward(_ x: [Double], _ w: Double, _ b: Double, _ r0: Double, _ dt: Double)
        -> (r: [Double], pw: [Double], pb: [Double])
    {
        forwardCalls.append(ForwardCall(x: x, w: w, b: b, r0: r0, dt: dt))
        forwardResults.append(referenceForward(x: x, w: w, b: b, r0: r0, dt: dt))
        return forwardResults[forwardResults.count - 1]
    }

    func gradient(_ r: [Double], _ pw: [Double], _ pb: [Double], _ y: [Double]) -> (loss: Double, dw: Double, db: Double) {
        gradientCalls.append(GradientCall(r: r, pw: pw, pb: pb, y: y))
        gradientResults.append(referenceGradient(r: r, pw: pw, pb: pb, y: y))
        return gradientResults[gradientResults.count - 1]
    }

    func step(_ w: Double, _ b: Double, _ dw: Double, _ db: Double, _ learningRate: Double) -> (w: Double, b: Double) {
        stepCalls.append(StepCall(w: w, b: b, dw: dw, db: db, learningRate: learningRate))
        stepResults.append(referenceStep(w: w, b: b, dw: dw, db: db, learningRate: learningRate))
        return stepResults[stepResults.count - 1]
    }
}

/// The number of Euler steps the adjoint of assignment 3 takes from v = 0: the smallest
/// k with |1 + dt (w − 1)|^k ≤ tolerance, counted by the same loop on the scaled residual
/// (the residual after k steps is |r* − y| · (1 + dt (w − 1))^k).
func adjointStepCount(w: Double, dt: Double, tolerance: Double) -> Int {
    var residual = 1.0, steps = 0
    while !(abs(residual) <= tolerance) {
        residual *= 1 + dt * (w - 1)
        steps += 1
    }
    return steps
}
