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

/// The homework model's linearization: J = w − 1 and D = (r, 1) at stored r_t.
///
/// ```
/// F = (w − 1) r + b + x,   J v = (w − 1) v,   P + α D = (P_w + α r, P_b + α)
/// ```
public final class HomeworkModelLinearization: Linearization {
    public let stateCount = 1
    public let inputCount = 1
    public let parameterCount = 2
    public let capacity: Int
    private let model: HomeworkModel
    private let states: PooledBuffer

    init(_ model: HomeworkModel, points capacity: Int) {
        self.model = model
        self.capacity = capacity
        states = PooledBuffer(count: capacity)
    }

    private func r(_ t: Int) -> Double {
        precondition(t >= 0 && t < capacity, "point \(t) outside 0 ..< \(capacity)")
        return states.pointer[t]
    }

    public func linearize(point t: Int, state r: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                          rate F: UnsafeMutablePointer<Double>) {
        precondition(t >= 0 && t < capacity, "point \(t) outside 0 ..< \(capacity)")
        states.pointer[t] = r[0]
        F[0] = (model.w - 1) * r[0] + model.b + x[0]
    }

    public func jacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double, plus β: Double,
                                into out: UnsafeMutablePointer<Double>) {
        let j = (model.w - 1) * v[0]
        out[0] = β == 0 ? α * j : β * v[0] + α * j
    }

    public func transposedJacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double,
                                          plus β: Double, into out: UnsafeMutablePointer<Double>) {
        jacobianProduct(point: t, v, scaledBy: α, plus: β, into: out)
    }

    public func addParameterJacobian(point t: Int, scaledBy α: Double, to P: UnsafeMutablePointer<Double>) {
        P[0] += α * r(t)
        P[1] += α
    }

    public func addParameterVJPs(points: Range<Int>, _ V: UnsafePointer<Double>, scaledBy α: Double,
                                 to g: UnsafeMutablePointer<Double>) {
        for t in points {
            let v = V[t - points.lowerBound]
            g[0] += α * (v * r(t))
            g[1] += α * v
        }
    }

    public func parameterJacobianAt(point t: Int) -> Matrix { Matrix(rows: 1, columns: 2, elements: [r(t), 1]) }
}

extension HomeworkModel {
    public func makeLinearization(points: Int) -> HomeworkModelLinearization {
        HomeworkModelLinearization(self, points: points)
    }
}
