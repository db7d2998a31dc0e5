/// The course homework's one-unit model:  dr/dt = −r + w r + b + x
///
/// - state r (one unit), input x (scalar), parameters w = [w, b].
///
/// Mathematical properties:
/// - F(r, x) = (w − 1) r + b + x, so J = ∂F/∂r = w − 1 and ∂F/∂(w, b) = (r, 1).
/// - For constant x the fixed point is r* = (b + x)/(1 − w), stable iff w < 1.
/// - The sensitivities p_w = dr/dw, p_b = dr/db obey
///   dp_w/dt = (w − 1) p_w + r,  dp_b/dt = (w − 1) p_b + 1.
public struct HomeworkModel: DynamicalSystem {
    /// Recurrent self-weight w (dimensionless).
    public var w: Double
    /// Bias b (rate units).
    public var b: Double

    /// The course starts training from w = b = 1.
    public init(w: Double = 1, b: Double = 1) {
        self.w = w
        self.b = b
    }

    public var stateCount: Int { 1 }
    public var inputCount: Int { 1 }
    public var parameterNames: [String] { ["w", "b"] }

    public var parameters: [Double] {
        get { [w, b] }
        set {
            precondition(newValue.count == 2, "HomeworkModel has 2 parameters (w, b), got \(newValue.count)")
            w = newValue[0]
            b = newValue[1]
        }
    }

    public func rate(_ r: [Double], input x: [Double]) -> [Double] {
        [(w - 1) * r[0] + b + x[0]]
    }

    public func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        Matrix(rows: 1, columns: 1, elements: [w - 1])
    }

    public func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        Matrix(rows: 1, columns: 2, elements: [r[0], 1])
    }

    /// The fixed point r* = (b + x)/(1 − w) for a constant input x, or nil when w = 1
    /// (no fixed point unless b + x = 0).
    public func fixedPoint(input x: Double) -> Double? {
        w == 1 ? nil : (b + x) / (1 - w)
    }

    /// Whether the fixed point attracts: J = w − 1 < 0.
    public var isStable: Bool { w < 1 }
}
