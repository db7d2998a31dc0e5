/// The Hopfield dynamics with a coupling matrix that need not be symmetric,
///
///     F(r, x) = −r + ρ′(r) ∘ (M ρ(r) + b + U x),     M = W + ε A,
///
/// made from a `HopfieldNetwork` (its symmetric W, U, b, ρ) and a direction A: at ε = 0 it
/// is that network's F, for ε ≠ 0 and A not symmetric it has no energy (J = −I + diag(ρ″ ∘ h) +
/// diag(ρ′) M diag(ρ′) is not symmetric) and equilibrium propagation's estimate is biased.
/// Every entry of M is a parameter, so its gradient can be compared with EqProp's at any ε.
///
/// Parameters, in order: M column-major (n²), U column-major, b.
public struct SkewedHopfieldNetwork: DynamicalSystem {
    public var couplings: Matrix
    public var inputWeights: Matrix
    public var bias: [Double]
    public var activation: Activation

    /// M = W + ε A from `network`'s W; U, b and ρ are the network's.
    public init(_ network: HopfieldNetwork, skew A: Matrix, by ε: Double) {
        precondition(A.rows == network.stateCount && A.isSquare, "A must be \(network.stateCount) × \(network.stateCount)")
        couplings = network.weights + ε * A
        inputWeights = network.inputWeights
        bias = network.bias
        activation = network.activation
    }

    public var stateCount: Int { bias.count }
    public var inputCount: Int { inputWeights.columns }
    public var parameterCount: Int { couplings.elements.count + inputWeights.elements.count + bias.count }

    public var parameterNames: [String] {
        let n = stateCount, k = inputCount
        return (0..<n).flatMap { b in (0..<n).map { a in "M[\(a),\(b)]" } }
            + (0..<k).flatMap { c in (0..<n).map { i in "U[\(i),\(c)]" } } + (0..<n).map { "b[\($0)]" }
    }

    public var parameters: [Double] {
        get { couplings.elements + inputWeights.elements + bias }
        set {
            precondition(newValue.count == parameterCount, "the network has \(parameterCount) parameters, got \(newValue.count)")
            let m = couplings.elements.count, u = inputWeights.elements.count
            couplings = Matrix(rows: stateCount, columns: stateCount, elements: Array(newValue[0..<m]))
            inputWeights = Matrix(rows: inputWeights.rows, columns: inputWeights.columns, elements: Array(newValue[m..<(m + u)]))
            bias = Array(newValue[(m + u)...])
        }
    }

    private func drive(_ ρ: [Double], _ x: [Double]) -> [Double] {
        Vector.adding(Vector.adding(couplings * ρ, bias), inputWeights * x)
    }

    public func rate(_ r: [Double], input x: [Double]) -> [Double] {
        precondition(r.count == stateCount && x.count == inputCount,
                     "SkewedHopfieldNetwork(n: \(stateCount), k: \(inputCount)) got r of \(r.count), x of \(x.count)")
        let h = drive(r.map(activation.value), x)
        return (0..<stateCount).map { i in -r[i] + activation.derivative(r[i]) * h[i] }
    }

    public func stateJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        let n = stateCount, h = drive(r.map(activation.value), x), slope = r.map(activation.derivative)
        var J = Matrix(rows: n, columns: n)
        for b in 0..<n {
            for a in 0..<n { J[a, b] = slope[a] * couplings[a, b] * slope[b] }
            J[b, b] += activation.secondDerivative(r[b]) * h[b] - 1
        }
        return J
    }

    public func parameterJacobian(_ r: [Double], input x: [Double]) -> Matrix {
        let n = stateCount, k = inputCount, ρ = r.map(activation.value), slope = r.map(activation.derivative)
        var D = Matrix(rows: n, columns: parameterCount)
        for b in 0..<n { for a in 0..<n { D[a, a + b * n] = slope[a] * ρ[b] } }
        for c in 0..<k { for i in 0..<n { D[i, n * n + i + c * n] = slope[i] * x[c] } }
        for i in 0..<n { D[i, n * n + n * k + i] = slope[i] }
        return D
    }
}
