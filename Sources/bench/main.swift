import ArgumentParser
import Foundation
import RecurrentLearning

/// `swift run -c release bench`: times the exact gradients of the rate
/// network (BPTT and RTRL) against JAX-jit reference medians.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time BPTT and exact RTRL gradients of a random rate network against JAX-jit references.",
        discussion: """
            Cases: BPTT at n = 16, 64, 256, 1024 and RTRL at n = 4, 8, 16, 32, T = 1000 steps, \
            one input, tanh, Float64, one BLAS thread. Each case is warmed up once, then timed \
            --repetitions times on a monotonic clock; the table gives the median and the minimum. \
            Build in release: swift run -c release bench.
            """)

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    @Option(help: "Timed runs per case, after one warm-up run (default: 21, or 3 with --quick).")
    var repetitions: Int?

    @Flag(help: "Smaller sizes (BPTT n = 16, 64; RTRL n = 4, 8) and T = 200: a smoke test.")
    var quick = false

    @Option(help: "Seed of every random draw (network, inputs, targets, initial state).")
    var seed: UInt64 = 2024

    @Option(help: "Only run the cases of this method.")
    var only: Method?

    @Option(name: .customLong("n"), help: "Only run the cases of this size (repeatable).")
    var sizes: [Int] = []

    func validate() throws {
        if let repetitions, repetitions < 1 { throw ValidationError("--repetitions must be at least 1") }
    }

    func run() throws {
        let reps = repetitions ?? (quick ? 3 : 21)
        let cases = BenchCase.cases(quick: quick).filter {
            (only == nil || $0.method == only) && (sizes.isEmpty || sizes.contains($0.units))
        }
        if !json {
            print("bench: seed \(seed), \(reps) repetitions after one warm-up, Float64, one BLAS thread\(quick ? ", quick" : "")")
            print(Report.header)
        }
        var results: [CaseResult] = []
        var total = 0.0
        for c in cases {
            let problem = c.problem(seed: seed)
            var checksum = 0.0
            let t = Timings.measure(repetitions: reps, checksum: &checksum) { c.run(problem) }
            let result = CaseResult(case: c.name, method: c.method, n: c.units, T: c.steps,
                                    medianMilliseconds: t.median, minMilliseconds: t.minimum,
                                    repetitions: reps, jaxMilliseconds: c.jaxMilliseconds,
                                    checksum: checksum / Double(reps + 1))
            total += result.checksum
            results.append(result)
            if !json { print(Report.row(result)) }
        }
        if json {
            print(try Report.json(BenchReport(seed: seed, quick: quick, blasThreads: 1, cases: results)))
        } else {
            print("checksum \(total.formatted(sig: 12)) (sum over cases of the mean per-run checksum of loss and gradient)")
        }
    }
}

Bench.main()
