/// The Moore–Penrose pseudo-inverse by singular value decomposition (LAPACK dgesvd).
///
/// With A = U Σ Vᵀ (σ₁ ≥ σ₂ ≥ … ≥ 0), A⁺ = V Σ⁺ Uᵀ, where Σ⁺ inverts the
/// singular values above `relativeCutoff · σ₁` and sets the others to 0.
///
/// Mathematical properties (up to rounding, for singular values well away
/// from the cutoff):
/// - the four Penrose conditions: A A⁺ A = A, A⁺ A A⁺ = A⁺, (A A⁺)ᵀ = A A⁺,
///   (A⁺ A)ᵀ = A⁺ A;
/// - x = A⁺ b is the least-squares solution of A x ≈ b of smallest norm;
///   more generally W₁ = W₀ + A⁺ (b − A W₀) is the least-squares solution
///   closest to W₀ (the minimal change), because A⁺ maps into the row space
///   of A, orthogonal to its null space;
/// - for an invertible A, A⁺ = A⁻¹.
public enum PseudoInverseError: Error, Equatable, CustomStringConvertible {
    /// The SVD's QR iteration failed: `superdiagonals` entries of the
    /// bidiagonal form did not converge to zero (LAPACK info > 0).
    case didNotConverge(superdiagonals: Int)
    /// LAPACK rejected an argument, for instance a NaN entry (LAPACK info < 0).
    case invalidArgument(Int)

    public var description: String {
        switch self {
        case .didNotConverge(let k): "the SVD did not converge (\(k) superdiagonals left)"
        case .invalidArgument(let k): "LAPACK rejected argument \(-k)"
        }
    }
}

extension Matrix {
    /// A⁺, the `columns × rows` pseudo-inverse. Singular values σ with
    /// σ ≤ `relativeCutoff` · σ_max count as 0 (so a zero matrix gives a
    /// zero A⁺).
    public func pseudoInverse(relativeCutoff: Double = 1e-12) throws(PseudoInverseError) -> Matrix {
        precondition(relativeCutoff >= 0 && relativeCutoff.isFinite,
                     "the relative cutoff must be finite and ≥ 0, got \(relativeCutoff)")
        if rows == 0 || columns == 0 { return Matrix(rows: columns, columns: rows) }
        var a = elements
        let (sigma, u, vt, info) = LAPACK.gesvd(m: rows, n: columns, a: &a)
        if info > 0 { throw .didNotConverge(superdiagonals: info) }
        if info < 0 { throw .invalidArgument(info) }
        let k = sigma.count
        let threshold = relativeCutoff * (sigma.first ?? 0)
        // Σ⁺ Vᵀ: row l of Vᵀ scaled by 1/σ_l, or zeroed below the cutoff.
        var scaled = Matrix(rows: k, columns: columns, elements: vt)
        for l in 0..<k {
            let inverse = sigma[l] > threshold ? 1 / sigma[l] : 0
            for j in 0..<columns { scaled[l, j] *= inverse }
        }
        // A⁺ = V Σ⁺ Uᵀ = (Σ⁺ Vᵀ)ᵀ Uᵀ.
        return scaled.transposed * Matrix(rows: rows, columns: k, elements: u).transposed
    }
}
