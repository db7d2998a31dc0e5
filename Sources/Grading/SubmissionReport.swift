import Foundation

/// One submission's grade, test by test, as it fills in.
public struct SubmissionReport: Sendable {
    public struct Entry: Sendable {
        public let test: Manifest.Test
        /// `nil` until the test has run.
        public var outcome: TestOutcome?

        public var score: Double { outcome?.passed == true ? test.points : 0 }
    }

    /// A compile error: the compiler's message and the files graded with their stub.
    public struct BuildFailure: Sendable {
        public let diagnostics: String
        public let stubbedFiles: [String]
        /// False when not even the stubs made it build: no test could run.
        public let recovered: Bool
    }

    public let submission: Submission
    public var entries: [Entry]
    public var build: BuildFailure?
    /// Things the student should know that are not test results (missing files, ignored files).
    public var notes: [String] = []
    /// Grading stopped (SIGINT or SIGTERM) before every test ran: not a grade.
    public var interrupted = false
    /// Every graded exercise is missing or still holds exactly its starter stub.
    public var untouched = false
    /// Wall time of the whole submission, and of its build(s) alone.
    public var seconds: Double = 0
    public var buildSeconds: Double = 0

    init(submission: Submission, tests: [Manifest.Test]) {
        self.submission = submission
        entries = tests.map { Entry(test: $0, outcome: nil) }
    }

    public var score: Double { entries.reduce(0) { $0 + $1.score } }
    public var maxScore: Double { entries.reduce(0) { $0 + $1.test.points } }

    public func score(_ visibility: Manifest.Visibility) -> (score: Double, max: Double) {
        let selected = entries.filter { $0.test.visibility == visibility }
        return (selected.reduce(0) { $0 + $1.score }, selected.reduce(0) { $0 + $1.test.points })
    }

    public func score(exercise: String) -> (score: Double, max: Double) {
        let selected = entries.filter { $0.test.exercise == exercise }
        return (selected.reduce(0) { $0 + $1.score }, selected.reduce(0) { $0 + $1.test.points })
    }

    public func score(assignment: Int) -> (score: Double, max: Double) {
        let selected = entries.filter { $0.test.assignment == assignment }
        return (selected.reduce(0) { $0 + $1.score }, selected.reduce(0) { $0 + $1.test.points })
    }

    /// The tests that did not pass, by ID.
    public var failedTests: [String] {
        entries.filter { $0.outcome?.passed != true }.map(\.test.id)
    }
}

extension Double {
    /// Points as people write them: 2, 1.5.
    var points: String {
        self == rounded() ? String(Int(self)) : String(format: "%.2f", self)
    }
}
