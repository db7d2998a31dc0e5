import Foundation
import Testing
@testable import RecurrentLearning

/// `LUFactorization.reciprocalCondition`: Hager–Higham's estimate of ‖A⁻¹‖₁ through
/// dgetrs solves, against the exact ‖A⁻¹‖₁ (the largest column sum of A⁻¹, solved
/// column by column) and against LAPACK's own dgecon on the same factors' matrix.
@Suite("The condition estimate of an LU factorization")
struct ConditionEstimateTests {
    /// Random matrices, plain and graded (column c scaled by 10^(−c·6/n)), n = 2 … 120.
    static func matrices() -> [(String, Matrix)] {
        var rng = SeededGenerator(seed: 77)
        var list: [(String, Matrix)] = []
        for n in [2, 5, 17, 64, 120] {
            let plain = Matrix(rows: n, columns: n, elements: NormalDistribution().samples(n * n, using: &rng))
            var graded = plain
            for c in 0..<n { for r in 0..<n { graded[r, c] *= pow(10, -6 * Double(c) / Double(n)) } }
            list += [("random n = \(n)", plain), ("graded n = \(n)", graded)]
        }
        return list
    }

    static func oneNorm(_ a: Matrix) -> Double {
        (0..<a.columns).map { c in (0..<a.rows).reduce(0) { $0 + abs(a[$1, c]) } }.max() ?? 0
    }

    @Test("is an upper bound of 1/κ₁ within a factor 3 of it, and close to LAPACK's dgecon")
    func againstExactAndLAPACK() throws {
        for (name, a) in Self.matrices() {
            let n = a.rows
            let lu = try LUFactorization(a)
            var inverse = Matrix(rows: n, columns: n)
            for c in 0..<n {
                var e = [Double](repeating: 0, count: n)
                e[c] = 1
                let column = lu.solve(e)
                for r in 0..<n { inverse[r, c] = column[r] }
            }
            let exact = 1 / (Self.oneNorm(a) * Self.oneNorm(inverse))
            #expect(lu.reciprocalCondition >= exact * (1 - 1e-12), "\(name): an estimate of ‖A⁻¹‖₁ never exceeds it")
            #expect(lu.reciprocalCondition <= 3 * exact, "\(name): \(lu.reciprocalCondition) vs exact \(exact)")
            var factors = a.elements
            let (_, info) = LAPACK.getrf(n: n, a: &factors)
            #expect(info == 0)
            let lapack = LAPACK.gecon(n: n, lu: factors, norm: Self.oneNorm(a)).reciprocalCondition
            #expect(lu.reciprocalCondition / lapack > 0.5 && lu.reciprocalCondition / lapack < 2,
                    "\(name): ours \(lu.reciprocalCondition), dgecon \(lapack)")
        }
    }

    @Test("a matrix with a NaN is refused before LAPACK sees it; a singular one still throws")
    func refusals() {
        var a = Matrix.identity(3)
        a[1, 2] = .nan
        #expect(throws: LinearSolveError.notANumber) { _ = try LUFactorization(a) }
        #expect(throws: LinearSolveError.self) { _ = try LUFactorization(Matrix(rows: 3, columns: 3)) }
    }
}
