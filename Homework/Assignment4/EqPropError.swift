/// Assignment 4, exercise 3: how the estimates err as λ shrinks.
///
/// For each nudge λ in `nudges`, the relative error of the one-sided and of the symmetric
/// estimate (exercise 2) against the exact implicit gradient (assignment 3:
/// dl/dw = v* r*, dl/db = v*, v* = (r* − y)/(1 − w)), measured as
///
/// ```
/// error = ‖(dw, db)_estimate − (dw, db)_exact‖ / ‖(dw, db)_exact‖      (Euclidean norms)
/// ```
///
/// The one-sided error falls as O(λ), the symmetric one as O(λ²). You may call your
/// `eqpropGradient`; throw what it throws for an unstable phase.
///
/// - Returns: one (oneSided, symmetric) pair per nudge, in the order given.
public func eqpropErrors(w: Double, b: Double, x: Double, y: Double,
                         nudges: [Double]) throws -> [(oneSided: Double, symmetric: Double)] {
    // BEGIN SOLUTION
    guard w < 1 else { throw UnstableNudgedFixedPoint(w: w, nudge: 0) }
    let r = (b + x) / (1 - w), v = (r - y) / (1 - w)
    let exact = (dw: v * r, db: v), size = (exact.dw * exact.dw + exact.db * exact.db).squareRoot()
    let error = { (e: (dw: Double, db: Double)) -> Double in
        ((e.dw - exact.dw) * (e.dw - exact.dw) + (e.db - exact.db) * (e.db - exact.db)).squareRoot() / size
    }
    let point = { (ν: Double) throws -> Double in                // r*_ν, as in exercise 1
        guard w + ν < 1 else { throw UnstableNudgedFixedPoint(w: w, nudge: ν) }
        return (b + x - ν * y) / (1 - w - ν)
    }
    return try nudges.map { λ in
        let oneSided = (try point(λ) - r) / λ, symmetric = (try point(λ) - point(-λ)) / (2 * λ)
        return (error((oneSided * r, oneSided)), error((symmetric * r, symmetric)))
    }
    // END SOLUTION
}
