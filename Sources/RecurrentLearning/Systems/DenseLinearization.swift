/// The default linearization: the model's own `rate`, `stateJacobian` and
/// `parameterJacobian`, evaluated at stored points.
///
/// Each point keeps (r_t, x_t), n + k numbers. A product at point t forms the
/// dense J_t (n × n) or D_t (n × m) once and keeps it while t is asked again,
/// so RTRL's J P costs one dense product a step, and BPTT one vector–matrix
/// product a step. It is correct for every model and fast for none with many
/// parameters (D_t has n × m entries); that is what a model's own
/// linearization is for.
public final class DenseLinearization<System: DynamicalSystem>: Linearization {
    public let system: System
    public let stateCount: Int
    public let inputCount: Int
    public let parameterCount: Int
    public let capacity: Int
    private let points: PooledBuffer          // (r_t, x_t) stacked, n + k per point
    private var jacobian: (point: Int, J: Matrix)?
    private var parameterJacobian: (point: Int, D: Matrix)?

    public init(_ system: System, points capacity: Int) {
        self.system = system
        stateCount = system.stateCount
        inputCount = system.inputCount
        parameterCount = system.parameterCount
        self.capacity = capacity
        points = PooledBuffer(count: (stateCount + inputCount) * capacity)
    }

    private func point(_ t: Int) -> (r: [Double], x: [Double]) {
        precondition(t >= 0 && t < capacity, "point \(t) outside 0 ..< \(capacity)")
        let base = points.pointer + t * (stateCount + inputCount)
        return (Array(UnsafeBufferPointer(start: base, count: stateCount)),
                Array(UnsafeBufferPointer(start: base + stateCount, count: inputCount)))
    }

    private func J(_ t: Int) -> Matrix {
        if let jacobian, jacobian.point == t { return jacobian.J }
        let (r, x) = point(t)
        let j = system.stateJacobian(r, input: x)
        jacobian = (t, j)
        return j
    }

    public func parameterJacobianAt(point t: Int) -> Matrix {
        if let parameterJacobian, parameterJacobian.point == t { return parameterJacobian.D }
        let (r, x) = point(t)
        let d = system.parameterJacobian(r, input: x)
        parameterJacobian = (t, d)
        return d
    }

    public func linearize(point t: Int, state r: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                          rate F: UnsafeMutablePointer<Double>) {
        precondition(t >= 0 && t < capacity, "point \(t) outside 0 ..< \(capacity)")
        let n = stateCount, k = inputCount, base = points.pointer + t * (n + k)
        base.update(from: r, count: n)
        (base + n).update(from: x, count: k)
        if jacobian?.point == t { jacobian = nil }
        if parameterJacobian?.point == t { parameterJacobian = nil }
        let f = system.rate(Array(UnsafeBufferPointer(start: r, count: n)),
                            input: Array(UnsafeBufferPointer(start: x, count: k)))
        F.update(from: f, count: n)
    }

    public func jacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double, plus β: Double,
                                into out: UnsafeMutablePointer<Double>) {
        jacobianMatrixProduct(point: t, v, columns: 1, scaledBy: α, plus: β, into: out)
    }

    public func transposedJacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double,
                                          plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, j = J(t)
        for c in 0..<n {
            var sum = 0.0
            for i in 0..<n { sum += v[i] * j.elements[i + c * n] }
            out[c] = β == 0 ? α * sum : β * v[c] + α * sum
        }
    }

    public func jacobianMatrixProduct(point t: Int, _ P: UnsafePointer<Double>, columns: Int, scaledBy α: Double,
                                      plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = stateCount, j = J(t)
        for c in 0..<columns {
            let p = P + c * n, o = out + c * n
            for i in 0..<n {
                var sum = 0.0
                for l in 0..<n { sum += j.elements[i + l * n] * p[l] }
                o[i] = β == 0 ? α * sum : β * p[i] + α * sum
            }
        }
    }

    public func addParameterJacobian(point t: Int, scaledBy α: Double, to P: UnsafeMutablePointer<Double>) {
        let d = parameterJacobianAt(point: t)
        for i in d.elements.indices { P[i] += α * d.elements[i] }
    }
}
