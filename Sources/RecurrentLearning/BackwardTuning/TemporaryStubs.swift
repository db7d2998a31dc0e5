// TEMPORARY until bt-fit merges.
import Foundation
public struct ErrorGuard: Sendable {
    let ν: Double, ω: Double
    public init(meanAbsoluteError m: Double) { ν = 1e-6 * m; ω = 1e6 * m }
    public func callAsFunction(_ u: Double) -> Double {
        if u == 0 || ν == 0 { return u }
        let a = abs(u), s: Double = u < 0 ? -1 : 1
        if a <= 2 * ν { return s * (ν + a * a / (4 * ν)) }
        let α = 1e-3 * ω
        if a <= ω - α { return u }
        return s * (ω - α * exp(-(a - ω) / α - 1))
    }
}
extension Matrix {
    public func pseudoInverse() throws -> Matrix { try solve(Matrix.identity(rows)) }
}
