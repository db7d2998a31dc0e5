import Foundation
import RecurrentLearning

/// The JAX reference suite (`Benchmarks/jax_reference.py`) as a child process:
/// bench sends it each case's data, it answers with its gradient (checked
/// against ours before anything is timed) and, on request, the time of one run.
///
/// The child runs on bench's core (it is told the core and pins itself), and
/// bench asks for one JAX run between two of its own, so both sides see the
/// same machine at the same moment: the ratio is measured, never typed in.
final class JAXPeer {
    struct Info: Codable, Sendable {
        var jax: String
        var jaxlib: String
        var numpy: String
        var xla_flags: String
    }

    private let process = Process()
    private let input: FileHandle
    private let output: FileHandle
    private var buffered = Data()
    private let folder: URL
    let info: Info

    /// Starts `python script` and asks for its versions.
    init(python: String, script: URL, core: Int?) throws {
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw BenchError("the JAX reference suite is missing at \(script.path)")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-jax-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path] + (core.map { ["--core", "\($0)"] } ?? [])
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        do { try process.run() } catch {
            throw BenchError("cannot start \(python): \(error.localizedDescription); set up JAX with Benchmarks/setup or pass --python")
        }
        let answer = try Self.exchange(["op": "info"], input: input, output: output, buffered: &buffered,
                                       python: python)
        info = try JSONDecoder().decode(Info.self, from: answer)
    }

    deinit {
        try? input.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Loads a case: writes its data, lets JAX compile and run it once, and
    /// returns JAX's loss, its output (gradient, or r*) and the passes over W it counted.
    func load(_ c: BenchCase, _ request: JAXRequest) throws -> RunOutput {
        let dataURL = folder.appendingPathComponent("\(c.name).f64")
        let outputURL = folder.appendingPathComponent("\(c.name)-output.f64")
        try request.data.withUnsafeBytes { try Data($0).write(to: dataURL) }
        var fields = request.fields
        fields["op"] = "load"
        fields["data"] = dataURL.path
        fields["gradient"] = outputURL.path
        let answer = try JSONSerialization.jsonObject(with: ask(fields)) as? [String: Any] ?? [:]
        guard let loss = answer["loss"] as? Double else { throw BenchError("JAX gave no loss for \(c.name)") }
        let bytes = try Data(contentsOf: outputURL)
        guard bytes.count == 8 * request.outputCount else {
            throw BenchError("JAX wrote \(bytes.count / 8) numbers for \(c.name), expected \(request.outputCount)")
        }
        let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        var passes = 0
        if let iterations = answer["iterations"] as? Int {      // the fixed-point cases count theirs
            passes = iterations + 1 + (c.method == .adjoint ? (answer["steps"] as? Int ?? 0) + 1 : 0)
        }
        return RunOutput(loss: loss, values: values, passes: passes)
    }

    /// One timed run of the loaded case, in milliseconds (timed inside JAX's process).
    func time() throws -> Double {
        let answer = try JSONSerialization.jsonObject(with: ask(["op": "time"])) as? [String: Any] ?? [:]
        guard let ms = answer["ms"] as? Double else { throw BenchError("JAX gave no time") }
        return ms
    }

    private func ask(_ request: [String: Any]) throws -> Data {
        try Self.exchange(request, input: input, output: output, buffered: &buffered,
                          python: process.executableURL?.path ?? "python")
    }

    /// Sends one JSON line, reads one back; an {"error": …} answer becomes a thrown error.
    private static func exchange(_ request: [String: Any], input: FileHandle, output: FileHandle,
                                 buffered: inout Data, python: String) throws -> Data {
        var line = try JSONSerialization.data(withJSONObject: request)
        line.append(0x0A)
        do { try input.write(contentsOf: line) } catch {
            throw BenchError("the JAX process (\(python)) stopped; is JAX installed? Run Benchmarks/setup")
        }
        while !buffered.contains(0x0A) {
            let chunk = output.availableData            // what the pipe holds; empty at end of file
            guard !chunk.isEmpty else {
                throw BenchError("the JAX process (\(python)) stopped; is JAX installed? Run Benchmarks/setup")
            }
            buffered.append(chunk)
        }
        let end = buffered.firstIndex(of: 0x0A)!
        let answer = buffered[buffered.startIndex..<end]
        buffered = Data(buffered[buffered.index(after: end)...])
        if let object = try? JSONSerialization.jsonObject(with: answer) as? [String: Any],
           let error = object["error"] as? String {
            throw BenchError("JAX: \(error)")
        }
        return Data(answer)
    }
}

/// One case as the JAX suite takes it: the request's fields (method, sizes,
/// steps), the Float64 numbers it reads from a file, and how many it writes back.
struct JAXRequest {
    var fields: [String: Any]
    var data: [Double]
    var outputCount: Int
}

extension JAXRequest {
    /// A trajectory case of the rate network: W, U, b, r₀, the inputs (step-major) and the targets.
    init(_ c: BenchCase, trajectory problem: TrajectoryProblem<RateNetwork, SquaredErrorLoss>) {
        let network = problem.system
        data = network.weights.elements + network.inputWeights.elements + network.bias
            + problem.initialState + problem.inputs.flatMap { $0 } + problem.loss.targets.map { $0[0] }
        fields = ["method": c.method.rawValue.lowercased(), "n": c.units, "k": c.inputs, "T": c.steps,
                  "dt": problem.timeStep, "tau": network.timeConstant]
        outputCount = network.parameterCount
    }
}
