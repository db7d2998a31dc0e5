#if canImport(Accelerate)
import Accelerate
#else
import CLinearAlgebra
#endif

/// The only door to LAPACK. On Linux the LAPACKE column-major interface; on
/// Apple platforms Accelerate's Fortran-style interface. Each routine works on
/// copies and reports LAPACK's `info` code.
enum LAPACK {
    /// Solves A X = B by LU with partial pivoting (dgesv). `a` is n × n and `b`
    /// n × nrhs, both column-major; on return `b` holds X. Returns `info`
    /// (> 0: U(info, info) is exactly zero).
    static func gesv(n: Int, nrhs: Int, a: inout [Double], b: inout [Double]) -> Int {
        BLAS.ready()
        var pivots = [Int32](repeating: 0, count: max(n, 1))
        #if canImport(Accelerate)
        var nn = __CLPK_integer(n), nr = __CLPK_integer(nrhs), lda = __CLPK_integer(max(n, 1)),
            ldb = __CLPK_integer(max(n, 1)), info = __CLPK_integer(0)
        dgesv_(&nn, &nr, &a, &lda, &pivots, &b, &ldb, &info)
        return Int(info)
        #else
        return Int(LAPACKE_dgesv(LAPACK_COL_MAJOR, Int32(n), Int32(nrhs), &a, Int32(max(n, 1)),
                                 &pivots, &b, Int32(max(n, 1))))
        #endif
    }

