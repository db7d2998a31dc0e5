/// The lecture's construction that turns a feedforward net into an energy model: the
/// squared residual of its layers,
///
///     E(r, x) = ½ Σ_l ‖e_l‖²,   e_l = r_l − f_l(u_l),   u_l = W_l r_{l−1} + b_l,   r_0 = x,
///
/// is zero exactly at the forward pass and positive elsewhere, and its descent
///
///     F_l = −∂E/∂r_l = −e_l + W_{l+1}ᵀ (f′_{l+1}(u_{l+1}) ∘ e_{l+1})       (no second term for l = L)
///
/// relaxes to the forward pass with the top-down term the plain feedforward dynamics
/// (`FeedforwardNetwork`) lack: J = −∂²E/∂r² is symmetric, so equilibrium propagation
/// applies. With g_l = f′_l(u_l), d_l = g_l ∘ e_l and c_l = f″_l(u_l) ∘ e_l − g_l ∘ g_l:
///
/// - J: diagonal blocks −I + W_{l+1}ᵀ diag(c_{l+1}) W_{l+1}, below them diag(g_l) W_l,
///   above them its transpose W_lᵀ diag(g_l).
/// - ∂F/∂(W_l)_ab: g_{l,a} r_{l−1,b} on unit a of layer l, and, for l ≥ 2,
///   δ_jb d_{l,a} + W_l[a, j] c_{l,a} r_{l−1,b} on unit j of layer l − 1; ∂F/∂(b_l)_a the
///   same with r_{l−1,b} = 1 and no δ term.
/// - ∂E/∂(W_l)_ab = −d_{l,a} r_{l−1,b}, ∂E/∂(b_l)_a = −d_{l,a}.
///
/// At the forward pass e = 0, so c_l = −g_l ∘ g_l and J = −AᵀA with A = ∂e/∂r unit lower
/// block-triangular: negative definite, the fixed point is stable. Parameters are the
/// network's, in its order (W_1 column-major, b_1, W_2, b_2, …).
public struct FeedforwardEnergyModel: EnergyModel {
    public var network: FeedforwardNetwork

    public init(_ network: FeedforwardNetwork) { self.network = network }

    public var stateCount: Int { network.stateCount }
    public var inputCount: Int { network.inputCount }
    public var parameterCount: Int { network.parameterCount }
    public var parameterNames: [String] { network.parameterNames }
    public var parameters: [Double] {
        get { network.parameters }
        set { network.parameters = newValue }
    }

    /// Per layer l = 1 … L: the layer below, W_l, g_l, d_l, c_l and e_l at (r, x).
    private struct Layer {
        var below: [Double], W: Matrix, g: [Double], d: [Double], c: [Double], e: [Double]
    }

    private func layers(_ r: [Double], _ x: [Double]) -> [Layer] {
        precondition(r.count == stateCount && x.count == inputCount,
                     "FeedforwardEnergyModel(n: \(stateCount), k: \(inputCount)) got r of \(r.count), x of \(x.count)")
        return (1...network.layerCount).map { l in
            let f = network.activations[l - 1], u = network.preactivation(l, r, x), start = network.offset(layer: l)
            let g = u.map(f.derivative), curvature = u.map(f.secondDerivative)
            let e = u.indices.map { r[start + $0] - f.value(u[$0]) }
            return Layer(below: network.below(l, r, x), W: network.weights[l - 1], g: g,
                         d: zip(g, e).map(*), c: u.indices.map { curvature[$0] * e[$0] - g[$0] * g[$0] }, e: e)
        }
    }

    public func energy(_ r: [Double], input x: [Double]) -> Double {
        0.5 * layers(r, x).reduce(0) { $0 + Vector.dot($1.e, $1.e) }
    }

    public func rate(_ r: [Double], input x: [Double]) -> [Double] {
        let layers = layers(r, x)
        var F = [Double](repeating: 0, count: stateCount)
        for l in 1...network.layerCount {
            let start = network.offset(layer: l), layer = layers[l - 1]
            let topDown = l < network.layerCount ? layers[l].d * layers[l].W : [Double](repeating: 0, count: layer.e.count)
            for i in layer.e.indices { F[start + i] = -layer.e[i] + topDown[i] }
        }
        return F
    }

    public func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        let layers = layers(r, x), L = network.layerCount
        var J = Matrix(rows: stateCount, columns: stateCount)
        for i in 0..<stateCount { J[i, i] = -1 }
        for l in 1...L {
            let layer = layers[l - 1], W = layer.W, row = network.offset(layer: l)
            if l >= 2 {                                         // diag(g_l) W_l below the diagonal, its transpose above
                let column = network.offset(layer: l - 1)
                for i in 0..<W.rows {
                    for j in 0..<W.columns {
                        J[row + i, column + j] = layer.g[i] * W[i, j]
                        J[column + j, row + i] = layer.g[i] * W[i, j]
                    }
                }
                for b in 0..<W.columns {                        // W_lᵀ diag(c_l) W_l on layer l − 1's diagonal block,
                    for a in 0...b {                            // one sum per pair: symmetric to the bit
                        var sum = 0.0
                        for i in 0..<W.rows { sum += W[i, a] * layer.c[i] * W[i, b] }
                        J[column + a, column + b] += sum
                        if a != b { J[column + b, column + a] += sum }
                    }
                }
            }
        }
        return J
    }

    public func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        let layers = layers(r, x)
        var D = Matrix(rows: stateCount, columns: parameterCount)
        var k = 0
        for l in 1...network.layerCount {
            let layer = layers[l - 1], W = layer.W, row = network.offset(layer: l)
            let column = l >= 2 ? network.offset(layer: l - 1) : nil
            for b in 0..<W.columns {
                for a in 0..<W.rows {
                    let p = k + a + b * W.rows
                    D[row + a, p] = layer.g[a] * layer.below[b]
                    if let column {
                        for j in 0..<W.columns { D[column + j, p] += W[a, j] * layer.c[a] * layer.below[b] }
                        D[column + b, p] += layer.d[a]
                    }
                }
            }
            k += W.rows * W.columns
            for a in 0..<W.rows {
                D[row + a, k + a] = layer.g[a]
                if let column { for j in 0..<W.columns { D[column + j, k + a] = W[a, j] * layer.c[a] } }
            }
            k += W.rows
        }
        return D
    }

    public func energyParameterGradient(_ r: [Double], input x: [Double]) -> [Double] {
        var gradient: [Double] = []
        for layer in layers(r, x) {
            for b in layer.below.indices { for a in layer.d.indices { gradient.append(-layer.d[a] * layer.below[b]) } }
            gradient += layer.d.map { -$0 }
        }
        return gradient
    }
}
