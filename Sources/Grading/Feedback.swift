import Foundation

/// The `feedback.md` a student reads: public and hidden totals apart, each public test
/// with what went wrong, each hidden test with its name, score and hint only.
enum Feedback {
    static let detailLimit = 1500

    static func markdown(_ report: SubmissionReport, manifest: Manifest) -> String {
        let publicScore = report.score(.public), hiddenScore = report.score(.hidden)
        var lines = [
            "# Homework feedback: \(report.submission.name)",
            "",
            "**Total \(report.score.points)/\(report.maxScore.points)**: public tests \(publicScore.score.points)/\(publicScore.max.points), hidden tests \(hiddenScore.score.points)/\(hiddenScore.max.points).",
        ]
        for note in report.notes { lines += ["", "> \(note)"] }
        if let build = report.build {
            lines += ["", "## Build", "", "```", buildMessage(build), "```"]
        }
        for assignment in manifest.assignments {
            let entries = report.entries.filter { $0.test.assignment == assignment.number }
            guard !entries.isEmpty else { continue }
            let score = report.score(assignment: assignment.number)
            lines += ["", "## Assignment \(assignment.number): \(assignment.title) (\(score.score.points)/\(score.max.points))",
                      "", "| # | test | points | result |", "|---|---|---|---|"]
            for entry in entries {
                let hidden = entry.test.visibility == .hidden
                lines.append("| \(entry.test.number) | \(cell(entry.test.name))\(hidden ? " (hidden)" : "") | \(entry.score.points)/\(entry.test.points.points) | \(status(entry)) |")
            }
            for entry in entries where entry.outcome?.passed != true {
                lines += ["", "### \(entry.test.number) \(entry.test.name)", ""]
                if entry.test.visibility == .hidden {
                    lines.append("Hint: \(entry.test.hint ?? "")")
                } else {
                    lines += ["```", publicDetail(entry), "```"]
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func status(_ entry: SubmissionReport.Entry) -> String {
        entry.outcome?.status.label ?? "not run yet"
    }

    /// What a public test's failure says, truncated, then the test's hint (the instructor's
    /// line on the usual cause), when it has one.
    static func publicDetail(_ entry: SubmissionReport.Entry) -> String {
        guard let outcome = entry.outcome else { return "not run yet: grading is in progress or was interrupted" }
        if outcome.passed { return "" }
        let detail = truncated(outcome.detail.isEmpty ? status(entry) : outcome.detail)
        return entry.test.hint.map { detail + "\nHint: \($0)" } ?? detail
    }

    static func buildMessage(_ build: SubmissionReport.BuildFailure) -> String {
        var message = truncated(build.diagnostics, limit: 4000)
        if build.recovered {
            message += "\n\nGraded with the starter stub in place of: " + build.stubbedFiles.joined(separator: ", ")
                + ". Their tests score 0; everything else was graded."
        } else {
            message += "\n\nThe homework does not compile, so no test could run."
        }
        return message
    }

    static func truncated(_ text: String, limit: Int = detailLimit) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "\n… (truncated)"
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
