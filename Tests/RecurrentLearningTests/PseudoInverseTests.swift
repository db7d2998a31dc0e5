import Foundation
import RecurrentLearning
import Testing

/// The SVD pseudo-inverse and the minimal-change solve of the second-order step.
@Suite("Pseudo-inverse: Penrose conditions, minimal change, inverse")
struct PseudoInverseTests {
    /// Records the four Penrose conditions, each as a normwise relative error.
    static func expectPenrose(_ a: Matrix, _ p: Matrix, within tolerance: Double, _ what: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(p.rows == a.columns && p.columns == a.rows, "\(what): A⁺ has shape \(p.rows) × \(p.columns)")
        let ap = a * p, pa = p * a
        expectClose(ap * a, a, within: tolerance, "\(what): A A⁺ A = A", sourceLocation: sourceLocation)
        expectClose(pa * p, p, within: tolerance, "\(what): A⁺ A A⁺ = A⁺", sourceLocation: sourceLocation)
        expectClose(ap.transposed, ap, within: tolerance, "\(what): (A A⁺)ᵀ = A A⁺", sourceLocation: sourceLocation)
        expectClose(pa.transposed, pa, within: tolerance, "\(what): (A⁺ A)ᵀ = A⁺ A", sourceLocation: sourceLocation)
    }

    @Test("the four Penrose conditions hold on random rectangular matrices (tall and wide)")
    func penroseRectangular() throws {
        var rng = SeededGenerator(seed: 2017)
        // A backward-stable SVD reproduces each condition to about
        // min(m, n) ε cond(A); a Gaussian 7 × 4 has cond ~ 10, so ~1e-14.
        // 1e-12 leaves a factor ~100 for the constants.
        let tall = normalMatrix(7, 4, using: &rng)
        Self.expectPenrose(tall, try tall.pseudoInverse(), within: 1e-12, "7 × 4")
        let wide = normalMatrix(3, 6, using: &rng)
        Self.expectPenrose(wide, try wide.pseudoInverse(), within: 1e-12, "3 × 6")
    }

    @Test("the four Penrose conditions hold on a rank-deficient square matrix")
    func penroseRankDeficient() throws {
        var rng = SeededGenerator(seed: 9100)
        // Rank 2 in a 5 × 5: the three zero singular values come out of LAPACK
        // at ~1e-16 σ₁, below the 1e-12 cutoff, and are dropped; the two kept
        // ones are well conditioned (Gaussian factors), so the same 1e-12 as above.
        let a = normalMatrix(5, 2, using: &rng) * normalMatrix(2, 5, using: &rng)
        let p = try a.pseudoInverse()
        Self.expectPenrose(a, p, within: 1e-12, "rank 2, 5 × 5")
        // A⁺ A is the orthogonal projector on the row space: trace = rank = 2.
        let pa = p * a
        let trace = (0..<5).map { pa[$0, $0] }.reduce(0, +)
        #expect(abs(trace - 2) <= 1e-12, "trace(A⁺A) = \(trace)")
        // Without a cutoff the noise singular values (~1e-16 σ₁) are inverted
        // and A⁺ explodes: the cutoff is what makes the rank-deficient case work.
        #expect(try a.pseudoInverse(relativeCutoff: 0).maxAbs > 1e6 * p.maxAbs)
    }

    @Test("W₁ = W₀ + A⁺(b − A W₀) on a singular symmetric A solves the normal equations with the smallest change from W₀")
    func minimalChange() throws {
        // Kernels of a node: a constant, a ramp, and the ramp again times 2
        // (collinear columns, as when a fixed slot duplicates a free one).
        // Integers, so A = ΦᵀΦ and b = Φᵀx̂ are exact and A is exactly singular
        // with null space z = (0, 2, −1).
        let phi = Matrix([[1, 1, 2], [1, 2, 4], [1, 3, 6], [1, 4, 8], [1, 5, 10]])
        let target: [Double] = [2, 3, 7, 8, 13]
        let a = phi.transposed * phi
        let b = phi.transposed * target
        #expect(a == a.transposed)
        #expect(throws: LinearSolveError.self) { try a.solve(b) }
        let w0: [Double] = [0.3, -1.2, 0.7]
        let p = try a.pseudoInverse()
        let w1 = Vector.adding(w0, p * Vector.subtracting(b, a * w0))
        // Least squares: Φᵀ(Φ W₁ − x̂) = A W₁ − b = 0. Entries of A are ≤ 330
        // and W₁ is O(1), so rounding leaves ~1e-13 of ‖b‖; 1e-11 relative.
        expectClose(a * w1, b, within: 1e-11, "normal equations A W₁ = b")
        // Every other solution is W₁ + t z. The change W₁ − W₀ lies in the row
        // space, orthogonal to z, so ‖W₁ + t z − W₀‖² = ‖W₁ − W₀‖² + t²‖z‖².
        let z: [Double] = [0, 2, -1]
        #expect(a * z == [0, 0, 0])
        let change = Vector.subtracting(w1, w0)
        #expect(abs(Vector.dot(change, z)) <= 1e-12 * Vector.norm(change) * Vector.norm(z))
        for t in [-1.0, -1e-3, 1e-3, 0.5] {
            let other = Vector.adding(w1, z, scaledBy: t)
            expectClose(a * other, b, within: 1e-11, "W₁ + \(t) z also solves the normal equations")
            let otherChange = Vector.norm(Vector.subtracting(other, w0))
            #expect(otherChange > Vector.norm(change), "‖W₁ + \(t) z − W₀‖ = \(otherChange) ≤ ‖W₁ − W₀‖")
        }
        // Starting from W₀ = 0 gives the minimum-norm solution A⁺b itself.
        let fromZero = Vector.adding([0, 0, 0], p * b)
        #expect(abs(Vector.dot(fromZero, z)) <= 1e-12 * Vector.norm(fromZero) * Vector.norm(z))
    }

    @Test("an invertible A has A⁺ = A⁻¹, agreeing with solve")
    func invertible() throws {
        var rng = SeededGenerator(seed: 44)
        let a = normalMatrix(6, 6, using: &rng)
        let inverse = try a.solve(Matrix.identity(6))
        // Both are backward stable; they agree to ~cond(A) ε with cond ~ 10–100
        // for a Gaussian 6 × 6, so 1e-11 relative.
        expectClose(try a.pseudoInverse(), inverse, within: 1e-11, "A⁺ against A⁻¹")
        let b = normalVector(6, using: &rng)
        expectClose(try a.pseudoInverse() * b, try a.solve(b), within: 1e-11, "A⁺ b against solve(b)")
    }

    @Test("edge cases: the zero matrix gives zero, an empty m × 0 gives 0 × m, a diagonal inverts its diagonal")
    func edgeCases() throws {
        #expect(try Matrix(rows: 2, columns: 3).pseudoInverse() == Matrix(rows: 3, columns: 2))
        let empty = try Matrix(rows: 4, columns: 0).pseudoInverse()
        #expect(empty.rows == 0 && empty.columns == 4)
        // A diagonal matrix inverts its diagonal, zeroing what is below the cutoff.
        let d = try Matrix.diagonal([4, -2, 1e-14]).pseudoInverse()
        expectClose(d, Matrix.diagonal([0.25, -0.5, 0]), within: 1e-15, "diag(4, −2, 1e-14)⁺")
    }
}
