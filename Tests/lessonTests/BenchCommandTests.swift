import Foundation
import Testing

/// End-to-end: `bench --quick` as CI runs it (a debug build, so only that it
/// works and reports what it measured, never how fast).
@Suite("bench command, end to end", .serialized)
struct BenchCommandTests {
    static let bench = LessonProcess.builtProduct("bench")

    @Test("bench --quick measures every quick case, its roofline and the machine, and prints the seed")
    func quickTable() async throws {
        let result = try await LessonProcess.run(Self.bench, ["--quick", "--repetitions", "1"],
                                           in: try LessonProcess.temporaryFolder())
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("seed 2024"))
        #expect(result.stdout.contains("CPU: "))
        #expect(result.stdout.contains("limits measured beside the cases: dgemm"))
        for (method, n) in [("BPTT", 16), ("BPTT", 64), ("RTRL", 4), ("RTRL", 8), ("FP solve", 64), ("FP by solve", 64),
                            ("FP adjoint Δt=0.1", 64), ("FP adjoint Δt=1 ", 64)] {
            let row = result.stdout.split(separator: "\n").first { $0.hasPrefix(method) && $0.contains(" \(n) ") }
            #expect(row != nil, "no row for \(method) n = \(n)")
            #expect(row?.contains("—") == true, "without --jax there is no JAX time: \(row ?? "")")
        }
    }

    @Test("bench --quick --json: every case has positive times, a roofline, and a finite checksum")
    func quickJSON() async throws {
        let result = try await LessonProcess.run(Self.bench, ["--quick", "--repetitions", "1", "--json", "--only", "rtrl"],
                                           in: try LessonProcess.temporaryFolder())
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let cases = object?["cases"] as? [[String: Any]] ?? []
        #expect(cases.map { $0["case"] as? String } == ["rtrl-n4", "rtrl-n8"])
        for c in cases {
            let ours = c["ours"] as? [String: Double]
            #expect((ours?["median"] ?? 0) > 0)
            #expect((c["roofline"] as? Double ?? 0) > 0)
            #expect((c["dgemmGFLOPs"] as? Double ?? 0) > 0)
            #expect((c["checksum"] as? Double)?.isFinite == true)
            #expect(c["jax"] == nil, "no JAX time without --jax")
        }
        #expect((object?["machine"] as? [String: Any])?["kernels"] != nil)
    }

    @Test("bench --quick --only adjoint: the fixed-point cases count their passes over W, and the two Δt differ")
    func fixedPointJSON() async throws {
        let result = try await LessonProcess.run(Self.bench, ["--quick", "--repetitions", "1", "--json", "--only", "adjoint"],
                                           in: try LessonProcess.temporaryFolder())
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let cases = object?["cases"] as? [[String: Any]] ?? []
        #expect(cases.map { $0["case"] as? String } == ["fp-adjoint-dt0.1-n64", "fp-adjoint-dt1-n64"])
        let passes = cases.compactMap { $0["T"] as? Int }
        // Δt = 0.1 takes about ten times the steps of Δt = 1 (|1 + Δt λ| is near 1 − 0.06 against 0.4).
        #expect(passes.count == 2 && passes[0] > 5 * passes[1] && passes[1] > 20, "passes \(passes)")
        #expect(cases.allSatisfy { ($0["rooflineKind"] as? String) == "reads of W" })
    }

    @Test("bench --jax with a Python that does not exist stops with one line saying what to do")
    func missingPython() async throws {
        let result = try await LessonProcess.run(Self.bench, ["--quick", "--jax", "--python", "/nonexistent/python3"],
                                           in: try LessonProcess.temporaryFolder())
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("bench: cannot start /nonexistent/python3") == true,
                "stderr: \(result.stderr)")
        #expect(result.stderr.contains("Benchmarks/setup"))
    }

    @Test("bad options are usage errors (exit 64) that say what to do")
    func usageErrors() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let core = try await LessonProcess.run(Self.bench, ["--core", "4096"], in: folder)
        #expect(core.status == 64)
        #expect(core.stderr.contains("--core 4096 is not available here; choose one of"))
        let reps = try await LessonProcess.run(Self.bench, ["--repetitions", "0"], in: folder)
        #expect(reps.status == 64)
        #expect(reps.stderr.contains("--repetitions must be at least 1"))
        let none = try await LessonProcess.run(Self.bench, ["--only", "rtrl", "--n", "1024"], in: folder)
        #expect(none.status == 1)
        #expect(none.stderr.contains("no case matches"))
    }
}
