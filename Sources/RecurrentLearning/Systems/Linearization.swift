/// A model's linearization: F and products with its Jacobians at stored points
/// (r_t, x_t), t = 0 ..< `capacity`, on raw column-major storage.
///
/// ```
/// linearize(t, r, x)        stores point t, writes F(r, x)
/// J_t = ∂F/∂r (n × n),  D_t = ∂F/∂w (n × m) at point t
///
/// jacobianProduct            out = β v + α J_t v
/// transposedJacobianProduct  out = β v + α J_tᵀ v        (the row vector vᵀ J_t, as a column)
/// adjointField               out = J_tᵀ v + g, returns ‖out‖∞   (the adjoint ODE's dv/dt)
/// jacobianMatrixProduct      Out = β P + α J_t P         (P: n × columns)
/// addParameterJacobian       P ← P + α D_t              (P: n × m)
/// addParameterVJPs           g ← g + α Σ_t V[:, t − t₀]ᵀ D_t   over points t₀ ..< t₁
/// ```
///
/// Conventions, as in BLAS: β = 0 means v (or P) is not read; outputs never
/// overlap inputs; every pointer is valid (an empty input x gets a dummy).
/// A linearization is created by its model (`makeLinearization(points:)`) for
/// the model's parameters at that moment, owns its scratch space, and does
/// not allocate in any of these calls. It is a class: a method holds one and
/// calls it step after step.
///
/// The products have defaults: `adjointField` through `transposedJacobianProduct`,
/// `jacobianMatrixProduct` column by column through
/// `jacobianProduct`, and `addParameterVJPs` point by point through the dense
/// D (`parameterJacobianAt`). A model overrides them where its structure is
/// cheaper: the rate network's adjoint field is one fused pass over W, its J P one register-tiled product, its
/// Σ_t v_t φ(r_t)ᵀ one dgemm over the trajectory.
public protocol Linearization: AnyObject {
    /// n.
    var stateCount: Int { get }
    /// k.
    var inputCount: Int { get }
    /// m.
    var parameterCount: Int { get }
    /// How many points it holds.
    var capacity: Int { get }

    /// Stores (r, x) as point t, keeping what the products at t need, and
    /// writes F(r, x) (bit for bit the model's `rate`) to `F`.
    func linearize(point t: Int, state r: UnsafePointer<Double>, input x: UnsafePointer<Double>,
                   rate F: UnsafeMutablePointer<Double>)
    /// out = β v + α J_t v.
    func jacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double, plus β: Double,
                         into out: UnsafeMutablePointer<Double>)
    /// out = β v + α J_tᵀ v.
    func transposedJacobianProduct(point t: Int, _ v: UnsafePointer<Double>, scaledBy α: Double, plus β: Double,
                                   into out: UnsafeMutablePointer<Double>)
    /// out = J_tᵀ v + g, and returns ‖out‖∞ (NaN if a component is NaN): the right-hand
    /// side of the adjoint ODE dv/dt = vJ + ∂l/∂r* and its size, one step of the
    /// fixed-point adjoint.
    func adjointField(point t: Int, _ v: UnsafePointer<Double>, plus g: UnsafePointer<Double>,
                      into out: UnsafeMutablePointer<Double>) -> Double
    /// Out = β P + α J_t P for an n × `columns` P, column-major.
    func jacobianMatrixProduct(point t: Int, _ P: UnsafePointer<Double>, columns: Int, scaledBy α: Double,
                               plus β: Double, into out: UnsafeMutablePointer<Double>)
    /// P ← P + α D_t for an n × m P, column-major.
    func addParameterJacobian(point t: Int, scaledBy α: Double, to P: UnsafeMutablePointer<Double>)
    /// g ← g + α Σ_{t ∈ points} V[:, t − points.lowerBound]ᵀ D_t, V n × points.count.
    func addParameterVJPs(points: Range<Int>, _ V: UnsafePointer<Double>, scaledBy α: Double,
                          to g: UnsafeMutablePointer<Double>)
    /// D_t, dense n × m: for the default `addParameterVJPs` and for tests.
    func parameterJacobianAt(point t: Int) -> Matrix
}

