import Foundation
import HomeworkInterface
import Sandboxing
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The student's code, reached from a graded test through the call boundary.
///
/// The exercise files are compiled alone into the executable `homework-runner`; a graded
/// test never links them. `call` sends the arguments to that executable, running in the
/// sandbox (`Sandbox`: its own namespaces, no network, an unprivileged uid, none of our
/// files, limits on memory, processes, CPU and output), and reads the results back, so
/// every comparison is made here, in the test's own process, which student code cannot
/// touch. A crash, a hang, an early exit or an answer that is not a message is a
/// `StudentCallFailed` for that call, thrown into the test, which then fails saying so.
///
/// Each test gets executables of its own (nothing a call leaves in one can reach another
/// test), kept idle for its next call; one that failed is killed and never reused. Each
/// test has a budget of time for its calls, so that a test's loops into the student's code
/// end together at the budget. Its environment:
/// - `HOMEWORK_RUNNER`: the executable (default: `homework-runner` beside the test binary);
/// - `HOMEWORK_CALL_TIMEOUT`: seconds of calls a test may spend (default 10);
/// - `HOMEWORK_SANDBOX`: `required` (the grader's) refuses to call without namespaces.
public enum StudentCode {
    /// The functions of the test that the student's code may call back (e.g. the building
    /// blocks `trainRTRL` is given): a name and its arguments in, its results out, or nil
    /// for a name it does not know.
    public typealias Callbacks = (String, WireValues) throws -> [WireValue]?

    /// Calls `exercise` with `arguments` in the executable the environment names; its
    /// results, or rethrows what it threw.
    public static func call(
        _ exercise: String, _ arguments: [WireValue], callbacks: Callbacks = { _, _ in nil }
    ) throws -> WireValues {
        try configured.call(exercise, arguments, callbacks: callbacks)
    }

    static let configured = Executable(Configuration.fromEnvironment())

    /// A student executable, its idle processes and the time each test has spent in it.
    final class Executable: @unchecked Sendable {
        let configuration: Configuration
        private let lock = NSLock()
        /// Idle processes by test, the most recently used last.
        private var idle: [(test: String, process: RunnerProcess)] = []
        private var spent: [String: Double] = [:]
        /// Idle processes kept at most, of all tests.
        static let idleLimit = 8
        /// Callbacks one call may make (the course's training loop makes three an epoch),
        /// so that what a test records of them stays bounded.
        static let callbackLimit = 100_000

        init(_ configuration: Configuration) { self.configuration = configuration }

        func call(_ exercise: String, _ arguments: [WireValue], callbacks: Callbacks) throws -> WireValues {
            let test = Test.current.map { "\($0.id)" } ?? ""
            let left = configuration.callTimeout - lock.withLock { spent[test, default: 0] }
            guard left > 0 else {
                throw StudentCallFailed(exercise: exercise, reason: "was not called: this test has used up its \(configuration.callTimeout.formatted()) s of calls")
            }
            let started = Date()
            defer { lock.withLock { spent[test, default: 0] += Date().timeIntervalSince(started) } }
            let process = try take(exercise, for: test)
            guard process.channel.send(.call(exercise: exercise, arguments: arguments)) else {
                throw process.failure(exercise, .closed)
            }
            let deadline = started.addingTimeInterval(left)
            var callbacksMade = 0
            while true {
                let message: WireMessage
                do {
                    let left = max(1, Int(deadline.timeIntervalSinceNow * 1000))
                    message = try process.channel.receive(within: left)
                } catch {
                    throw process.failure(exercise, error)
                }
                switch message {
                case .returned(let values):
                    give(process, for: test)
                    return WireValues(values)
                case .threw(let error):
                    give(process, for: test)
                    throw error.error
                case let .callback(name, callbackArguments):
                    callbacksMade += 1
                    guard callbacksMade <= Self.callbackLimit else {
                        process.stop()
                        throw StudentCallFailed(exercise: exercise, reason: "called back more than \(Self.callbackLimit) times in one call")
                    }
                    let reply: WireMessage
                    do {
                        if let results = try callbacks(name, WireValues(callbackArguments)) {
                            reply = .returned(results)
                        } else {
                            reply = .threw(.other("\(exercise) has no function \(name) to call"))
                        }
                    } catch {
                        reply = .threw(ThrownError(error))
                    }
                    guard process.channel.send(reply) else { throw process.failure(exercise, .closed) }
                case .call:
                    throw process.failure(exercise, .malformed)
                }
            }
        }

        private func take(_ exercise: String, for test: String) throws -> RunnerProcess {
            while let process = lock.withLock({ () -> RunnerProcess? in
                guard let index = idle.lastIndex(where: { $0.test == test }) else { return nil }
                return idle.remove(at: index).process
            }) {
                if process.isRunning { return process }
                process.stop()
            }
            do {
                return try RunnerProcess(configuration)
            } catch {
                throw StudentCallFailed(exercise: exercise, reason: "could not be started: \(error)")
            }
        }

        private func give(_ process: RunnerProcess, for test: String) {
            let evicted = lock.withLock { () -> [RunnerProcess] in
                idle.append((test, process))
                let extra = max(0, idle.count - Self.idleLimit)
                defer { idle.removeFirst(extra) }
                return idle.prefix(extra).map(\.process)
            }
            evicted.forEach { $0.stop() }
        }
    }

    /// Reads a call's results, turning a mismatch (too few values, a wrong type) into a
    /// failure of the call that names the exercise.
    public static func decode<T>(_ exercise: String, _ read: () throws(WireMismatch) -> T) throws -> T {
        do {
            return try read()
        } catch {
            throw StudentCallFailed(exercise: exercise, reason: "returned something other than its results (\(error))")
        }
    }

    struct Configuration {
        var runner: URL
        var callTimeout: Double
        var requireNamespaces = false

        static func fromEnvironment() -> Configuration {
            let environment = ProcessInfo.processInfo.environment
            let runner = environment["HOMEWORK_RUNNER"].map(URL.init(fileURLWithPath:))
                ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                    .appendingPathComponent("homework-runner")
            let timeout = environment["HOMEWORK_CALL_TIMEOUT"].flatMap(Double.init).flatMap { $0 > 0 && $0 <= 86_400 ? $0 : nil }
            return Configuration(runner: runner, callTimeout: timeout ?? 10,
                                 requireNamespaces: environment["HOMEWORK_SANDBOX"] == "required")
        }
    }
}

/// A call into the student's code that gave no answer: what happened, in the words the
/// test's failure shows the student.
public struct StudentCallFailed: Error, CustomStringConvertible, Sendable {
    public let exercise: String
    public let reason: String

    public var description: String { "\(exercise) \(reason)" }
}
