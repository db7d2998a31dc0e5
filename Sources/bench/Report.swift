import Foundation
import RecurrentLearning

/// Median, minimum and maximum of repeated runs, in milliseconds.
struct Spread: Codable, Sendable {
    var median: Double
    var min: Double
    var max: Double

    init(_ t: Timings) {
        median = t.median
        min = t.milliseconds.min() ?? .nan
        max = t.milliseconds.max() ?? .nan
    }

    var text: String { "\(median.formatted(sig: 3)) (\(min.formatted(sig: 3))–\(max.formatted(sig: 3)))" }
}

/// One timed case, as printed in the table and the JSON report.
struct CaseResult: Codable, Sendable {
    var `case`: String
    /// The table's first column ("BPTT", "FP adjoint Δt=0.1", …).
    var label: String
    var method: Method
    var model: BenchModel
    var n: Int
    /// Steps T of a trajectory case; passes over W of a fixed-point case (evaluations of F and adjoint steps).
    var T: Int
    var ours: Spread
    /// JAX's times, measured alternately with ours; nil without `--jax`.
    var jax: Spread?
    /// ours / JAX of the medians (< 1: faster than JAX).
    var ratio: Double?
    /// Normwise relative difference between our gradient and JAX's.
    var jaxAgreement: Double?
    /// GFLOP/s of the counted flops (RTRL; the LU of the solve method), or GB/s of the reads of W (the others).
    var achieved: Double
    var achievedUnit: String
    /// The roofline time of the case's work at this machine's measured limits.
    var roofline: Double
    var rooflineKind: String
    /// roofline / median: 1 is the machine's limit.
    var fractionOfRoofline: Double
    /// Medians of the probes run beside this case: square dgemm (n = 512), and
    /// the read bandwidth of a buffer of `workingSetBytes` (BPTT only).
    var dgemmGFLOPs: Double
    var readGBs: Double?
    var workingSetBytes: Int
    /// Mean over runs of loss + Σ_k g_k (k mod 7 + 1): identical runs give
    /// identical checksums, and it keeps the optimiser from dropping the work.
    var checksum: Double
}

struct BenchReport: Codable, Sendable {
    var seed: UInt64
    var quick: Bool
    var repetitions: Int
    var machine: Machine
    var jax: JAXPeer.Info?
    var cases: [CaseResult]
}

enum Report {
    static func preamble(seed: UInt64, repetitions: Int, quick: Bool, machine: Machine,
                         jax: JAXPeer.Info?) -> [String] {
        let pinned = machine.core.map { "one thread pinned to core \($0)" } ?? "one thread, not pinned"
        let runs = jax == nil ? "\(repetitions) runs per case" : "\(repetitions) runs per case, ours and JAX's alternating,"
        var lines = [
            "bench: seed \(seed), \(runs) after a warm-up; Float64, \(pinned)\(quick ? ", quick" : "")",
            "CPU: \(machine.cpu); our kernels: \(machine.kernels)",
        ]
        if let jax { lines.append("JAX \(jax.jax) (jaxlib \(jax.jaxlib), numpy \(jax.numpy)), jit, XLA_FLAGS=\(jax.xla_flags)") }
        return lines
    }

    /// The machine's limits as the probes measured them beside each case.
    static func limits(_ results: [CaseResult]) -> String {
        let dgemm = Timings.median(of: results.map(\.dgemmGFLOPs))
        var reads: [Int: Double] = [:]
        for r in results { if let g = r.readGBs { reads[r.workingSetBytes] = g } }
        let list = reads.sorted { $0.key < $1.key }.map { "\(bytes($0.key)) \($0.value.formatted(sig: 3))" }
        return "limits measured beside the cases: dgemm (n = 512) \(dgemm.formatted(sig: 3)) GFLOP/s"
            + (list.isEmpty ? "" : "; read GB/s by buffer size: \(list.joined(separator: ", "))")
    }

    static let columns: [(String, Int)] = [
        ("case", 17), ("n", 5), ("T/passes", 8), ("ours ms (min–max)", 24), ("JAX ms (min–max)", 24), ("ours/JAX", 8),
        ("achieved", 13), ("roofline ms", 11), ("of roofline", 11),
    ]

    static var header: String { line(columns.map(\.0)) }

    static func row(_ r: CaseResult) -> String {
        line([
            r.label, "\(r.n)", "\(r.T)", r.ours.text, r.jax?.text ?? "—",
            r.ratio.map { $0.fixed(2) } ?? "—",
            "\(r.achieved.formatted(sig: 3)) \(r.achievedUnit)", r.roofline.formatted(sig: 3),
            "\((100 * r.fractionOfRoofline).fixed(0)) %",
        ])
    }

    /// The log–log slope of BPTT's time per step between n = 256 and 1024, per
    /// model: 2 for O(n²) a step, 3 if a dense n × n² ∂F/∂W crept in. W leaves
    /// L2 between the two sizes, so the slope is also given at equal bandwidth
    /// (the time times the read bandwidth of W's size, measured beside each case).
    static func growth(_ results: [CaseResult]) -> String? {
        var slopes: [String] = []
        for model in BenchModel.allCases {
            let bptt = results.filter { $0.method == .bptt && $0.model == model }
            guard let small = bptt.first(where: { $0.n == 256 }), let large = bptt.first(where: { $0.n == 1024 }),
                  let bandwidthSmall = small.readGBs, let bandwidthLarge = large.readGBs
            else { continue }
            let raw = log(large.ours.median / small.ours.median) / log(4)
            let equalBandwidth = log(large.ours.median * bandwidthLarge / (small.ours.median * bandwidthSmall)) / log(4)
            slopes.append("\(model.rawValue) \(raw.fixed(2)) (\(equalBandwidth.fixed(2)) at equal bandwidth)")
        }
        return slopes.isEmpty ? nil
            : "BPTT time per step ∝ n^s, n = 256 → 1024: s = \(slopes.joined(separator: ", ")); O(n²) a step is s = 2"
    }

    static let legend = """
        roofline: RTRL, the product (I + Δt J) p, 2n²m flops a step, at the dgemm rate; \
        BPTT, W read twice a step (16n² bytes) at the read bandwidth of a buffer of W's size, \
        plus the gradient Σ_t v_t (φ_t, x_t, 1)ᵀ, 2mT flops, at the dgemm rate. \
        FP (fixed point, 0 = −r + W tanh(r) + b, tolerance 1e-10): T/passes counts the reads of W, \
        one per evaluation of F in the relaxation (Δt = 1) and one per adjoint step vᵀJ, each at the \
        read bandwidth of W's size; "by solve" adds the LU of J, ⅔n³ flops, at the dgemm rate.
        """

    static func json(_ report: BenchReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    private static func line(_ cells: [String]) -> String {
        zip(cells, columns).enumerated().map { i, pair in
            let (cell, (_, width)) = pair
            let fill = String(repeating: " ", count: max(0, width - cell.count))
            return i == 0 || i == 3 || i == 4 ? cell + fill : fill + cell
        }.joined(separator: "  ")
    }

    static func bytes(_ b: Int) -> String {
        b >= 1 << 20 ? "\(b >> 20) MB" : b >= 1 << 10 ? "\(b >> 10) KB" : "\(b) B"
    }
}
