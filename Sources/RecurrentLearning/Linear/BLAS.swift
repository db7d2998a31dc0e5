#if canImport(Accelerate)
import Accelerate
#else
import CLinearAlgebra
#endif

/// The only door to BLAS. Every wrapper first makes sure the library runs on
/// one thread: OpenBLAS threading slows the small problems of this toolkit
/// (two threads made n = 200 solves 15× slower on the course machines).
enum BLAS {
    /// Set once, before the first BLAS call.
    private static let oneThread: Void = {
        #if !canImport(Accelerate)
        openblas_set_num_threads(1)
        #endif
    }()

    static func ready() { _ = oneThread }

    /// C ← α·op(A)·op(B) + β·C on column-major storage.
    static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Double,
        _ a: UnsafePointer<Double>, lda: Int,
        _ b: UnsafePointer<Double>, ldb: Int,
        beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        ready()
        guard m > 0, n > 0 else { return }
        cblas_dgemm(CblasColMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(max(lda, 1)), b, Int32(max(ldb, 1)),
                    beta, c, Int32(max(ldc, 1)))
    }

    /// y ← α·op(A)·x + β·y for an m × n column-major A.
    static func gemv(
        transpose: Bool = false, m: Int, n: Int, alpha: Double,
        _ a: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
        beta: Double, _ y: UnsafeMutablePointer<Double>
    ) {
        ready()
        guard m > 0, n > 0 else { return }
        cblas_dgemv(CblasColMajor, transpose ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), alpha, a, Int32(m), x, 1, beta, y, 1)
    }

    /// y ← α·A·x + β·y for a symmetric n × n A given by its upper triangle packed column by
    /// column (A_ij, i ≤ j, at ap[i + j(j + 1)/2]).
    static func spmv(n: Int, alpha: Double, packedUpper ap: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                     beta: Double, _ y: UnsafeMutablePointer<Double>) {
        ready()
        guard n > 0 else { return }
        cblas_dspmv(CblasColMajor, CblasUpper, Int32(n), alpha, ap, x, 1, beta, y, 1)
    }

    /// x · y.
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        ready()
        return count == 0 ? 0 : cblas_ddot(Int32(count), x, 1, y, 1)
    }
}
