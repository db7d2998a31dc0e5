import Foundation
import Testing
@testable import Grading
@testable import Sandboxing

/// A test passes only on an explicit pass record; every other way out fails it.
@Suite("Reading a test's outcome from its event stream")
struct TestRunTests {
    let id = "HomeworkTests.S/t()/S.swift:3:4"
    let prefix = "HomeworkTests.S/t()/"

    func classify(_ lines: [String], _ termination: ChildProcess.Termination) -> TestOutcome {
        TestRun.classify(
            record: EventRecord(jsonLines: lines.joined(separator: "\n"), prefix: prefix),
            termination: termination, log: "Fatal error: Index out of range\n", timeout: 10, seconds: 0.02)
    }

    @Test("started, ended, no failure, run ended, exit 0: passed")
    func passes() {
        let outcome = classify([event("runStarted"), event("testStarted", id), event("testEnded", id), event("runEnded")], .exited(0))
        #expect(outcome.status == .passed)
    }

    @Test("a failing expectation fails with its message; a known issue does not")
    func failures() {
        let failing = classify([event("testStarted", id), event("issueRecorded", id, failure: "p_w[3]: expected 1, got 2"),
                                event("testEnded", id), event("runEnded")], .exited(1))
        #expect(failing.status == .failed && failing.detail.contains("p_w[3]: expected 1, got 2"))
        let known = classify([event("testStarted", id), event("issueRecorded", id, failure: "flaky", known: true),
                              event("testEnded", id), event("runEnded")], .exited(0))
        #expect(known.status == .passed)
    }

    @Test("one clear line per failure: the test's own message replaces Swift Testing's raw expectation line")
    func ownMessage() {
        let worded = classify([event("testStarted", id),
                               event("issueRecorded", id, failure: "Expectation failed: (a → 1.0) == (b → 2.0)", details: "p_w[3]: expected 2, got 1"),
                               event("testEnded", id), event("runEnded")], .exited(1))
        #expect(worded.status == .failed && worded.detail.contains("p_w[3]: expected 2, got 1"))
        #expect(!worded.detail.contains("Expectation failed"), "\(worded.detail)")
        let bare = classify([event("testStarted", id), event("issueRecorded", id, failure: "Expectation failed: (a → 1.0) == (b → 2.0)"),
                             event("testEnded", id), event("runEnded")], .exited(1))
        #expect(bare.detail.contains("Expectation failed: (a → 1.0) == (b → 2.0)"), "without words, the raw line is all there is")
        let thrown = classify([event("testStarted", id),
                               event("issueRecorded", id, failure: "Expectation failed: expected error UnstableFixedPoint, but NotImplemented was thrown", details: "w = 1.5"),
                               event("testEnded", id), event("runEnded")], .exited(1))
        #expect(thrown.detail.contains("NotImplemented was thrown") && thrown.detail.contains("w = 1.5"), "a label does not replace what was thrown")
        let label = classify([event("testStarted", id),
                              event("issueRecorded", id, failure: "Expectation failed: (x.count → 3) == (4)", details: "forward should get the whole input"),
                              event("testEnded", id), event("runEnded")], .exited(1))
        #expect(label.detail.contains("(x.count → 3) == (4)"), "words without values keep the raw comparison")
    }

    @Test("exit(0) in the middle of a test is not a pass")
    func exitZero() {
        let outcome = classify([event("runStarted"), event("testStarted", id)], .exited(0))
        #expect(outcome.status == .exited)
        #expect(outcome.detail.contains("exit"))
    }

    @Test("a trap is a crash, with the last lines it printed")
    func crash() {
        let outcome = classify([event("testStarted", id)], .signaled(SIGILL))
        #expect(outcome.status == .crashed)
        #expect(outcome.detail.contains("Index out of range"))
    }

    @Test("a kill at the deadline is a timeout")
    func timeout() {
        #expect(classify([event("testStarted", id)], .timedOut).status == .timedOut)
    }

    @Test("exit 0 without any record, or records of another test, is not a pass")
    func noRecord() {
        #expect(classify([], .exited(0)).status == .failed)
        let other = "HomeworkTests.S/tt()/S.swift:9:4"
        #expect(classify([event("testStarted", other), event("testEnded", other), event("runEnded")], .exited(0)).status == .failed)
        #expect(classify([], .exited(69)).status == .notRun)
    }
}
