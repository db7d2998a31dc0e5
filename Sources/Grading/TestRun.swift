import Foundation
import Sandboxing

/// What happened to one graded test, run alone in its own process.
public struct TestOutcome: Sendable, Equatable {
    public enum Status: String, Sendable {
        case passed
        case failed
        /// The process died during the test (a trap, a signal).
        case crashed
        /// The process left during the test without finishing it (e.g. `exit(0)`).
        case exited
        case timedOut
        /// Not run: the submission did not compile, or the test is missing from the build.
        case notRun
    }

    public let status: Status
    /// What the student may read: failure messages, the crash's last lines, or why.
    public let detail: String
    public let seconds: Double

    public var passed: Bool { status == .passed }
}

extension TestOutcome.Status {
    /// How reports name the status.
    public var label: String {
        switch self {
        case .passed: "passed"
        case .failed: "failed"
        case .crashed: "crashed"
        case .exited: "exited early"
        case .timedOut: "timed out"
        case .notRun: "not run"
        }
    }
}

/// Runs a graded test binary for one test and reads its event stream.
///
/// A test passes only on an explicit record: the event stream holds `testStarted` and
/// `testEnded` for exactly this test with no failing issue, the run reached `runEnded`,
/// and the process exited with status 0. Everything else (a crash, `exit(0)` in the
/// middle of the test, a kill at the deadline, a filter that matched nothing) fails.
enum TestRun {
    static func run(
        binary: URL, filter: String, eventPrefix: String,
        scratch: URL, timeout: Double, environment: [String: String] = [:]
    ) -> TestOutcome {
        let events = scratch.appendingPathComponent("events.jsonl")
        let output = scratch.appendingPathComponent("output.txt")
        try? FileManager.default.removeItem(at: events)
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(
                binary.path,
                ["--testing-library", "swift-testing", "--filter", filter,
                 "--event-stream-output-path", events.path],
                directory: scratch,
                environment: environment.merging(
                    ["SWIFT_BACKTRACE": "enable=no", "OPENBLAS_NUM_THREADS": "1", "NO_COLOR": "1"]) { $1 },
                output: output, timeout: Self.processTimeout(forCalls: timeout))
        } catch {
            return TestOutcome(status: .notRun, detail: "\(error)", seconds: 0)
        }
        let record = EventRecord(jsonLines: (try? FileTree.read(events)) ?? "", prefix: eventPrefix + "/")
        let log = (try? FileTree.read(output)) ?? ""
        return classify(record: record, termination: outcome.termination, log: log,
                        timeout: Self.processTimeout(forCalls: timeout), seconds: outcome.seconds)
    }

    /// A test whose call into the student's code does not return fails at the call's
    /// timeout, saying so; the test's process itself is killed only if it is still running
    /// well after that (several calls that each ran long).
    static func processTimeout(forCalls timeout: Double) -> Double { 2 * timeout + 5 }

    static func classify(
        record: EventRecord, termination: ChildProcess.Termination, log: String,
        timeout: Double, seconds: Double
    ) -> TestOutcome {
        func outcome(_ status: TestOutcome.Status, _ detail: String) -> TestOutcome {
            TestOutcome(status: status, detail: detail, seconds: seconds)
        }
        if termination == .interrupted {
            return outcome(.notRun, "not run: grading was interrupted before this test finished")
        }
        if termination == .timedOut {
            return outcome(.timedOut, "stopped after \(timeout.formatted()) s without finishing: look for a loop that never ends")
        }
        if termination == .exited(69) && !record.started {
            return outcome(.notRun, "the test is not in the build (the instructor's manifest names a test that does not exist)")
        }
        if !record.failures.isEmpty {
            return outcome(.failed, record.failures.joined(separator: "\n"))
        }
        if record.started && record.ended && record.runEnded && termination == .exited(0) {
            return outcome(.passed, "")
        }
        switch termination {
        case .signaled(let signal):
            return outcome(.crashed, "crashed (\(signalDescription(signal))) during the test" + tail(of: log))
        case .exited(let code) where record.started && !record.ended:
            return outcome(.exited, "the process exited with status \(code) in the middle of the test (does the code call exit?); a test passes only when it finishes")
        default:
            return outcome(.failed, "no pass record for this test (process \(termination))" + tail(of: log))
        }
    }

    /// The last lines a crash printed, without the test library's own chatter.
    static func tail(of log: String, lines count: Int = 8) -> String {
        let lines = log.components(separatedBy: "\n").filter { line in
            !line.isEmpty && !line.contains("Test run started") && !line.contains("Testing Library Version")
                && !line.contains("Target Platform") && !line.hasPrefix("◇") && !line.hasPrefix("􀟈")
        }
        guard !lines.isEmpty else { return "" }
        return ":\n" + lines.suffix(count).joined(separator: "\n")
    }
}

/// The events of one test in a Swift Testing JSON-lines event stream.
struct EventRecord: Equatable {
    var started = false
    var ended = false
    var runEnded = false
    /// The text of each failing issue: the expectation and the test's own message.
    var failures: [String] = []

    init(jsonLines: String, prefix: String) {
        for line in jsonLines.split(separator: "\n") {
            guard let data = line.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  object["kind"] as? String == "event",
                  let payload = object["payload"] as? [String: Any],
                  let kind = payload["kind"] as? String
            else { continue }
            if kind == "runEnded" { runEnded = true; continue }
            guard let id = payload["testID"] as? String, id.hasPrefix(prefix) else { continue }
            switch kind {
            case "testStarted": started = true
            case "testEnded": ended = true
            case "issueRecorded":
                let issue = payload["issue"] as? [String: Any]
                guard issue?["isFailure"] as? Bool ?? true, !(issue?["isKnown"] as? Bool ?? false) else { continue }
                let messages = (payload["messages"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
                failures.append(messages.joined(separator: "\n"))
            default: break
            }
        }
    }
}
