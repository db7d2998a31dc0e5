import Foundation

/// A dense real matrix stored column-major, as BLAS and LAPACK expect.
///
/// Element (i, j) lives at `elements[i + j * rows]`. `Matrix` is a value type:
/// copies are independent, and every operation returns a new matrix.
///
/// Shapes are written `rows × columns`. A shape mismatch is a programmer error
/// and stops with a precondition naming both shapes.
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    /// Column-major storage, `rows * columns` entries.
    public var elements: [Double]

    /// A `rows × columns` matrix with every entry equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix shape \(rows) × \(columns) is negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing column-major storage.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(elements.count == rows * columns,
                     "Matrix \(rows) × \(columns) needs \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from its rows, written as they read: `Matrix([[1, 2], [3, 4]])`.
    public init(_ rowArrays: [[Double]]) {
        let m = rowArrays.count
        let n = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == n }, "Matrix rows have different lengths")
        var storage = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { storage[i + j * m] = rowArrays[i][j] } }
        self.init(rows: m, columns: n, elements: storage)
    }

    /// A matrix whose entry (i, j) is `entry(i, j)`.
    public init(rows: Int, columns: Int, entry: (Int, Int) -> Double) {
        var storage = [Double](repeating: 0, count: rows * columns)
        for j in 0..<columns { for i in 0..<rows { storage[i + j * rows] = entry(i, j) } }
        self.init(rows: rows, columns: columns, elements: storage)
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> Matrix {
        diagonal([Double](repeating: 1, count: n))
    }

    /// The square matrix with `d` on its diagonal.
    public static func diagonal(_ d: [Double]) -> Matrix {
        var m = Matrix(rows: d.count, columns: d.count)
        for i in d.indices { m.elements[i + i * d.count] = d[i] }
        return m
    }

    public subscript(i: Int, j: Int) -> Double {
        get { elements[i + j * rows] }
        set { elements[i + j * rows] = newValue }
    }

    public var isSquare: Bool { rows == columns }

    /// Column `j` as a vector.
    public func column(_ j: Int) -> [Double] {
        Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// Row `i` as a vector.
    public func row(_ i: Int) -> [Double] {
        (0..<columns).map { self[i, $0] }
    }

    /// The transpose, `columns × rows`.
    public var transposed: Matrix {
        Matrix(rows: columns, columns: rows) { i, j in self[j, i] }
    }

    /// Largest absolute entry (0 for an empty matrix).
    public var maxAbs: Double { elements.reduce(0) { max($0, abs($1)) } }

    public var description: String {
        (0..<rows).map { i in
            (0..<columns).map { j in String(format: "%10.4g", self[i, j]) }.joined(separator: " ")
        }.joined(separator: "\n")
    }
}
