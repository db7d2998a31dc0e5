/// What a gradient method returns: the loss, dL/dw (ordered like the system's
/// `parameters`) and the trajectory it was computed on.
public struct GradientResult: Sendable {
    public var loss: Double
    public var gradient: [Double]
    /// r₀ … r_T.
    public var states: [[Double]]
}
