/// Matrix and vector products through BLAS (dgemm, dgemv, ddot).
///
/// Vectors are plain `[Double]`. `A * x` is the column vector A x; `v * A` is
/// the row vector vᵀA, returned as an array of length `A.columns`.
extension Matrix {
    /// A B, (m × k)(k × n) → m × n.
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "Matrix product shapes \(a.rows) × \(a.columns) and \(b.rows) × \(b.columns) do not chain")
        var c = Matrix(rows: a.rows, columns: b.columns)
        if c.elements.isEmpty || a.columns == 0 { return c }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(m: a.rows, n: b.columns, k: a.columns, alpha: 1,
                              pa.baseAddress!, lda: a.rows, pb.baseAddress!, ldb: b.rows,
                              beta: 0, pc.baseAddress!, ldc: a.rows)
                }
            }
        }
        return c
    }

    /// A x.
    public static func * (a: Matrix, x: [Double]) -> [Double] {
        precondition(a.columns == x.count, "Matrix–vector shapes \(a.rows) × \(a.columns) and \(x.count) do not chain")
        var y = [Double](repeating: 0, count: a.rows)
        if a.elements.isEmpty { return y }
        a.elements.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    BLAS.gemv(m: a.rows, n: a.columns, alpha: 1, pa.baseAddress!, px.baseAddress!,
                              beta: 0, py.baseAddress!)
                }
            }
        }
        return y
    }

    /// vᵀA, a row vector of length `A.columns`.
    public static func * (v: [Double], a: Matrix) -> [Double] {
        precondition(a.rows == v.count, "Vector–matrix shapes \(v.count) and \(a.rows) × \(a.columns) do not chain")
        var y = [Double](repeating: 0, count: a.columns)
        if a.elements.isEmpty { return y }
        a.elements.withUnsafeBufferPointer { pa in
            v.withUnsafeBufferPointer { pv in
                y.withUnsafeMutableBufferPointer { py in
                    BLAS.gemv(transpose: true, m: a.rows, n: a.columns, alpha: 1,
                              pa.baseAddress!, pv.baseAddress!, beta: 0, py.baseAddress!)
                }
            }
        }
        return y
    }

    /// C ← C + α A B, in place (dgemm with β = 1). `A` and `B` must not be `self`.
    public mutating func addProduct(_ a: Matrix, _ b: Matrix, scaledBy alpha: Double = 1) {
        precondition(a.columns == b.rows && a.rows == rows && b.columns == columns,
                     "addProduct shapes \(rows) × \(columns) += (\(a.rows) × \(a.columns))(\(b.rows) × \(b.columns)) do not match")
        let m = rows
        if elements.isEmpty || a.columns == 0 { return }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                elements.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(m: m, n: b.columns, k: a.columns, alpha: alpha,
                              pa.baseAddress!, lda: a.rows, pb.baseAddress!, ldb: b.rows,
                              beta: 1, pc.baseAddress!, ldc: m)
                }
            }
        }
    }

    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "Matrix sum shapes \(a.rows) × \(a.columns) and \(b.rows) × \(b.columns) differ")
        return Matrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map(+))
    }

    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "Matrix difference shapes \(a.rows) × \(a.columns) and \(b.rows) × \(b.columns) differ")
        return Matrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map(-))
    }

    public static func * (s: Double, a: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: a.columns, elements: a.elements.map { s * $0 })
    }
}

/// Small vector helpers on `[Double]`.
public enum Vector {
    /// A x for the symmetric n × n A whose upper triangle `upper` holds column by column
    /// (A_ij, i ≤ j, at index i + j(j + 1)/2), without forming A: n² flops, no n² storage.
    public static func packedSymmetricProduct(upper: [Double], _ x: [Double]) -> [Double] {
        let n = x.count
        precondition(upper.count == n * (n + 1) / 2, "a packed triangle of \(n) × \(n) has \(n * (n + 1) / 2) entries, got \(upper.count)")
        var y = [Double](repeating: 0, count: n)
        guard n > 0 else { return y }
        upper.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    BLAS.spmv(n: n, alpha: 1, packedUpper: pa.baseAddress!, px.baseAddress!, beta: 0, py.baseAddress!)
                }
            }
        }
        return y
    }

    /// x · y (BLAS ddot).
    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "dot of vectors of length \(x.count) and \(y.count)")
        if x.isEmpty { return 0 }
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                BLAS.dot(px.baseAddress!, py.baseAddress!, count: x.count)
            }
        }
    }

    /// Euclidean norm ‖x‖₂.
    public static func norm(_ x: [Double]) -> Double { dot(x, x).squareRoot() }

    /// ‖x‖∞ = max |x_i| (0 for an empty x); NaN if any entry is NaN.
    public static func maxAbs(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { maxAbs($0.baseAddress, count: $0.count) }
    }

    /// ‖x‖∞ of `count` values at `x`; NaN if any is NaN.
    public static func maxAbs(_ x: UnsafePointer<Double>?, count: Int) -> Double {
        guard let x else { return 0 }
        var largest = 0.0
        for i in 0..<count {
            if x[i].isNaN { return .nan }
            largest = max(largest, abs(x[i]))
        }
        return largest
    }

    /// x + α y.
    public static func adding(_ x: [Double], _ y: [Double], scaledBy alpha: Double = 1) -> [Double] {
        precondition(x.count == y.count, "vector sum of lengths \(x.count) and \(y.count)")
        var z = x
        for i in z.indices { z[i] += alpha * y[i] }
        return z
    }

    /// x − y.
    public static func subtracting(_ x: [Double], _ y: [Double]) -> [Double] {
        adding(x, y, scaledBy: -1)
    }

    /// α x.
    public static func scaled(_ x: [Double], by alpha: Double) -> [Double] { x.map { alpha * $0 } }
}
