/// A square matrix factored once, P A = L U (LAPACK dgetrf), for several solves with
/// A or with Aᵀ (dgetrs reads the same factors; no transposed copy is made).
///
/// Mathematical properties:
/// - `solve(b)` is x with A x = b, `solveTransposed(b)` x with Aᵀ x = b, each up to
///   rounding: ‖A x − b‖ ≲ n ε ‖A‖ ‖x‖.
/// - `reciprocalCondition` is LAPACK's estimate of 1 / (‖A‖₁ ‖A⁻¹‖₁): near 1 for a
///   well-conditioned A, near ε when a solve can lose every digit.
/// - An exactly singular A (a zero pivot) is an error, never an answer of zeros.
public struct LUFactorization: Sendable {
    public let dimension: Int
    private let factors: [Double]
    private let pivots: [Int32]
    /// Estimate of 1 / κ₁(A).
    public let reciprocalCondition: Double

    public init(_ a: Matrix) throws(LinearSolveError) {
        precondition(a.isSquare, "LU needs a square matrix, got \(a.rows) × \(a.columns)")
        dimension = a.rows
        var norm = 0.0                                   // ‖A‖₁: the largest column sum of |a_ij|
        for c in 0..<a.columns {
            var sum = 0.0
            for r in 0..<a.rows { sum += abs(a.elements[r + c * a.rows]) }
            norm = max(norm, sum)
        }
        var lu = a.elements
        let (pivots, info) = LAPACK.getrf(n: a.rows, a: &lu)
        if info > 0 { throw .singular(pivot: info) }
        if info < 0 { throw .invalidArgument(info) }
        factors = lu
        self.pivots = pivots
        reciprocalCondition = a.rows == 0 ? 1 : LAPACK.gecon(n: a.rows, lu: lu, norm: norm).reciprocalCondition
    }

    /// x with A x = b.
    public func solve(_ b: [Double]) -> [Double] { solve(b, transposed: false) }

    /// x with Aᵀ x = b (the row-vector solve xᵀ A = bᵀ of adjoint methods).
    public func solveTransposed(_ b: [Double]) -> [Double] { solve(b, transposed: true) }

    private func solve(_ b: [Double], transposed: Bool) -> [Double] {
        precondition(b.count == dimension, "solve: b has \(b.count) entries, the matrix is \(dimension) × \(dimension)")
        guard dimension > 0 else { return [] }
        var x = b
        let info = LAPACK.getrs(n: dimension, nrhs: 1, transposed: transposed, lu: factors, pivots: pivots, b: &x)
        precondition(info == 0, "LAPACK dgetrs rejected argument \(-info)")
        return x
    }
}
