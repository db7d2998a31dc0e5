import Foundation

/// A submission's report in Gradescope's `results.json` format.
///
/// Top level: `score`, `execution_time`, `output`, `visibility`, `stdout_visibility`,
/// `tests`. Each test: `name`, `number`, `score`, `max_score`, `status`, `output`,
/// `output_format`, `tags`, `visibility`. Hidden tests are `after_published` and carry only
/// their hint; a compile error is a visible `build` test worth 0 points.
struct GradescopeResults: Encodable {
    struct Test: Encodable {
        let name: String
        let number: String
        let score: Double
        let max_score: Double
        let status: String
        let output: String
        let output_format: String
        let tags: [String]
        let visibility: String
    }

    let score: Double
    let execution_time: Double
    let output: String
    let output_format: String
    let visibility: String
    let stdout_visibility: String
    let tests: [Test]

    init(_ report: SubmissionReport) {
        var tests: [Test] = []
        if let build = report.build {
            tests.append(Test(
                name: "build", number: "0", score: 0, max_score: 0, status: "failed",
                output: Feedback.buildMessage(build), output_format: "text", tags: ["build"],
                visibility: "visible"))
        }
        for entry in report.entries {
            let hidden = entry.test.visibility == .hidden
            tests.append(Test(
                name: entry.test.name, number: entry.test.number, score: entry.score,
                max_score: entry.test.points,
                status: entry.outcome?.passed == true ? "passed" : "failed",
                output: hidden ? (entry.test.hint ?? "") : Feedback.publicDetail(entry),
                output_format: "text", tags: [entry.test.exercise],
                visibility: hidden ? "after_published" : "visible"))
        }
        let publicScore = report.score(.public), hiddenScore = report.score(.hidden)
        score = report.score
        execution_time = (report.seconds * 1000).rounded() / 1000
        output = "Public tests: \(publicScore.score.points)/\(publicScore.max.points). "
            + "Hidden tests: \(hiddenScore.score.points)/\(hiddenScore.max.points)."
            + (report.notes.isEmpty ? "" : "\n" + report.notes.joined(separator: "\n"))
        output_format = "text"
        visibility = "visible"
        stdout_visibility = "hidden"
        self.tests = tests
    }

    func write(to url: URL) throws(GradingError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try FileTree.writeAtomically(encoder.encode(self), to: url)
        } catch let error as GradingError {
            throw error
        } catch {
            throw .io("cannot encode \(url.path): \(error)")
        }
    }
}
