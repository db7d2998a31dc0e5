import Foundation
import RecurrentLearning

/// One timed case, as printed in the table and the JSON report.
struct CaseResult: Codable, Sendable {
    var `case`: String
    var method: Method
    var n: Int
    var T: Int
    var medianMilliseconds: Double
    var minMilliseconds: Double
    var repetitions: Int
    var jaxMilliseconds: Double?
    /// Mean over runs of loss + Σ_k g_k (k mod 7 + 1): identical runs give
    /// identical checksums, and it keeps the optimiser from dropping the work.
    var checksum: Double

    /// ours / JAX (< 1: faster than JAX).
    var ratio: Double? { jaxMilliseconds.map { medianMilliseconds / $0 } }

    enum CodingKeys: String, CodingKey {
        case `case`, method, n, T, repetitions, checksum, ratio
        case medianMilliseconds = "median_ms", minMilliseconds = "min_ms", jaxMilliseconds = "jax_ms"
    }

    init(case name: String, method: Method, n: Int, T: Int, medianMilliseconds: Double,
         minMilliseconds: Double, repetitions: Int, jaxMilliseconds: Double?, checksum: Double) {
        self.case = name; self.method = method; self.n = n; self.T = T
        self.medianMilliseconds = medianMilliseconds; self.minMilliseconds = minMilliseconds
        self.repetitions = repetitions; self.jaxMilliseconds = jaxMilliseconds; self.checksum = checksum
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(case: try c.decode(String.self, forKey: .case), method: try c.decode(Method.self, forKey: .method),
                  n: try c.decode(Int.self, forKey: .n), T: try c.decode(Int.self, forKey: .T),
                  medianMilliseconds: try c.decode(Double.self, forKey: .medianMilliseconds),
                  minMilliseconds: try c.decode(Double.self, forKey: .minMilliseconds),
                  repetitions: try c.decode(Int.self, forKey: .repetitions),
                  jaxMilliseconds: try c.decodeIfPresent(Double.self, forKey: .jaxMilliseconds),
                  checksum: try c.decode(Double.self, forKey: .checksum))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.case, forKey: .case)
        try c.encode(method, forKey: .method)
        try c.encode(n, forKey: .n)
        try c.encode(T, forKey: .T)
        try c.encode(medianMilliseconds, forKey: .medianMilliseconds)
        try c.encode(minMilliseconds, forKey: .minMilliseconds)
        try c.encode(repetitions, forKey: .repetitions)
        try c.encode(jaxMilliseconds, forKey: .jaxMilliseconds)   // null when there is no reference
        try c.encode(ratio, forKey: .ratio)
        try c.encode(checksum, forKey: .checksum)
    }
}

struct BenchReport: Codable, Sendable {
    var seed: UInt64
    var quick: Bool
    var blasThreads: Int
    var cases: [CaseResult]

    enum CodingKeys: String, CodingKey {
        case seed, quick, cases
        case blasThreads = "blas_threads"
    }
}

enum Report {
    static let header = [
        pad("case", 10, left: true), pad("n", 6), pad("T", 6), pad("median ms", 11), pad("min ms", 11),
        pad("JAX ms", 9), pad("ours/JAX", 9),
    ].joined(separator: " ")

    static func row(_ r: CaseResult) -> String {
        [
            pad(r.method.rawValue, 10, left: true), pad("\(r.n)", 6), pad("\(r.T)", 6),
            pad(r.medianMilliseconds.fixed(3), 11), pad(r.minMilliseconds.fixed(3), 11),
            pad(r.jaxMilliseconds.map { $0.formatted(sig: 3) } ?? "—", 9),
            pad(r.ratio.map { $0.fixed(2) } ?? "—", 9),
        ].joined(separator: " ")
    }

    static func json(_ report: BenchReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    private static func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return left ? s + fill : fill + s
    }
}
