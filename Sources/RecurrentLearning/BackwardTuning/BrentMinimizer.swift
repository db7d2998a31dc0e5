import Foundation

/// Brent's one-dimensional minimiser (`localmin`, R. P. Brent, *Algorithms for
/// Minimization without Derivatives*, 1973, ch. 5): golden-section steps, replaced by
/// parabolic interpolation through the three best points whenever the parabola's
/// minimum is trusted.
///
/// Tolerance convention (the backward-tuning runs' own, and the reason their
/// second-order steps sit at u ≈ 0.9975 on [0, 1]): one **absolute** tolerance t,
/// no relative term.
///
/// ```
/// stop when            |x − m| ≤ 2t − (b − a)/2,     m = (a + b)/2
/// never evaluate f     closer than t to a point already tried,
///                      closer than 2t to a or b (a parabolic step is replaced by ±t)
/// ```
///
/// Mathematical properties:
/// - f is never evaluated at a or b; the first point is a + c(b − a), c = (3 − √5)/2.
/// - On a unimodal f the returned x is within about 2t of the minimiser.
/// - The returned value is the smallest f seen, at the returned x.
public enum BrentMinimizer {
    public struct Result: Sendable, Equatable {
        public var argument: Double
        public var value: Double
        public var evaluations: Int
    }

    public static func minimum(on range: ClosedRange<Double>, tolerance t: Double,
                               of f: (Double) -> Double) -> Result {
        precondition(range.lowerBound < range.upperBound, "Brent needs a < b, got \(range)")
        precondition(t > 0, "Brent needs a positive tolerance, got \(t)")
        let c = 0.5 * (3 - 5.0.squareRoot())
        var a = range.lowerBound, b = range.upperBound
        var x = a + c * (b - a), w = x, v = x
        var fx = f(x), fw = fx, fv = fx
        var d = 0.0, e = 0.0, evaluations = 1
        while true {
            let m = 0.5 * (a + b), t2 = 2 * t
            if abs(x - m) <= t2 - 0.5 * (b - a) { break }
            // The parabola through (v, fv), (w, fw), (x, fx): its minimum is at x + p/q.
            var p = 0.0, q = 0.0, r = 0.0
            if abs(e) > t {
                r = (x - w) * (fx - fv)
                q = (x - v) * (fx - fw)
                p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p }
                q = abs(q)
                r = e
                e = d
            }
            if abs(p) < abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x) {
                d = p / q
                let u = x + d
                if u - a < t2 || b - u < t2 { d = x < m ? t : -t }
            } else {
                e = x < m ? b - x : a - x
                d = c * e
            }
            let u = abs(d) >= t ? x + d : d > 0 ? x + t : x - t
            let fu = f(u)
            evaluations += 1
            if fu <= fx {
                if u < x { b = x } else { a = x }
                (v, fv) = (w, fw)
                (w, fw) = (x, fx)
                (x, fx) = (u, fu)
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    (v, fv) = (w, fw)
                    (w, fw) = (u, fu)
                } else if fu <= fv || v == x || v == w {
                    (v, fv) = (u, fu)
                }
            }
        }
        return Result(argument: x, value: fx, evaluations: evaluations)
    }
}
