/// Assignment 2, exercise 2: the gradient of the loss from the BPTT adjoints.
///
/// Step t (from r_t to r_{t+1}) uses w and b through Δt((w − 1) r_t + b + x_t),
/// whose derivatives are Δt r_t and Δt. Each step's share is weighed by the
/// adjoint of the rate it produces, a_{t+1} = dL/dr_{t+1}:
///
/// ```
/// dL/dw = dt * Σ_{t=0}^{T−1} a_{t+1} * r_t
/// dL/db = dt * Σ_{t=0}^{T−1} a_{t+1}
/// ```
///
/// Note that the sum for w runs over r_0 … r_{T−1}, the rates *before* each
/// step: r_0 is used, r_T is not.
///
/// - Parameters:
///   - r0: the starting rate r_0.
///   - r: the rates r_1 … r_T of the forward pass (`r[i]` = r_{i+1}).
///   - adjoints: a_1 … a_T, as returned by `bpttAdjoints` (`adjoints[i]` = a_{i+1}).
///   - dt: the Euler time step Δt.
/// - Returns: dL/dw and dL/db.
public func bpttGradient(r0: Double, r: [Double], adjoints: [Double], dt: Double) throws
    -> (dw: Double, db: Double)
{
    // BEGIN SOLUTION
    var dw = 0.0, db = 0.0
    var before = r0                                      // r_t, the rate before step t
    for i in adjoints.indices {
        dw += adjoints[i] * before
        db += adjoints[i]
        before = r[i]
    }
    return (dt * dw, dt * db)
    // END SOLUTION
}
