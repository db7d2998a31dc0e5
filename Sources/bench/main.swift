import ArgumentParser
import Foundation
import RecurrentLearning
#if canImport(Glibc)
import Glibc
#endif

/// `swift run -c release bench [--jax]`: times the exact gradients of the rate
/// network (BPTT and RTRL), side by side with JAX when asked, against this
/// machine's measured limits.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time BPTT, exact RTRL and fixed-point gradients of a random rate network, beside JAX-jit and the machine's roofline.",
        discussion: """
            Cases: BPTT at n = 16, 64, 256, 1024 and RTRL at n = 4, 8, 16, 32, T = 1000 steps, \
            one input, tanh; and at a fixed point 0 = −r + W tanh(r) + b, n = 64, 256, 1024: the \
            relaxation solve, the implicit gradient by one LU, and by the adjoint ODE at Δt = 0.1 \
            and 1. Float64, one thread pinned to one core. Bench first measures the \
            core's dgemm rate and read bandwidth; each case is warmed up, then timed \
            --repetitions times on a monotonic clock. With --jax the JAX reference suite \
            (Benchmarks/jax_reference.py) runs on the same core, its gradient is checked against \
            ours, and its runs alternate with ours, so the ratio is measured in this run. \
            Build in release: swift run -c release bench --jax.
            """)

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    @Option(help: "Timed runs per case, after a warm-up (default: 21, or 3 with --quick).")
    var repetitions: Int?

    @Flag(help: "Smaller sizes (BPTT n = 16, 64; RTRL n = 4, 8; fixed point n = 64) and T = 200: a smoke test.")
    var quick = false

    @Option(help: "Seed of every random draw (network, inputs, targets, initial state).")
    var seed: UInt64 = 2024

    @Option(help: "Only run the cases of this method.")
    var only: Method?

    @Option(help: "Only run the cases of this model: rate, current (form), spiking.")
    var model: BenchModel?

    @Option(name: .customLong("n"), help: "Only run the cases of this size (repeatable).")
    var sizes: [Int] = []

    @Flag(help: "Run the JAX reference suite side by side (needs Benchmarks/setup once).")
    var jax = false

    @Option(help: "Python with JAX (default: Benchmarks/.venv/bin/python3 if it exists, else python3).")
    var python: String?

    @Option(help: "The core to pin bench (and JAX) to (default: the last core this process may use).")
    var core: Int?

    func validate() throws {
        if let repetitions, repetitions < 1 { throw ValidationError("--repetitions must be at least 1") }
        if let core, let allowed = Machine.allowedCores(), !allowed.contains(core) {
            throw ValidationError("--core \(core) is not available here; choose one of \(allowed.map(String.init).joined(separator: ", "))")
        }
        if sizes.contains(where: { $0 < 1 }) { throw ValidationError("--n must be a positive size") }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)   // a JAX process that dies must not kill bench mid-write
        do { try benchmark() } catch let error as BenchError {
            FileHandle.standardError.write(Data("bench: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func benchmark() throws {
        let reps = repetitions ?? (quick ? 3 : 21)
        let cases = BenchCase.cases(quick: quick).filter {
            (only == nil || $0.method == only) && (model == nil || $0.model == model)
                && (sizes.isEmpty || sizes.contains($0.units))
        }
        if cases.isEmpty {
            throw BenchError("no case matches --only/--model/--n; the rate network has BPTT at 16, 64, 256, 1024 and RTRL at 4, 8, 16, 32, the current and spiking models BPTT at 64, 256, 1024, the fixed-point methods (solve, by-solve, adjoint) 64, 256, 1024")
        }
        let chosenCore = core ?? Machine.allowedCores()?.last
        let pinned = try chosenCore.map { try Machine.pin(to: $0) } ?? false
        let machine = Machine.describe(core: pinned ? chosenCore : nil)
        let peer = jax ? try JAXPeer(python: pythonPath, script: Self.packageRoot.appendingPathComponent("Benchmarks/jax_reference.py"),
                                     core: machine.core) : nil
        if !json {
            Report.preamble(seed: seed, repetitions: reps, quick: quick, machine: machine, jax: peer?.info)
                .forEach { print($0) }
            print(Report.header)
        }
        var results: [CaseResult] = []
        var total = 0.0
        for c in cases {
            let result = try measure(c, repetitions: reps, peer: peer)
            total += result.checksum
            results.append(result)
            if !json { print(Report.row(result)) }
        }
        if json {
            print(try Report.json(BenchReport(seed: seed, quick: quick, repetitions: reps, machine: machine,
                                              jax: peer?.info, cases: results)))
        } else {
            print(Report.limits(results))
            if let growth = Report.growth(results) { print(growth) }
            print(Report.legend)
            print("checksum \(total.formatted(sig: 12)) (sum over cases of the mean per-run checksum of loss and gradient)")
        }
    }

    /// Warm-up, the check against JAX, then `repetitions` rounds: one run of
    /// ours and one of JAX (ours first in even rounds, JAX first in odd ones),
    /// then the roofline probes.
    private func measure(_ c: BenchCase, repetitions: Int, peer: JAXPeer?) throws -> CaseResult {
        let timed = c.timedRun(seed: seed)
        let clock = ContinuousClock()
        let reference = try compute(c, timed)                          // our warm-up
        var agreement: Double?
        let peer = timed.jax == nil ? nil : peer                        // JAX implements the rate network only
        if let peer, let request = timed.jax {
            let theirs = try peer.load(c, request)                      // JAX compiles and runs once
            let a = Agreement(reference.values, theirs.values)
            guard a.holds(within: 1e-8), abs(reference.loss - theirs.loss) <= 1e-10 * abs(theirs.loss) else {
                throw BenchError("\(c.name): our result and JAX's differ (\(a)); loss \(reference.loss) vs \(theirs.loss)")
            }
            // The same algorithm on both sides: the same passes over W, up to one
            // iteration where rounding puts a residual on the other side of the tolerance.
            guard abs(reference.passes - theirs.passes) <= 1 else {
                throw BenchError("\(c.name): we made \(reference.passes) passes over W and JAX \(theirs.passes); the algorithms differ")
            }
            agreement = a.relativeError
        }
        let work = c.work(passes: reference.passes)
        let probe = RooflineProbe(work: work)
        var ours: [Double] = [], theirs: [Double] = []
        var checksum = 0.0
        for round in 0..<repetitions {
            if round % 2 == 1, let peer { theirs.append(try peer.time()) }
            var value = 0.0
            ours.append(try clock.measure { value = try timed.run() }.milliseconds)
            checksum += value
            if round % 2 == 0, let peer { theirs.append(try peer.time()) }
            probe.measureOnce()
        }
        let spread = Spread(Timings(milliseconds: ours))
        let jaxSpread = peer == nil ? nil : Spread(Timings(milliseconds: theirs))
        let bound = Timings.median(of: probe.bounds)
        let computeBound = c.method == .rtrl || c.method == .bySolve
        let achieved = computeBound ? work.flops / (spread.median * 1e6) : work.bytes / (spread.median * 1e6)
        return CaseResult(case: c.name, label: c.label, method: c.method, model: c.model, n: c.units,
                          T: c.method.isFixedPoint ? reference.passes : c.steps, ours: spread, jax: jaxSpread,
                          ratio: jaxSpread.map { spread.median / $0.median }, jaxAgreement: agreement,
                          achieved: achieved, achievedUnit: computeBound ? "GFLOP/s" : "GB/s",
                          roofline: bound, rooflineKind: probe.kind, fractionOfRoofline: bound / spread.median,
                          dgemmGFLOPs: Timings.median(of: probe.dgemmRates),
                          readGBs: probe.readRates.isEmpty ? nil : Timings.median(of: probe.readRates),
                          workingSetBytes: work.workingSet,
                          checksum: checksum / Double(repetitions))
    }

    /// One run of a case; a fixed-point solve that fails stops bench with its numbers.
    private func compute(_ c: BenchCase, _ timed: TimedRun) throws -> RunOutput {
        do { return try timed.compute() } catch let error as FixedPointError {
            throw BenchError("\(c.name): \(error)")
        }
    }

    /// The package's folder, from this file's place in it (Sources/bench/main.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    private var pythonPath: String {
        if let python { return python }
        let venv = Self.packageRoot.appendingPathComponent("Benchmarks/.venv/bin/python3").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        let path = ProcessInfo.processInfo.environment["PATH", default: "/usr/bin:/bin"]
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/python3") {
            return "\(folder)/python3"
        }
        return "/usr/bin/python3"
    }
}

/// OpenBLAS starts its worker threads when it loads, before `main` could
/// tell it to use one; idle, they still spin in sched_yield now and then, on
/// any core. Bench restarts itself once with OPENBLAS_NUM_THREADS=1, so that
/// no thread but its own runs, and none on the pinned core.
func restartWithOneBLASThread() {
    #if os(Linux)
    guard ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] != "1" else { return }
    setenv("OPENBLAS_NUM_THREADS", "1", 1)
    let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
    execv("/proc/self/exe", arguments)   // returns only if it failed: then go on as we are
    #endif
}

restartWithOneBLASThread()
Bench.main()
