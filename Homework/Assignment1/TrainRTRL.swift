/// Assignment 1, exercise 4: the course's training loop, built from the three exercises before.
///
/// Start from w = b = 1. Every epoch starts afresh: the rate restarts at
/// r_0 = y_0 and the sensitivities at 0 (that is what `forward` does when it is
/// called). Then, for each of the `epochs` epochs:
///
/// ```
/// (r, p_w, p_b)     = forward(x, w, b, y_0, dt)      T = x.count Euler steps
/// (loss, dw, db)    = gradient(r, p_w, p_b, y)        r_t compared with y_{t−1}
/// (w, b)            = step(w, b, dw, db, η)           w ← w − η dL/dw, b ← b − η dL/db
/// ```
///
/// and record the epoch as (loss, dw, db, w, b): the loss and gradient at the
/// parameters the epoch started from, and the parameters after its update.
/// The course trains for 10 epochs with η = 0.1 and Δt = 0.1.
///
/// Use the three functions you are given, not `rtrlForward`, `rtrlGradient`
/// and `gradientStep` directly. By default they *are* your own functions, so
/// `trainRTRL(x: x, y: y)` trains with your code. The graded tests of this
/// exercise pass reference implementations instead, so that a mistake in
/// another exercise is not counted twice.
///
/// - Parameters:
///   - x: the inputs x_0 … x_{T−1}.
///   - y: the targets y_0 … y_{T−1}, as many as inputs; y_0 is also the start r_0.
///   - epochs: how many epochs to train.
///   - learningRate: η.
///   - dt: the Euler time step Δt.
///   - forward: computes the rates and sensitivities (default: your `rtrlForward`).
///   - gradient: computes the loss and gradient (default: your `rtrlGradient`).
///   - step: applies one gradient-descent step (default: your `gradientStep`).
/// - Returns: one record per epoch, in order.
public func trainRTRL(
    x: [Double], y: [Double], epochs: Int = 10, learningRate: Double = 0.1, dt: Double = 0.1,
    forward: RTRLForwardFunction = rtrlForward,
    gradient: RTRLGradientFunction = rtrlGradient,
    step: GradientStepFunction = gradientStep
) throws -> [(loss: Double, dw: Double, db: Double, w: Double, b: Double)] {
    // BEGIN SOLUTION
    var w = 1.0, b = 1.0
    var history: [(loss: Double, dw: Double, db: Double, w: Double, b: Double)] = []
    for _ in 0..<epochs {
        let (r, pw, pb) = try forward(x, w, b, y[0], dt)       // r_0 = y_0, p = 0 every epoch
        let (loss, dw, db) = try gradient(r, pw, pb, y)
        (w, b) = try step(w, b, dw, db, learningRate)
        history.append((loss, dw, db, w, b))
    }
    return history
    // END SOLUTION
}
