import Foundation
import RecurrentLearning
import Testing

// Shared helpers of the test suite. The comparison is written here, not taken
// from `Agreement`, so that a bug in the library's own comparison cannot hide
// a bug elsewhere (and `Agreement` has tests of its own).

/// The normwise relative error max_i |got_i − expected_i| / max_i |expected_i|
/// and the component where |got_i − expected_i| peaks. A NaN anywhere makes the
/// error NaN and names that component; an all-zero reference falls back to
/// the absolute error, so `[0] vs [0]` is 0 and `[1e-3] vs [0]` is 1e-3.
func normwiseError(_ got: [Double], _ expected: [Double]) -> (error: Double, worst: Int) {
    precondition(got.count == expected.count, "comparing vectors of length \(got.count) and \(expected.count)")
    var worst = 0, largest = 0.0, scale = 0.0
    for i in got.indices {
        let d = abs(got[i] - expected[i])
        if d.isNaN { return (.nan, i) }
        if d > largest { largest = d; worst = i }
        scale = max(scale, abs(expected[i]))
    }
    return (scale > 0 ? largest / scale : largest, worst)
}

/// Records an issue unless `got` agrees with `expected` to `tolerance` in the
/// normwise relative sense of `normwiseError`. The message names the worst
/// component: its index, expected value, got value and the relative error.
/// `label` names a component (for instance a parameter name, or "(i, j)").
@discardableResult
func expectClose(
    _ got: [Double], _ expected: [Double], within tolerance: Double, _ what: String,
    label: ((Int) -> String)? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Double {
    guard got.count == expected.count else {
        Issue.record("\(what): got \(got.count) components, expected \(expected.count)",
                     sourceLocation: sourceLocation)
        return .nan
    }
    let (error, worst) = normwiseError(got, expected)
    if !(error <= tolerance) {
        let name = label?(worst) ?? "\(worst)"
        Issue.record(
            """
            \(what): relative error \(error.formatted(sig: 3)) exceeds \(tolerance.formatted(sig: 3)); \
            worst component \(name): expected \(expected[worst].formatted(sig: 17)), \
            got \(got[worst].formatted(sig: 17))
            """,
            sourceLocation: sourceLocation)
    }
    return error
}

/// `expectClose` for matrices of the same shape; the worst entry is named (i, j).
@discardableResult
func expectClose(
    _ got: Matrix, _ expected: Matrix, within tolerance: Double, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Double {
    guard got.rows == expected.rows, got.columns == expected.columns else {
        Issue.record("\(what): got a \(got.rows) × \(got.columns) matrix, expected \(expected.rows) × \(expected.columns)",
                     sourceLocation: sourceLocation)
        return .nan
    }
    let rows = expected.rows
    return expectClose(got.elements, expected.elements, within: tolerance, what,
                       label: { k in "(\(k % max(rows, 1)), \(k / max(rows, 1)))" },
                       sourceLocation: sourceLocation)
}

/// Scalar comparison: |got − expected| ≤ tolerance · max(1, |expected|), i.e.
/// absolute near zero and relative for large values.
func expectClose(
    _ got: Double, _ expected: Double, within tolerance: Double, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = abs(got - expected) / max(1, abs(expected))
    if !(error <= tolerance) {
        Issue.record(
            "\(what): expected \(expected.formatted(sig: 17)), got \(got.formatted(sig: 17)), error \(error.formatted(sig: 3)) exceeds \(tolerance.formatted(sig: 3))",
            sourceLocation: sourceLocation)
    }
}

// MARK: - Seeded data

/// n draws of N(0, σ²).
func normalVector(_ n: Int, standardDeviation σ: Double = 1, using rng: inout SeededGenerator) -> [Double] {
    NormalDistribution(standardDeviation: σ).samples(n, using: &rng)
}

/// n uniform draws in [a, b).
func uniformVector(_ n: Int, _ a: Double, _ b: Double, using rng: inout SeededGenerator) -> [Double] {
    (0..<n).map { _ in rng.uniform(a, b) }
}

/// An n × n matrix with N(0, σ²) entries.
func normalMatrix(_ rows: Int, _ columns: Int, standardDeviation σ: Double = 1,
                  using rng: inout SeededGenerator) -> Matrix {
    Matrix(rows: rows, columns: columns, elements: normalVector(rows * columns, standardDeviation: σ, using: &rng))
}

/// Σ_t v_tᵀ D_t for dense parameter Jacobians D_t: the reference for `addParameterVJPs`.
func denseVJPSum<S: DynamicalSystem>(_ system: S, adjoints v: [[Double]], states r: [[Double]],
                                     inputs x: [[Double]]) -> [Double] {
    var sum = [Double](repeating: 0, count: system.parameterCount)
    for t in v.indices {
        let d = system.parameterJacobian(r[t], input: x[t])
        for k in 0..<d.columns { for i in 0..<d.rows { sum[k] += v[t][i] * d[i, k] } }
    }
    return sum
}

/// The homework data of the course: T = 10, x ~ N(0, 0.1²) and
/// y = exp(linspace(1, 0, T)) + N(0, 0.1²), drawn in that order from `seed`.
func homeworkData(seed: UInt64, count T: Int = 10) -> (x: [Double], y: [Double]) {
    var rng = SeededGenerator(seed: seed)
    return HomeworkModel.courseSequence(length: T, using: &rng)
}

/// The library's homework problem: r₀ = y₀, targets y₀ … y_{T−1} for r₁ … r_T, Δt = 0.1.
func homeworkProblem(seed: UInt64, model: HomeworkModel = HomeworkModel(w: 1, b: 1))
    -> TrajectoryProblem<HomeworkModel, SquaredErrorLoss>
{
    let (x, y) = homeworkData(seed: seed)
    return TrajectoryProblem(system: model, initialState: [y[0]], inputs: x.map { [$0] },
                             timeStep: 0.1, loss: SquaredErrorLoss(targets: y))
}
