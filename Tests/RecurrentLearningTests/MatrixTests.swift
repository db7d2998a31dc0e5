import Foundation
import RecurrentLearning
import Testing

@Suite("Matrix: storage, products, solve, eigenvalues")
struct MatrixTests {
    // Small integer matrices: every product below is a sum of a few products of
    // small integers, exactly representable in Double, so the hand-computed
    // results must come back exactly (tolerance 0).
    let a = Matrix([[1, 2],
                    [3, 4],
                    [5, 6]])                   // 3 × 2
    let b = Matrix([[7, 8, 9],
                    [10, 11, 12]])             // 2 × 3

    @Test("Matrix(rows) reads row by row and stores column-major")
    func initFromRows() {
        let m = Matrix([[1, 2, 3],
                        [4, 5, 6]])
        #expect(m.rows == 2 && m.columns == 3)
        #expect(m.elements == [1, 4, 2, 5, 3, 6])
        #expect(m[0, 2] == 3 && m[1, 0] == 4)
        #expect(m.row(1) == [4, 5, 6])
        #expect(m.column(1) == [2, 5])
        #expect(Matrix(rows: 2, columns: 3) { i, j in Double(3 * i + j + 1) } == m)
    }

    @Test("transposed swaps rows and columns, and twice is the identity map")
    func transpose() {
        let t = a.transposed
        #expect(t.rows == 2 && t.columns == 3)
        #expect(t == Matrix([[1, 3, 5], [2, 4, 6]]))
        #expect(t.transposed == a)
    }

    @Test("identity and diagonal put their entries on the diagonal")
    func identityAndDiagonal() {
        #expect(Matrix.identity(2) == Matrix([[1, 0], [0, 1]]))
        #expect(Matrix.diagonal([2, -3]) == Matrix([[2, 0], [0, -3]]))
        #expect(Matrix.identity(3) * a == a)
    }

