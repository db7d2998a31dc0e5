// Provided code: nothing to write in this file.
//
// The function types of the three building blocks of assignment 1. `trainRTRL`
// takes one function of each type, so that the training loop can be tested on
// its own, with reference building blocks plugged in.

/// The type of `rtrlForward`: (x, w, b, r0, dt) ↦ (r_1…r_T, p_{w,1…T}, p_{b,1…T}).
public typealias RTRLForwardFunction =
    (_ x: [Double], _ w: Double, _ b: Double, _ r0: Double, _ dt: Double) throws
    -> (r: [Double], pw: [Double], pb: [Double])

/// The type of `rtrlGradient`: (r, p_w, p_b, y) ↦ (loss, dL/dw, dL/db).
public typealias RTRLGradientFunction =
    (_ r: [Double], _ pw: [Double], _ pb: [Double], _ y: [Double]) throws
    -> (loss: Double, dw: Double, db: Double)

/// The type of `gradientStep`: (w, b, dL/dw, dL/db, η) ↦ (w, b) after one step.
public typealias GradientStepFunction =
    (_ w: Double, _ b: Double, _ dw: Double, _ db: Double, _ learningRate: Double) throws
    -> (w: Double, b: Double)
