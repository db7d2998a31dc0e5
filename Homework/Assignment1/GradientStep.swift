/// Assignment 1, exercise 3: one step of plain gradient descent on (w, b).
///
/// ```
/// w ← w − η * dL/dw
/// b ← b − η * dL/db
/// ```
///
/// - Parameters:
///   - w: the self-weight before the step.
///   - b: the bias before the step.
///   - dw: dL/dw at (w, b).
///   - db: dL/db at (w, b).
///   - learningRate: η (the course uses 0.1).
/// - Returns: (w, b) after the step.
public func gradientStep(w: Double, b: Double, dw: Double, db: Double, learningRate: Double) throws
    -> (w: Double, b: Double)
{
    // BEGIN SOLUTION
    return (w - learningRate * dw, b - learningRate * db)
    // END SOLUTION
}
