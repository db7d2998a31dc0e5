/// A square matrix factored once, P A = L U (LAPACK dgetrf), for several solves with
/// A or with Aᵀ (dgetrs reads the same factors; no transposed copy is made).
///
/// Mathematical properties:
/// - `solve(b)` is x with A x = b, `solveTransposed(b)` x with Aᵀ x = b, each up to
///   rounding: ‖A x − b‖ ≲ n ε ‖A‖ ‖x‖.
/// - `reciprocalCondition` estimates 1 / (‖A‖₁ ‖A⁻¹‖₁): near 1 for a well-conditioned
///   A, near ε when a solve can lose every digit. ‖A⁻¹‖₁ is estimated as LAPACK's dgecon
///   does, by Hager's method in Higham's refinement (dlacn2: at most five solves with A and
///   four with Aᵀ, then Higham's alternating test vector), but each solve is a dgetrs with
///   the factors: dgecon's overflow-guarded dlatrs solves are unblocked and took a third of
///   an n = 1024 factorization's time. The estimate of ‖A⁻¹‖₁ is a lower bound, so that of
///   1/κ₁ an upper bound, almost always within a factor 3. An overflow gives 0 (singular
///   to working precision), a NaN NaN.
/// - An exactly singular A (a zero pivot) is an error, never an answer of zeros.
public struct LUFactorization: Sendable {
    public let dimension: Int
    private let factors: [Double]
    private let pivots: [Int32]
    /// Estimate of 1 / κ₁(A).
    public private(set) var reciprocalCondition: Double

    /// Factors A. Passing a matrix that is not used afterwards (`LUFactorization(J)` as
    /// J's last use) lets LAPACK factor its storage in place, with no copy.
    public init(_ a: consuming Matrix) throws(LinearSolveError) {
        precondition(a.isSquare, "LU needs a square matrix, got \(a.rows) × \(a.columns)")
        let n = a.rows
        dimension = n
        let norm = a.elements.withUnsafeBufferPointer { e in   // ‖A‖₁: the largest column sum of |a_ij|
            var largest = 0.0
            for c in 0..<n {
                var sum = 0.0
                for r in 0..<n { sum += abs(e[r + c * n]) }
                largest = sum > largest || sum.isNaN ? sum : largest
            }
            return largest
        }
        if norm.isNaN { throw .notANumber }                    // LAPACK is not given NaN (its _work form does not check)
        var lu: [Double] = []
        swap(&lu, &a.elements)
        let (pivots, info) = LAPACK.getrf(n: n, a: &lu)
        if info > 0 { throw .singular(pivot: info) }
        if info < 0 { throw .invalidArgument(info) }
        factors = lu
        self.pivots = pivots
        reciprocalCondition = 1                             // then estimated from the factors just stored
        reciprocalCondition = n == 0 ? 1 : Self.reciprocal(norm: norm, inverseNorm: estimatedInverseOneNorm())
    }

    private static func reciprocal(norm: Double, inverseNorm: Double) -> Double {
        guard norm > 0, inverseNorm.isFinite else { return norm.isNaN || inverseNorm.isNaN ? .nan : 0 }
        return inverseNorm == 0 ? 0 : (1 / inverseNorm) / norm
    }

    /// A lower bound of ‖A⁻¹‖₁, usually within a factor 3 of it: the iteration of
    /// LAPACK's dlacn2 (Higham, ACM TOMS 14, 1988), step for step, with dgetrs solves.
    func estimatedInverseOneNorm() -> Double {
        let n = dimension
        func oneNorm(_ x: [Double]) -> Double { x.reduce(0) { $0 + abs($1) } }
        func signs(_ x: [Double]) -> [Double] { x.map { $0 >= 0 ? 1 : -1 } }
        func largestIndex(_ x: [Double]) -> Int {        // the first index of max |x_i| (idamax)
            var best = 0
            for i in 1..<n where abs(x[i]) > abs(x[best]) { best = i }
            return best
        }
        var x = solve([Double](repeating: 1 / Double(n), count: n))
        var estimate = oneNorm(x)
        if n == 1 || !estimate.isFinite { return estimate }
        var sign = signs(x)
        var j = largestIndex(solveTransposed(sign))
        for iteration in 2...5 {
            var unit = [Double](repeating: 0, count: n)
            unit[j] = 1
            x = solve(unit)                                   // column j of A⁻¹
            let previous = estimate
            estimate = oneNorm(x)
            let newSign = signs(x)
            if newSign == sign || estimate <= previous { break }   // a repeated sign vector, or no gain
            sign = newSign
            let z = solveTransposed(sign)
            let last = j
            j = largestIndex(z)
            if z[last] == abs(z[j]) || iteration == 5 { break }
        }
        // Higham's test vector x_i = (−1)^i (1 + i/(n − 1)) catches the matrices the iteration misses.
        var alternating = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let size: Double = 1 + Double(i) / Double(n - 1)
            alternating[i] = i % 2 == 0 ? size : -size
        }
        let test = 2 * oneNorm(solve(alternating)) / (3 * Double(n))
        return test.isFinite ? max(estimate, test) : test              // an overflow or NaN is reported, not dropped
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
