/// W (n × n) and U (n × k) copied once into pooled storage, with the
/// products the linearizations of the spiking and connectivity models need,
/// all allocation-free: y = W v and y = Wᵀ v (dgemv, as `Matrix *` computes
/// them, so F stays bit for bit the model's `rate`), and the trajectory sums
/// Σ_t a_t b_tᵀ (one dgemm with a transpose flag).
final class WeightStorage {
    let n: Int
    let k: Int
    private let w, u: PooledBuffer

    init(recurrent: Matrix, input: Matrix? = nil) {
        n = recurrent.rows
        k = input?.columns ?? 0
        w = PooledBuffer(recurrent.elements)
        u = PooledBuffer(input?.elements ?? [])
    }

    /// y = W v.
    func recurrent(_ v: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
        BLAS.gemv(m: n, n: n, alpha: 1, w.pointer, v, beta: 0, y)
    }

    /// y = Wᵀ v.
    func transposedRecurrent(_ v: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
        BLAS.gemv(transpose: true, m: n, n: n, alpha: 1, w.pointer, v, beta: 0, y)
    }

    /// h = W r + U x as `Connectivity.summedInput` sums it: W r, then + 1·(U x).
    func summedInput(_ r: UnsafePointer<Double>, _ x: UnsafePointer<Double>, into h: UnsafeMutablePointer<Double>,
                     scratch: UnsafeMutablePointer<Double>) {
        recurrent(r, into: h)
        guard k > 0 else { return }
        BLAS.gemv(m: n, n: k, alpha: 1, u.pointer, x, beta: 0, scratch)
        for i in 0..<n { h[i] += 1 * scratch[i] }
    }

    /// G ← G + α A Bᵀ for A (n × T, leading dimension lda) and B (columns × T,
    /// leading dimension ldb), G n × columns: Σ_t α a_t b_tᵀ in one dgemm.
    static func addOuterProducts(_ A: UnsafePointer<Double>, lda: Int, _ B: UnsafePointer<Double>, ldb: Int,
                                 rows n: Int, columns: Int, count T: Int, scaledBy α: Double,
                                 to G: UnsafeMutablePointer<Double>) {
        guard T > 0, n > 0, columns > 0 else { return }
        BLAS.gemm(transposeB: true, m: n, n: columns, k: T, alpha: α, A, lda: lda, B, ldb: ldb, beta: 1, G, ldc: n)
    }
}
