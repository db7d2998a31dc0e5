/// Linear solves by LU factorisation with partial pivoting (LAPACK dgesv).
///
/// Mathematical properties:
/// - `A.solve(b)` returns x with A x = b up to rounding: ‖A x − b‖ ≲ n ε ‖A‖ ‖x‖.
/// - A singular matrix is reported, never answered with zeros or NaN.
public enum LinearSolveError: Error, Equatable, CustomStringConvertible {
    /// U(pivot, pivot) of the LU factorisation is exactly zero (1-based, as LAPACK says).
    case singular(pivot: Int)
    /// LAPACK rejected an argument (a programming error inside the toolkit).
    case invalidArgument(Int)
    /// The matrix has a NaN entry (or sums to NaN): nothing can be solved with it.
    case notANumber

    public var description: String {
        switch self {
        case .singular(let k): "the matrix is singular (zero pivot at position \(k))"
        case .notANumber: "the matrix has a NaN entry"
        case .invalidArgument(let k): "LAPACK rejected argument \(-k)"
        }
    }
}

extension Matrix {
    /// X with A X = B, for square A (n × n) and B (n × k).
    public func solve(_ b: Matrix) throws(LinearSolveError) -> Matrix {
        precondition(isSquare && b.rows == rows, "solve needs a square A and matching B, got \(rows) × \(columns) and \(b.rows) × \(b.columns)")
        var a = elements
        var x = b.elements
        let info = LAPACK.gesv(n: rows, nrhs: b.columns, a: &a, b: &x)
        if info > 0 { throw .singular(pivot: info) }
        if info < 0 { throw .invalidArgument(info) }
        return Matrix(rows: b.rows, columns: b.columns, elements: x)
    }

    /// x with A x = b.
    public func solve(_ b: [Double]) throws(LinearSolveError) -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, elements: b)).elements
    }

    /// x with xᵀ A = bᵀ, i.e. Aᵀ x = b: the row-vector solve of adjoint methods.
    public func solveTransposed(_ b: [Double]) throws(LinearSolveError) -> [Double] {
        try transposed.solve(b)
    }
}