extension Linearization {
    public func adjointField(point t: Int, _ v: UnsafePointer<Double>, plus g: UnsafePointer<Double>,
                             into out: UnsafeMutablePointer<Double>) -> Double {
        transposedJacobianProduct(point: t, v, scaledBy: 1, plus: 0, into: out)
        for i in 0..<stateCount { out[i] += g[i] }
        return Vector.maxAbs(out, count: stateCount)
    }

    public func jacobianMatrixProduct(point t: Int, _ P: UnsafePointer<Double>, columns: Int, scaledBy α: Double,
                                      plus β: Double, into out: UnsafeMutablePointer<Double>) {
        let n = stateCount
        for c in 0..<columns {
            jacobianProduct(point: t, P + c * n, scaledBy: α, plus: β, into: out + c * n)
        }
    }

    public func addParameterVJPs(points: Range<Int>, _ V: UnsafePointer<Double>, scaledBy α: Double,
                                 to g: UnsafeMutablePointer<Double>) {
        let n = stateCount, m = parameterCount
        for t in points {
            let d = parameterJacobianAt(point: t), v = V + (t - points.lowerBound) * n
            for c in 0..<m {
                var sum = 0.0
                for i in 0..<n { sum += v[i] * d.elements[i + c * n] }
                g[c] += α * sum
            }
        }
    }
}

/// Array-level forms of the products, for tests, lessons and the fixed-point
/// methods that work one vector at a time.
extension Linearization {
    /// Stores (r, x) as point t and returns F(r, x).
    @discardableResult
    public func linearize(point t: Int = 0, state r: [Double], input x: [Double]) -> [Double] {
        precondition(r.count == stateCount && x.count == inputCount,
                     "linearize: the model has n = \(stateCount), k = \(inputCount); got r of \(r.count), x of \(x.count)")
        var F = [Double](repeating: 0, count: stateCount)
        withPointers(r, x) { pr, px in
            withPointers(F, []) { _, none in
                F.withUnsafeMutableBufferPointer {
                    linearize(point: t, state: pr, input: px, rate: $0.baseAddress ?? UnsafeMutablePointer(mutating: none))
                }
            }
        }
        return F
    }

    /// J_t v.
    public func jacobianProduct(point t: Int = 0, _ v: [Double]) -> [Double] {
        vectorProduct(v) { jacobianProduct(point: t, $0, scaledBy: 1, plus: 0, into: $1) }
    }

    /// vᵀ J_t, as an array of length n.
    public func transposedJacobianProduct(point t: Int = 0, _ v: [Double]) -> [Double] {
        vectorProduct(v) { transposedJacobianProduct(point: t, $0, scaledBy: 1, plus: 0, into: $1) }
    }

    /// vᵀ D_t, length m.
    public func parameterVJP(point t: Int = 0, _ v: [Double]) -> [Double] {
        precondition(v.count == stateCount, "parameterVJP: v has \(v.count) components, n = \(stateCount)")
        var g = [Double](repeating: 0, count: parameterCount)
        v.withUnsafeBufferPointer { pv in
            g.withUnsafeMutableBufferPointer { addParameterVJPs(points: t..<(t + 1), pv.baseAddress!, scaledBy: 1, to: $0.baseAddress!) }
        }
        return g
    }

    private func vectorProduct(_ v: [Double], _ body: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        precondition(v.count == stateCount, "product with a vector of \(v.count) components, n = \(stateCount)")
        var out = [Double](repeating: 0, count: stateCount)
        v.withUnsafeBufferPointer { pv in
            out.withUnsafeMutableBufferPointer { po in
                if stateCount > 0 { body(pv.baseAddress!, po.baseAddress!) }
            }
        }
        return out
    }
}

/// Runs `body` with valid pointers to the elements of `a` and `b`, a dummy
/// where one is empty (an empty array has no storage to point at).
func withPointers<R>(_ a: [Double], _ b: [Double], _ body: (UnsafePointer<Double>, UnsafePointer<Double>) -> R) -> R {
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            withUnsafePointer(to: 0.0) { none in body(pa.baseAddress ?? none, pb.baseAddress ?? none) }
        }
    }
}