    /// LU factorisation with partial pivoting in place (dgetrf); returns the pivots and `info`.
    static func getrf(n: Int, a: inout [Double]) -> (pivots: [Int32], info: Int) {
        BLAS.ready()
        var pivots = [Int32](repeating: 0, count: max(n, 1))
        #if canImport(Accelerate)
        var rows = __CLPK_integer(n), columns = __CLPK_integer(n), lda = __CLPK_integer(max(n, 1)), info = __CLPK_integer(0)
        dgetrf_(&rows, &columns, &a, &lda, &pivots, &info)
        return (pivots, Int(info))
        #else
        // The _work form: LAPACKE's NaN scan of A would be one more pass over it (the caller checks ‖A‖₁).
        let info = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, Int32(n), Int32(n), &a, Int32(max(n, 1)), &pivots)
        return (pivots, Int(info))
        #endif
    }

    /// Solves A X = B (`transposed` false) or Aᵀ X = B (true) from dgetrf's factors (dgetrs).
    static func getrs(n: Int, nrhs: Int, transposed: Bool, lu: [Double], pivots: [Int32], b: inout [Double]) -> Int {
        BLAS.ready()
        let trans = Int8(UInt8(ascii: transposed ? "T" : "N"))
        #if canImport(Accelerate)
        var t = trans, nn = __CLPK_integer(n), nr = __CLPK_integer(nrhs), lda = __CLPK_integer(max(n, 1)),
            ldb = __CLPK_integer(max(n, 1)), info = __CLPK_integer(0)
        var factors = lu, p = pivots
        dgetrs_(&t, &nn, &nr, &factors, &lda, &p, &b, &ldb, &info)
        return Int(info)
        #else
        return lu.withUnsafeBufferPointer { factors in
            pivots.withUnsafeBufferPointer { p in
                // The _work form: LAPACKE's NaN scan of the factors cost as much as the solve itself.
                Int(LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, trans, Int32(n), Int32(nrhs), factors.baseAddress, Int32(max(n, 1)),
                                   p.baseAddress, &b, Int32(max(n, 1))))
            }
        }
        #endif
    }

    /// The reciprocal condition number in the 1-norm from dgetrf's factors and ‖A‖₁ (dgecon).
    static func gecon(n: Int, lu: [Double], norm: Double) -> (reciprocalCondition: Double, info: Int) {
        BLAS.ready()
        var rcond = 0.0
        #if canImport(Accelerate)
        var kind = Int8(UInt8(ascii: "1")), nn = __CLPK_integer(n), lda = __CLPK_integer(max(n, 1)),
            info = __CLPK_integer(0), anorm = norm
        var factors = lu, work = [Double](repeating: 0, count: 4 * max(n, 1)), iwork = [__CLPK_integer](repeating: 0, count: max(n, 1))
        dgecon_(&kind, &nn, &factors, &lda, &anorm, &rcond, &work, &iwork, &info)
        return (rcond, Int(info))
        #else
        let info = lu.withUnsafeBufferPointer { factors in
            LAPACKE_dgecon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), Int32(n), factors.baseAddress, Int32(max(n, 1)), norm, &rcond)
        }
        return (rcond, Int(info))
        #endif
    }

    /// Eigenvalues of a general n × n matrix (dgeev, no eigenvectors).
    /// Returns the real and imaginary parts and `info`.
    static func geev(n: Int, a: inout [Double]) -> (real: [Double], imaginary: [Double], info: Int) {
        BLAS.ready()
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        var left = [Double](repeating: 0, count: 1), right = [Double](repeating: 0, count: 1)
        #if canImport(Accelerate)
        var jobvl = Int8(UInt8(ascii: "N")), jobvr = Int8(UInt8(ascii: "N"))
        var nn = __CLPK_integer(n), lda = __CLPK_integer(max(n, 1)), ldvl = __CLPK_integer(1), ldvr = __CLPK_integer(1)
        var lwork = __CLPK_integer(max(1, 4 * n)), info = __CLPK_integer(0)
        var work = [Double](repeating: 0, count: Int(lwork))
        dgeev_(&jobvl, &jobvr, &nn, &a, &lda, &wr, &wi, &left, &ldvl, &right, &ldvr, &work, &lwork, &info)
        return (wr, wi, Int(info))
        #else
        let info = LAPACKE_dgeev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "N")),
                                 Int32(n), &a, Int32(max(n, 1)), &wr, &wi, &left, 1, &right, 1)
        return (wr, wi, Int(info))
        #endif
    }

    /// Thin singular value decomposition A = U Σ Vᵀ of an m × n matrix
    /// (dgesvd, jobu = jobvt = "S"), m, n ≥ 1, k = min(m, n). `a` is
    /// column-major and is destroyed. Returns the k singular values in
    /// decreasing order, U (m × k) and Vᵀ (k × n), both column-major, and
    /// `info` (> 0: that many superdiagonals of the bidiagonal form did not
    /// converge to zero).
    static func gesvd(m: Int, n: Int, a: inout [Double])
        -> (singularValues: [Double], u: [Double], vt: [Double], info: Int) {
        BLAS.ready()
        let k = min(m, n)
        var s = [Double](repeating: 0, count: k)
        var u = [Double](repeating: 0, count: m * k)
        var vt = [Double](repeating: 0, count: k * n)
        #if canImport(Accelerate)
        var jobu = Int8(UInt8(ascii: "S")), jobvt = Int8(UInt8(ascii: "S"))
        var mm = __CLPK_integer(m), nn = __CLPK_integer(n), lda = __CLPK_integer(m),
            ldu = __CLPK_integer(m), ldvt = __CLPK_integer(k), info = __CLPK_integer(0)
        // Workspace query first (lwork = −1), then the decomposition.
        var query = [Double](repeating: 0, count: 1)
        var lwork = __CLPK_integer(-1)
        dgesvd_(&jobu, &jobvt, &mm, &nn, &a, &lda, &s, &u, &ldu, &vt, &ldvt, &query, &lwork, &info)
        if info != 0 { return (s, u, vt, Int(info)) }
        lwork = __CLPK_integer(max(1, Int(query[0])))
        var work = [Double](repeating: 0, count: Int(lwork))
        dgesvd_(&jobu, &jobvt, &mm, &nn, &a, &lda, &s, &u, &ldu, &vt, &ldvt, &work, &lwork, &info)
        return (s, u, vt, Int(info))
        #else
        var superdiagonal = [Double](repeating: 0, count: max(1, k - 1))
        let info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "S")), Int8(UInt8(ascii: "S")),
                                  Int32(m), Int32(n), &a, Int32(m), &s, &u, Int32(m), &vt, Int32(k),
                                  &superdiagonal)
        return (s, u, vt, Int(info))
        #endif
    }
}
