/// Assignment 2, exercise 1: the adjoints of backpropagation through time on the homework
/// model dr/dt = −r + w r + b + x.
///
/// The adjoint a_t = dL/dr_t is the total derivative of the loss
/// L = 1/(2T) Σ_{t=1}^{T} (r_t − y_{t−1})² with respect to the rate r_t: the
/// direct term of r_t's own error, plus everything r_t changes later through
/// the Euler steps r_{s+1} = r_s + Δt((w − 1) r_s + b + x_s), whose derivative
/// is dr_{t+1}/dr_t = 1 + Δt (w − 1). Run backward from the last step:
///
/// ```
/// a_T = (r_T − y_{T−1}) / T
/// a_t = (r_t − y_{t−1}) / T + a_{t+1} * (1 + dt * (w − 1))      t = T−1 … 1
/// ```
///
/// - Parameters:
///   - r: the rates r_1 … r_T of a forward pass (`r[i]` = r_{i+1}).
///   - y: the targets y_0 … y_{T−1}, as many as rates (`r[i]` is compared with `y[i]`).
///   - w: the recurrent self-weight of the forward pass.
///   - dt: the Euler time step Δt.
/// - Returns: a_1 … a_T (`a[i]` = a_{i+1}), T values.
public func bpttAdjoints(r: [Double], y: [Double], w: Double, dt: Double) throws -> [Double] {
    // BEGIN SOLUTION
    let count = Double(r.count)
    var adjoints = [Double](repeating: 0, count: r.count)
    var later = 0.0                                      // a_{t+1}, 0 beyond the last step
    for i in r.indices.reversed() {
        later = (r[i] - y[i]) / count + later * (1 + dt * (w - 1))
        adjoints[i] = later
    }
    return adjoints
    // END SOLUTION
}
