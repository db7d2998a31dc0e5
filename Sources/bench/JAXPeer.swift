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
    /// returns JAX's loss and gradient.
    func load(_ c: BenchCase, _ problem: TrajectoryProblem<RateNetwork, SquaredErrorLoss>) throws -> (loss: Double, gradient: [Double]) {
        let network = problem.system
        var data = network.weights.elements + network.inputWeights.elements + network.bias
        data += problem.initialState + problem.inputs.flatMap { $0 } + problem.loss.targets.map { $0[0] }
        let dataURL = folder.appendingPathComponent("\(c.name).f64")
        let gradientURL = folder.appendingPathComponent("\(c.name)-gradient.f64")
        try data.withUnsafeBytes { try Data($0).write(to: dataURL) }
        let request: [String: Any] = [
            "op": "load", "method": c.method.rawValue.lowercased(), "n": c.units, "k": c.inputs,
            "T": c.steps, "dt": problem.timeStep, "tau": network.timeConstant,
            "data": dataURL.path, "gradient": gradientURL.path,
        ]
        let answer = try JSONSerialization.jsonObject(with: ask(request)) as? [String: Any] ?? [:]
        guard let loss = answer["loss"] as? Double else { throw BenchError("JAX gave no loss for \(c.name)") }
        let bytes = try Data(contentsOf: gradientURL)
        guard bytes.count == 8 * network.parameterCount else {
            throw BenchError("JAX wrote \(bytes.count / 8) gradient components for \(c.name), expected \(network.parameterCount)")
        }
        let gradient = bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        return (loss, gradient)
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
