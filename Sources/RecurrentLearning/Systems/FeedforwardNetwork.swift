/// A feedforward network as a dynamical system, as in the lecture: layer l relaxes to
/// the function of the layer below,
///
///     dr_l/dt = −r_l + f_l(W_l r_{l−1} + b_l),    l = 1 … L,   r_0 = x (the input),
///
/// state r = (r_1, …, r_L), n = Σ n_l. Parameters, in order: W_1 (n_1 × n_0,
/// column-major), b_1, W_2, b_2, …
///
/// Mathematical properties:
/// - Its only fixed point is the forward pass: r*_l = f_l(W_l r*_{l−1} + b_l).
/// - J = ∂F/∂r is block lower-triangular: −I on the diagonal, diag f_l′(u_l) W_l
///   below it (u_l = W_l r_{l−1} + b_l). Every eigenvalue is −1: r* is stable.
/// - v* = −(∂l/∂r*) J⁻¹ solves v_L = ∂l/∂r_L and v_l = ∂l/∂r_l + v_{l+1} diag f′_{l+1} W_{l+1}:
///   backpropagation's error signals, so the implicit gradient is backprop's.
public struct FeedforwardNetwork: DynamicalSystem {
    /// n_0 (the input), n_1, …, n_L.
    public let widths: [Int]
    public var activations: [Activation]
    public var weights: [Matrix]
    public var biases: [[Double]]

    public init(weights: [Matrix], biases: [[Double]], activations: [Activation]) {
        precondition(!weights.isEmpty && weights.count == biases.count && weights.count == activations.count,
                     "one weight matrix, bias and activation per layer")
        for l in 1..<max(weights.count, 1) where weights[l].columns != weights[l - 1].rows {
            preconditionFailure("layer \(l + 1) reads \(weights[l].columns) units, layer \(l) has \(weights[l - 1].rows)")
        }
        precondition(zip(weights, biases).allSatisfy { $0.rows == $1.count }, "each bias has one entry per unit of its layer")
        widths = [weights[0].columns] + weights.map(\.rows)
        self.weights = weights
        self.biases = biases
        self.activations = activations
    }

    /// Random layers of the given widths: W_l ~ N(0, 1/n_{l−1}), b_l ~ N(0, 0.1²).
    public init(widths: [Int], activations: [Activation], using rng: inout SeededGenerator) {
        precondition(widths.count >= 2 && activations.count == widths.count - 1, "widths n_0 … n_L and L activations")
        var weights: [Matrix] = [], biases: [[Double]] = []
        for l in 1..<widths.count {
            let normal = NormalDistribution(standardDeviation: 1 / Double(widths[l - 1]).squareRoot())
            weights.append(Matrix(rows: widths[l], columns: widths[l - 1], elements: normal.samples(widths[l] * widths[l - 1], using: &rng)))
            biases.append(NormalDistribution(standardDeviation: 0.1).samples(widths[l], using: &rng))
        }
        self.init(weights: weights, biases: biases, activations: activations)
    }

    public var layerCount: Int { weights.count }
    public var stateCount: Int { widths.dropFirst().reduce(0, +) }
    public var inputCount: Int { widths[0] }

    /// Where layer l (1-based) starts in the state vector.
    public func offset(layer l: Int) -> Int { widths[1..<l].reduce(0, +) }

    public var parameterNames: [String] {
        (1...layerCount).flatMap { l in
            let W = weights[l - 1]
            return (0..<W.columns).flatMap { j in (0..<W.rows).map { i in "W\(l)[\(i),\(j)]" } } + (0..<W.rows).map { "b\(l)[\($0)]" }
        }
    }

    public var parameters: [Double] {
        get { zip(weights, biases).flatMap { $0.elements + $1 } }
        set {
            precondition(newValue.count == parameterCount, "the network has \(parameterCount) parameters, got \(newValue.count)")
            var k = 0
            for l in 0..<layerCount {
                let count = weights[l].rows * weights[l].columns
                weights[l] = Matrix(rows: weights[l].rows, columns: weights[l].columns, elements: Array(newValue[k..<(k + count)]))
                k += count
                biases[l] = Array(newValue[k..<(k + weights[l].rows)])
                k += weights[l].rows
            }
        }
    }

    public var parameterCount: Int { zip(weights, biases).reduce(0) { $0 + $1.0.rows * $1.0.columns + $1.1.count } }

    /// The plain forward pass: r_1 … r_L from x.
    public func forward(_ x: [Double]) -> [[Double]] {
        var below = x, layers: [[Double]] = []
        for l in 0..<layerCount {
            let u = Vector.adding(weights[l] * below, biases[l])
            below = u.map(activations[l].value)
            layers.append(below)
        }
        return layers
    }

    /// The layer below layer l (1-based) in state r: x for l = 1.
    func below(_ l: Int, _ r: [Double], _ x: [Double]) -> [Double] {
        l == 1 ? x : Array(r[offset(layer: l - 1)..<offset(layer: l)])
    }

    /// u_l = W_l r_{l−1} + b_l.
    func preactivation(_ l: Int, _ r: [Double], _ x: [Double]) -> [Double] {
        Vector.adding(weights[l - 1] * below(l, r, x), biases[l - 1])
    }

    public func rate(_ r: [Double], input x: [Double]) -> [Double] {
        var F = [Double](repeating: 0, count: stateCount)
        for l in 1...layerCount {
            let u = preactivation(l, r, x), start = offset(layer: l)
            for i in u.indices { F[start + i] = -r[start + i] + activations[l - 1].value(u[i]) }
        }
        return F
    }

    public func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        let n = stateCount
        var J = Matrix(rows: n, columns: n)
        for i in 0..<n { J[i, i] = -1 }
        for l in stride(from: 2, through: layerCount, by: 1) {
            let u = preactivation(l, r, x), row = offset(layer: l), column = offset(layer: l - 1), W = weights[l - 1]
            for i in 0..<W.rows {
                let slope = activations[l - 1].derivative(u[i])
                for j in 0..<W.columns { J[row + i, column + j] = slope * W[i, j] }
            }
        }
        return J
    }

    public func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        var D = Matrix(rows: stateCount, columns: parameterCount)
        var k = 0
        for l in 1...layerCount {
            let u = preactivation(l, r, x), input = below(l, r, x), row = offset(layer: l), W = weights[l - 1]
            let slopes = u.map(activations[l - 1].derivative)
            for j in 0..<W.columns {
                for i in 0..<W.rows { D[row + i, k + i + j * W.rows] = slopes[i] * input[j] }
            }
            k += W.rows * W.columns
            for i in 0..<W.rows { D[row + i, k + i] = slopes[i] }
            k += W.rows
        }
        return D
    }
}
