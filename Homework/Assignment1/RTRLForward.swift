/// Assignment 1, exercise 1: one forward pass of real-time recurrent learning on the
/// homework model dr/dt = −r + w r + b + x.
///
/// Start from r_0 = `r0` with the sensitivities p_{w,0} = p_{b,0} = 0, and take
/// T = `x.count` Euler steps of size Δt = `dt`, for t = 0 … T−1:
///
/// ```
/// r_{t+1}   = r_t     + dt * ((w − 1) * r_t     + b + x_t)
/// p_{w,t+1} = p_{w,t} + dt * ((w − 1) * p_{w,t} + r_t)
/// p_{b,t+1} = p_{b,t} + dt * ((w − 1) * p_{b,t} + 1)
/// ```
///
/// p_w = dr/dw and p_b = dr/db are the sensitivities of the rate to the two
/// parameters. Careful with the order: the update of p_w uses r_t, the rate
/// *before* this step's update, not the new r_{t+1}.
///
/// - Parameters:
///   - x: the inputs x_0 … x_{T−1}.
///   - w: the recurrent self-weight.
///   - b: the bias.
///   - r0: the starting rate r_0 (the course uses r_0 = y_0).
///   - dt: the Euler time step Δt (the course uses 0.1).
/// - Returns: three arrays of T values each, the states after every step:
///   `r[i]` = r_{i+1}, `pw[i]` = p_{w,i+1}, `pb[i]` = p_{b,i+1} for i = 0 … T−1.
///   r_0, p_{w,0} and p_{b,0} are not included.
public func rtrlForward(x: [Double], w: Double, b: Double, r0: Double, dt: Double) throws
    -> (r: [Double], pw: [Double], pb: [Double])
{
    // BEGIN SOLUTION
    var r = r0, pw = 0.0, pb = 0.0
    var rates: [Double] = [], sensitivitiesW: [Double] = [], sensitivitiesB: [Double] = []
    for xt in x {
        let rNext = r + dt * ((w - 1) * r + b + xt)
        let pwNext = pw + dt * ((w - 1) * pw + r)      // r is still r_t here
        let pbNext = pb + dt * ((w - 1) * pb + 1)
        r = rNext
        pw = pwNext
        pb = pbNext
        rates.append(r)
        sensitivitiesW.append(pw)
        sensitivitiesB.append(pb)
    }
    return (rates, sensitivitiesW, sensitivitiesB)
    // END SOLUTION
}