    @Test("A * B equals the hand-computed product")
    func matrixProduct() {
        // (AB)_ij = Σ_k A_ik B_kj, e.g. (AB)_00 = 1·7 + 2·10 = 27
        #expect(a * b == Matrix([[27, 30, 33],
                                 [61, 68, 75],
                                 [95, 106, 117]]))
        #expect(b * a == Matrix([[76, 100],
                                 [103, 136]]))
    }

    @Test("A * x is the column vector A x")
    func matrixVector() {
        #expect(a * [2, -1] == [0, 2, 4])
    }

    @Test("v * A is the row vector vᵀA")
    func vectorMatrix() {
        // [1, 2, 3] · A = [1 + 6 + 15, 2 + 8 + 18]
        #expect([1, 2, 3] * a == [22, 28])
    }

    @Test("addProduct adds α A B in place and leaves C's other content")
    func addProduct() {
        var c = Matrix(rows: 3, columns: 3, repeating: 1)
        c.addProduct(a, b, scaledBy: 2)
        #expect(c == Matrix([[55, 61, 67],
                             [123, 137, 151],
                             [191, 213, 235]]))
        c.addProduct(a, b, scaledBy: -2)
        #expect(c == Matrix(rows: 3, columns: 3, repeating: 1))
    }

    @Test("sum, difference and scaling are elementwise")
    func elementwise() {
        let m = Matrix([[1, 2], [3, 4]]), n = Matrix([[10, 20], [30, 40]])
        #expect(m + n == Matrix([[11, 22], [33, 44]]))
        #expect(n - m == Matrix([[9, 18], [27, 36]]))
        #expect(3 * m == Matrix([[3, 6], [9, 12]]))
        #expect(Matrix([[-7, 2], [3, 4]]).maxAbs == 7)
    }

    @Test("Vector dot, norm and axpy match hand values")
    func vectorHelpers() {
        #expect(Vector.dot([1, 2, 3], [4, -5, 6]) == 12)
        #expect(Vector.norm([3, 4]) == 5)
        #expect(Vector.adding([1, 2], [10, 20], scaledBy: 0.5) == [6, 12])
        #expect(Vector.subtracting([1, 2], [10, 20]) == [-9, -18])
        #expect(Vector.scaled([1, -2], by: 3) == [3, -6])
    }

    @Test("solve returns x with a small residual on a random 50 × 50 system")
    func solveRandomSystem() throws {
        var rng = SeededGenerator(seed: 50)
        let n = 50
        let m = normalMatrix(n, n, using: &rng)
        let xTrue = normalVector(n, using: &rng)
        let rhs = m * xTrue
        let x = try m.solve(rhs)
        // LU with partial pivoting is backward stable: ‖A x − b‖∞ ≲ n ε ‖A‖∞ ‖x‖∞
        // ≈ 50 · 2.2e-16 ≈ 1e-14 relative. 1e-13 leaves a factor 10 for the
        // constant in the bound.
        let residual = Vector.subtracting(m * x, rhs).map(abs).max()!
        let normA = (0..<n).map { i in m.row(i).map(abs).reduce(0, +) }.max()!
        let normX = x.map(abs).max()!
        let relativeResidual = residual / (normA * normX)
        #expect(relativeResidual <= 1e-13, "relative residual \(relativeResidual)")
        // The forward error is bounded by cond(A) times that; a Gaussian 50 × 50
        // matrix has cond ~ 10²–10³, so 1e-10 is a safe bound for x itself.
        expectClose(x, xTrue, within: 1e-10, "solution of A x = b")
    }

    @Test("solve with several right-hand sides and solveTransposed")
    func solveMatrixAndTransposed() throws {
        var rng = SeededGenerator(seed: 7)
        let m = normalMatrix(6, 6, using: &rng)
        let xTrue = normalMatrix(6, 3, using: &rng)
        // Same backward-stability argument as above for n = 6; the forward
        // error carries cond(A) ~ 10–100: 1e-12.
        expectClose(try m.solve(m * xTrue), xTrue, within: 1e-12, "X of A X = B")
        let v = normalVector(6, using: &rng)
        expectClose(try m.solveTransposed(v * m), v, within: 1e-12, "x of Aᵀ x = b")
    }

    @Test("a singular matrix throws .singular instead of returning numbers")
    func singular() {
        // Row 2 = 2 · row 1: after the pivot swap the second pivot is exactly 0.
        let m = Matrix([[1, 2], [2, 4]])
        #expect(throws: LinearSolveError.singular(pivot: 2)) { try m.solve([1, 2]) }
        #expect(throws: LinearSolveError.singular(pivot: 1)) {
            try Matrix(rows: 3, columns: 3).solve([1, 2, 3])
        }
    }

    @Test("eigenvalues of a diagonal matrix are its diagonal")
    func eigenvaluesDiagonal() throws {
        let values = try Matrix.diagonal([3, -1, 0.5]).eigenvalues()
        // Already triangular: the QR algorithm returns the diagonal exactly.
        #expect(values.map(\.real).sorted() == [-1, 0.5, 3])
        #expect(values.allSatisfy { $0.imaginary == 0 })
    }

    @Test("eigenvalues of a rotation by θ are cos θ ± i sin θ, of magnitude 1")
    func eigenvaluesRotation() throws {
        let θ = 0.7
        let values = try Matrix([[cos(θ), -sin(θ)], [sin(θ), cos(θ)]]).eigenvalues()
            .sorted { $0.imaginary < $1.imaginary }
        // A normal matrix: eigenvalues are perfectly conditioned, so only a few
        // ulps of rounding in the 2 × 2 QR step: 1e-14.
        expectClose(values.map(\.real), [cos(θ), cos(θ)], within: 1e-14, "real parts")
        expectClose(values.map(\.imaginary), [-sin(θ), sin(θ)], within: 1e-14, "imaginary parts")
        expectClose(values.map(\.magnitude), [1, 1], within: 1e-14, "magnitudes")
    }

    @Test("eigenvalues of a companion matrix are the roots of its polynomial")
    func eigenvaluesCompanion() throws {
        // (λ − 1)(λ − 2)(λ − 3) = λ³ − 6λ² + 11λ − 6
        let c = Matrix([[6, -11, 6],
                        [1, 0, 0],
                        [0, 1, 0]])
        let values = try c.eigenvalues()
        // Companion matrices are non-normal; with well-separated simple roots
        // the eigenvalue condition numbers are ~10², so rounding errors ~1e-14
        // grow to at most ~1e-12: tolerance 1e-10.
        expectClose(values.map(\.real).sorted(), [1, 2, 3], within: 1e-10, "roots")
        #expect(values.allSatisfy { abs($0.imaginary) <= 1e-10 })
    }
}
