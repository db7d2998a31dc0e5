/// How closely two vectors computed by different methods agree.
///
/// ```
/// relative error = max_i |a_i − b_i| / max_i |b_i|     (normwise, ∞-norm)
/// cosine         = a·b / (‖a‖ ‖b‖)
/// ```
///
/// The normwise error does not blow up on a component that happens to be
/// near zero, and `worstIndex` names the component where |a_i − b_i| peaks so
/// a failure message can point at it.
public struct Agreement: Sendable, CustomStringConvertible {
    public let relativeError: Double
    public let worstIndex: Int
    public let cosine: Double
    public let expected: Double
    public let got: Double

    /// Compares `a` (the method under test) with `b` (the reference).
    public init(_ a: [Double], _ b: [Double]) {
        precondition(a.count == b.count, "comparing vectors of length \(a.count) and \(b.count)")
        var worst = 0, largest = 0.0, scale = 0.0
        for i in a.indices {
            let d = abs(a[i] - b[i])
            if d > largest || d.isNaN { largest = d; worst = i }
            scale = max(scale, abs(b[i]))
        }
        relativeError = largest == 0 ? 0 : largest / (scale > 0 ? scale : .leastNormalMagnitude)
        worstIndex = worst
        let na = Vector.norm(a), nb = Vector.norm(b)
        cosine = (na == 0 || nb == 0) ? (na == nb ? 1 : 0) : Vector.dot(a, b) / (na * nb)
        expected = b.isEmpty ? 0 : b[worst]
        got = a.isEmpty ? 0 : a[worst]
    }

    /// True when the relative error is finite and at most `tolerance`.
    public func holds(within tolerance: Double) -> Bool {
        relativeError.isFinite && relativeError <= tolerance
    }

    public var description: String {
        "relative error \(relativeError.formatted(sig: 3)) (worst component \(worstIndex): expected \(expected.formatted(sig: 10)), got \(got.formatted(sig: 10))), cosine \(cosine.formatted(sig: 12))"
    }
}
