/// The continuous Hopfield network (Hopfield 1984), in the form equilibrium propagation
/// uses (Scellier & Bengio 2017): with ρ an activation applied componentwise,
///
///     E(r, x) = ½‖r‖² − ½ ρ(r)ᵀ W ρ(r) − bᵀρ(r) − ρ(r)ᵀ U x,
///     F(r, x) = −∂E/∂r = −r + ρ′(r) ∘ (W ρ(r) + b + U x),
///
/// W symmetric n × n, U n × k, b ∈ ℝⁿ. W is stored as its upper triangle, so the
/// symmetry holds by construction and each coupling is one parameter.
///
/// - Parameters, in order: the n(n + 1)/2 couplings W_ab, a ≤ b, column by column of the
///   upper triangle ((0,0), (0,1), (1,1), (0,2), …; W_ab at index b(b + 1)/2 + a), then U
///   column-major, then b.
/// - J = −I + diag(ρ″ ∘ h) + diag(ρ′) W diag(ρ′), h = W ρ + b + U x: symmetric.
/// - ∂E/∂W_ab = −ρ_a ρ_b (a < b), −½ρ_a² (a = b), ∂E/∂U_ic = −ρ_i x_c, ∂E/∂b_i = −ρ_i:
///   the contrastive update is Hebbian.
/// - W ρ is one packed symmetric product on the triangle (BLAS dspmv), O(n²) with no n × n
///   copy; the linearization (`HopfieldLinearization`) takes vᵀ ∂F/∂w from its structure,
///   O(n²) a point, never the dense n × m D.
public struct HopfieldNetwork: EnergyModel {
    /// W's upper triangle, n(n + 1)/2 entries.
    public var couplings: [Double]
    public var inputWeights: Matrix
    public var bias: [Double]
    public var activation: Activation

    public init(couplings: [Double], inputWeights: Matrix, bias: [Double], activation: Activation = .tanh) {
        let n = bias.count
        precondition(couplings.count == n * (n + 1) / 2, "W's upper triangle has \(n * (n + 1) / 2) entries for n = \(n), got \(couplings.count)")
        precondition(inputWeights.rows == n, "U has \(inputWeights.rows) rows, the network \(n) units")
        self.couplings = couplings
        self.inputWeights = inputWeights
        self.bias = bias
        self.activation = activation
    }

    /// A random network: W_ab = W_ba ~ N(0, g²/n), U ~ N(0, 1), b ~ N(0, 0.1²). The
    /// spectrum of such a symmetric W is a semicircle of radius 2g, and for tanh every fixed
    /// point is stable when ‖W‖₂ < 1, so about g < ½; a larger g may give several stable
    /// states (and unstable ones between them), which relaxation and the solver's
    /// stability check sort out.
    public init(units n: Int, inputs k: Int, gain g: Double = 0.5, activation: Activation = .tanh,
                using rng: inout SeededGenerator) {
        let couplings = NormalDistribution(standardDeviation: g / Double(n).squareRoot()).samples(n * (n + 1) / 2, using: &rng)
        let u = Matrix(rows: n, columns: k, elements: NormalDistribution().samples(n * k, using: &rng))
        let b = NormalDistribution(standardDeviation: 0.1).samples(n, using: &rng)
        self.init(couplings: couplings, inputWeights: u, bias: b, activation: activation)
    }

    public var stateCount: Int { bias.count }
    public var inputCount: Int { inputWeights.columns }
    public var parameterCount: Int { couplings.count + inputWeights.elements.count + bias.count }

    /// Where W_ab (either order) sits in `couplings`.
    @inline(__always)
    func index(_ a: Int, _ b: Int) -> Int { a <= b ? b * (b + 1) / 2 + a : a * (a + 1) / 2 + b }

    /// W as a full symmetric matrix.
    public var weights: Matrix {
        let n = stateCount
        var w = Matrix(rows: n, columns: n)
        for b in 0..<n { for a in 0..<n { w[a, b] = couplings[index(a, b)] } }
        return w
    }

