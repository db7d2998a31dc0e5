/// A complex eigenvalue λ = re + i·im.
public struct Eigenvalue: Equatable, Sendable {
    public var real: Double
    public var imaginary: Double
    public var magnitude: Double { (real * real + imaginary * imaginary).squareRoot() }
}

public enum EigenvalueError: Error, Equatable {
    /// The QR algorithm failed to converge (LAPACK info > 0).
    case didNotConverge(info: Int)
}

extension Matrix {
    /// Eigenvalues of a square matrix (LAPACK dgeev), in LAPACK's order.
    ///
    /// Used for stability: the Euler map r ↦ r + Δt F(r) is stable at a fixed
    /// point when every eigenvalue of I + Δt J lies inside the unit circle.
    public func eigenvalues() throws(EigenvalueError) -> [Eigenvalue] {
        precondition(isSquare, "eigenvalues need a square matrix, got \(rows) × \(columns)")
        var a = elements
        let (re, im, info) = LAPACK.geev(n: rows, a: &a)
        if info != 0 { throw .didNotConverge(info: info) }
        return zip(re, im).map { Eigenvalue(real: $0, imaginary: $1) }
    }
}
