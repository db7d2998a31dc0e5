import Foundation
import Sandboxing

/// What happened to one graded test.
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

/// Runs the graded test binary for a submission's tests and reads its event stream.
///
/// The tests run together in one process: it runs no student code (every call into it
/// goes to the sandboxed executable, under a time budget per test; see `StudentCode`),
/// so neither its verdicts nor its survival depend on the student. A test passes only on
/// an explicit record: the event stream holds `testStarted` and `testEnded` for exactly
/// this test, with no failing issue between them. A test the run did
/// not finish (the process killed at its deadline, crashed or interrupted) fails saying
/// so; the tests that ended before keep their verdicts.
enum TestRun {
    struct Selection {
        /// The anchored filter selecting the test.
        let filter: String
        /// The ID prefix its events carry.
        let eventPrefix: String
    }

    /// Runs `tests` in one process, with `timeout` seconds of calls into the student's code
    /// per test; the outcomes in the order given.
    static func run(
        binary: URL, tests: [Selection], scratch: URL, timeout: Double, environment: [String: String] = [:]
    ) -> [TestOutcome] {
        let events = scratch.appendingPathComponent("events.jsonl")
        let output = scratch.appendingPathComponent("output.txt")
        try? FileManager.default.removeItem(at: events)
        let outcome: ChildProcess.Outcome
        let limit = processTimeout(forCalls: timeout, tests: tests.count)
        do {
            outcome = try ChildProcess.run(
                binary.path,
                ["--testing-library", "swift-testing", "--event-stream-output-path", events.path]
                    + tests.flatMap { ["--filter", $0.filter] },
                directory: scratch,
                environment: environment.merging(
                    ["SWIFT_BACKTRACE": "enable=no", "OPENBLAS_NUM_THREADS": "1", "NO_COLOR": "1",
                     "HOMEWORK_CALL_TIMEOUT": "\(timeout)"]) { $1 },
                output: output, timeout: limit)
        } catch {
            return tests.map { _ in TestOutcome(status: .notRun, detail: "\(error)", seconds: 0) }
        }
        let stream = (try? FileTree.read(events)) ?? ""
        let log = (try? FileTree.read(output)) ?? ""
        return tests.map { test in
            let record = EventRecord(jsonLines: stream, prefix: test.eventPrefix + "/")
            return classify(record: record, termination: outcome.termination, log: log, timeout: limit,
                            seconds: record.seconds ?? 0)
        }
    }

    /// The test process is killed only well after every test could have spent its whole
    /// budget of calls one after the other (a backstop: each call stops at the budget).
    static func processTimeout(forCalls timeout: Double, tests: Int) -> Double { Double(max(1, tests)) * timeout + 60 }

    static func classify(
        record: EventRecord, termination: ChildProcess.Termination, log: String,
        timeout: Double, seconds: Double
    ) -> TestOutcome {
        func outcome(_ status: TestOutcome.Status, _ detail: String) -> TestOutcome {
            TestOutcome(status: status, detail: detail, seconds: seconds)
        }
        // The process runs no student code, so a test that ended has its every issue
        // recorded before its end, whatever happened to the run afterwards.
        if record.started && record.ended {
            return record.failures.isEmpty ? outcome(.passed, "") : outcome(.failed, record.failures.joined(separator: "\n"))
        }
        if termination == .interrupted {
            return outcome(.notRun, "not run: grading was interrupted before this test finished")
        }
        if termination == .timedOut {
            return outcome(.timedOut, "the tests were stopped after \(timeout.formatted()) s before this one finished")
        }
        if termination == .exited(69) && !record.started {
            return outcome(.notRun, "the test is not in the build (the instructor's manifest names a test that does not exist)")
        }
        if !record.failures.isEmpty {
            return outcome(.failed, record.failures.joined(separator: "\n"))
        }
        switch termination {
        case .signaled(let signal):
            return outcome(.crashed, "crashed (\(signalDescription(signal))) during the test" + tail(of: log))
        case .exited(let code) where record.started && !record.ended:
            return outcome(.exited, "the test process exited with status \(code) in the middle of the test; a test passes only when it finishes")
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
    /// Seconds from the test's start to its end, by the events' clock.
    var seconds: Double? { start.flatMap { s in end.map { $0 - s } } }
    private var start: Double?
    private var end: Double?

    static func == (a: EventRecord, b: EventRecord) -> Bool {
        a.started == b.started && a.ended == b.ended && a.runEnded == b.runEnded && a.failures == b.failures
    }

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
            let instant = (payload["instant"] as? [String: Any])?["since1970"] as? Double
            switch kind {
            case "testStarted": started = true; start = instant
            case "testEnded": ended = true; end = instant
            case "issueRecorded":
                let issue = payload["issue"] as? [String: Any]
                guard issue?["isFailure"] as? Bool ?? true, !(issue?["isKnown"] as? Bool ?? false) else { continue }
                // Swift Testing sends the raw expectation ("fail") and then the test's own words
                // ("details"). Where the words state the values ("expected …, got …") they replace
                // a raw comparison, `Expectation failed: (a → 1.0) == (b → 2.0)`; a label without
                // values, or any other raw line (an error thrown instead), keeps the raw line.
                let messages = payload["messages"] as? [[String: Any]] ?? []
                let own = messages.filter { $0["symbol"] as? String == "details" }
                let raw = messages.filter { $0["symbol"] as? String != "details" }
                let comparisons = raw.allSatisfy { ($0["text"] as? String)?.hasPrefix("Expectation failed: (") == true }
                let stated = own.contains { ($0["text"] as? String).map { $0.contains("expected") && $0.contains("got") } ?? false }
                failures.append((comparisons && stated ? own : messages).compactMap { $0["text"] as? String }.joined(separator: "\n"))
            default: break
            }
        }
    }
}