    public var parameterNames: [String] {
        let n = stateCount, k = inputCount
        var names: [String] = []
        for b in 0..<n { for a in 0...b { names.append("W[\(a),\(b)]") } }
        for c in 0..<k { for i in 0..<n { names.append("U[\(i),\(c)]") } }
        for i in 0..<n { names.append("b[\(i)]") }
        return names
    }

    public var parameters: [Double] {
        get { couplings + inputWeights.elements + bias }
        set {
            precondition(newValue.count == parameterCount, "the network has \(parameterCount) parameters, got \(newValue.count)")
            let t = couplings.count, u = inputWeights.elements.count
            couplings = Array(newValue[0..<t])
            inputWeights = Matrix(rows: inputWeights.rows, columns: inputWeights.columns, elements: Array(newValue[t..<(t + u)]))
            bias = Array(newValue[(t + u)...])
        }
    }

    /// ρ, ρ′, ρ″ at r and the drive h = W ρ + b + U x.
    private func parts(_ r: [Double], _ x: [Double]) -> (ρ: [Double], slope: [Double], curvature: [Double], h: [Double]) {
        precondition(r.count == stateCount && x.count == inputCount,
                     "HopfieldNetwork(n: \(stateCount), k: \(inputCount)) got r of \(r.count), x of \(x.count)")
        let ρ = r.map(activation.value)
        let h = Vector.adding(Vector.adding(Vector.packedSymmetricProduct(upper: couplings, ρ), bias), inputWeights * x)
        return (ρ, r.map(activation.derivative), r.map(activation.secondDerivative), h)
    }

    public func energy(_ r: [Double], input x: [Double]) -> Double {
        let ρ = r.map(activation.value)
        let Wρ = Vector.packedSymmetricProduct(upper: couplings, ρ), Ux = inputWeights * x
        return 0.5 * Vector.dot(r, r) - 0.5 * Vector.dot(ρ, Wρ) - Vector.dot(bias, ρ) - Vector.dot(ρ, Ux)
    }

    public func rate(_ r: [Double], input x: [Double]) -> [Double] {
        let (_, slope, _, h) = parts(r, x)
        return (0..<stateCount).map { i in -r[i] + slope[i] * h[i] }
    }

    public func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        let (_, slope, curvature, h) = parts(r, x)
        let n = stateCount
        var J = Matrix(rows: n, columns: n)
        for b in 0..<n {
            for a in 0...b {                                  // one product per pair: J is symmetric to the bit
                let entry = slope[a] * couplings[index(a, b)] * slope[b]
                J[a, b] = entry
                J[b, a] = entry
            }
            J[b, b] += curvature[b] * h[b] - 1
        }
        return J
    }

    public func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        let (ρ, slope, _, _) = parts(r, x)
        let n = stateCount, k = inputCount
        var D = Matrix(rows: n, columns: parameterCount)
        for b in 0..<n {
            for a in 0...b {
                let column = index(a, b)
                if a == b {
                    D[a, column] = slope[a] * ρ[a]
                } else {                                  // W_ab = W_ba drives unit a by ρ_b and unit b by ρ_a
                    D[a, column] = slope[a] * ρ[b]
                    D[b, column] = slope[b] * ρ[a]
                }
            }
        }
        let t = couplings.count
        for c in 0..<k { for i in 0..<n { D[i, t + i + c * n] = slope[i] * x[c] } }
        for i in 0..<n { D[i, t + n * k + i] = slope[i] }
        return D
    }

    public func energyParameterGradient(_ r: [Double], input x: [Double]) -> [Double] {
        let ρ = r.map(activation.value)
        let n = stateCount, k = inputCount
        var g = [Double](repeating: 0, count: parameterCount)
        for b in 0..<n { for a in 0...b { g[index(a, b)] = a == b ? -0.5 * ρ[a] * ρ[a] : -ρ[a] * ρ[b] } }
        let t = couplings.count
        for c in 0..<k { for i in 0..<n { g[t + i + c * n] = -ρ[i] * x[c] } }
        for i in 0..<n { g[t + n * k + i] = -ρ[i] }
        return g
    }
}
