/// Assignment 1, exercise 2: the loss and its gradient from one RTRL forward pass.
///
/// The rates r_1 … r_T are compared with the targets y_0 … y_{T−1}: r_t with
/// y_{t−1}, one step behind. In the arrays that pairing is index for index,
/// `r[i]` with `y[i]`, because `r[0]` holds r_1. With T = `r.count`:
///
/// ```
/// loss  = 1/(2T) * Σ_{t=1}^{T} (r_t − y_{t−1})²
/// dL/dw = 1/T    * Σ_{t=1}^{T} (r_t − y_{t−1}) * p_{w,t}
/// dL/db = 1/T    * Σ_{t=1}^{T} (r_t − y_{t−1}) * p_{b,t}
/// ```
///
/// - Parameters:
///   - r: r_1 … r_T, as returned by `rtrlForward`.
///   - pw: p_{w,1} … p_{w,T}, as returned by `rtrlForward`.
///   - pb: p_{b,1} … p_{b,T}, as returned by `rtrlForward`.
///   - y: the targets y_0 … y_{T−1} (as many as there are rates).
/// - Returns: the loss and the two components of its gradient.
public func rtrlGradient(r: [Double], pw: [Double], pb: [Double], y: [Double]) throws
    -> (loss: Double, dw: Double, db: Double)
{
    // BEGIN SOLUTION
    let count = Double(r.count)
    var sumOfSquares = 0.0, sumW = 0.0, sumB = 0.0
    for i in r.indices {
        let error = r[i] - y[i]                          // r_{i+1} − y_i
        sumOfSquares += error * error
        sumW += error * pw[i]
        sumB += error * pb[i]
    }
    return (sumOfSquares / (2 * count), sumW / count, sumB / count)
    // END SOLUTION
}
