/// The weights of the rate models derived from spiking networks: W (n × n, from
/// unit j to unit i) and U (n × k, from input j to unit i), flattened as the
/// models' parameters in this order: W then U, each column-major.
public struct Connectivity: Sendable, Equatable {
    /// W.
    public var recurrent: Matrix
    /// U.
    public var input: Matrix

    public init(recurrent: Matrix, input: Matrix) {
        precondition(recurrent.isSquare, "W must be square, got \(recurrent.rows) × \(recurrent.columns)")
        precondition(input.rows == recurrent.rows, "U has \(input.rows) rows, W has \(recurrent.rows)")
        self.recurrent = recurrent
        self.input = input
    }

    /// n.
    public var units: Int { recurrent.rows }
    /// k.
    public var inputs: Int { input.columns }

    /// h = W r + U x, the summed input Σ_j W_ij r_j + Σ_j U_ij x_j of each unit.
    public func summedInput(_ r: [Double], _ x: [Double]) -> [Double] {
        Vector.adding(recurrent * r, input * x, scaledBy: 1)
    }

    public var parameterNames: [String] {
        let n = units, k = inputs
        var names: [String] = []
        for j in 0..<n { for i in 0..<n { names.append("W[\(i),\(j)]") } }
        for j in 0..<k { for i in 0..<n { names.append("U[\(i),\(j)]") } }
        return names
    }

    public var parameters: [Double] {
        get { recurrent.elements + input.elements }
        set {
            let n = units, k = inputs
            precondition(newValue.count == n * n + n * k, "W (\(n) × \(n)) and U (\(n) × \(k)) have \(n * n + n * k) entries, got \(newValue.count)")
            recurrent.elements = Array(newValue[0..<(n * n)])
            input.elements = Array(newValue[(n * n)...])
        }
    }

    /// ∂h_i/∂w for h = W r + U x, laid out as rows of an n × (n² + nk) matrix and
    /// scaled row by row: D[i, ·] = scale_i ∂h_i/∂w, i.e. D[i, W_ij] = scale_i r_j and
    /// D[i, U_ij] = scale_i x_j. Every model's ∂F/∂w is this with its own scale.
    public func summedInputJacobian(_ r: [Double], _ x: [Double], rowScale scale: [Double]) -> Matrix {
        let n = units, k = inputs
        var d = Matrix(rows: n, columns: n * n + n * k)
        for i in 0..<n {
            for j in 0..<n { d[i, i + j * n] = scale[i] * r[j] }
            for j in 0..<k { d[i, n * n + i + j * n] = scale[i] * x[j] }
        }
        return d
    }
}

/// A rate model whose parameters are its `Connectivity`: the (I, r) system and its
/// two reduced forms share the parameter layout, names and input count through this.
public protocol ConnectivityParameterized: DynamicalSystem {
    var connectivity: Connectivity { get set }
}

extension ConnectivityParameterized {
    public var inputCount: Int { connectivity.inputs }
    public var parameterNames: [String] { connectivity.parameterNames }
    public var parameters: [Double] {
        get { connectivity.parameters }
        set { connectivity.parameters = newValue }
    }
}
