import Foundation
import Grading

/// How grades look on the terminal.
enum ScoreTable {
    /// One line per graded submission.
    static func line(_ report: SubmissionReport, width: Int) -> String {
        let publicScore = report.score(.public), hiddenScore = report.score(.hidden)
        let build = report.build.map { $0.recovered ? "compile error, stubbed \($0.stubbedFiles.count) file(s)" : "does not compile" } ?? "built"
        return "  " + report.submission.name.padding(toLength: width, withPad: " ", startingAt: 0)
            + "  \(format(report.score))/\(format(report.maxScore))"
            + "  (public \(format(publicScore.score))/\(format(publicScore.max)), hidden \(format(hiddenScore.score))/\(format(hiddenScore.max)))"
            + "  \(build); build \(String(format: "%.1f", report.buildSeconds)) s, \(report.entries.count) tests \(String(format: "%.2f", report.seconds - report.buildSeconds)) s"
    }

    /// The self-check's table: every test with its points and what went wrong.
    static func table(_ report: SubmissionReport, manifest: Manifest) -> String {
        var lines: [String] = []
        if let build = report.build {
            lines += ["", "Your homework does not compile:", build.diagnostics, ""]
        }
        let nameWidth = report.entries.map(\.test.name.count).max() ?? 0
        var assignment: Int?
        for entry in report.entries {
            if entry.test.assignment != assignment, let number = entry.test.assignment {   // a heading per assignment
                assignment = number
                let title = manifest.assignments.first { $0.number == number }?.title ?? ""
                let subtotal = report.score(assignment: number)
                lines.append("Assignment \(number): \(title)  \(format(subtotal.score))/\(format(subtotal.max))")
            }
            let status = entry.outcome?.status.label ?? "not run"
            lines.append("  \(entry.test.number.padding(toLength: 5, withPad: " ", startingAt: 0)) "
                + entry.test.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                + "  \(format(entry.score))/\(format(entry.test.points))  \(status)")
            if let outcome = entry.outcome, !outcome.passed, !outcome.detail.isEmpty {
                let detail = outcome.detail.components(separatedBy: "\n").prefix(4).map { "          \($0)" }
                lines += detail
                if let hint = entry.test.hint { lines.append("          Hint: \(hint)") }
            }
        }
        lines.append("Score: \(format(report.score))/\(format(report.maxScore)) on the public tests"
            + (manifest.assignments.count == 1 ? " of assignment \(manifest.assignments[0].number)." : "."))
        return lines.joined(separator: "\n")
    }

    static func format(_ points: Double) -> String {
        points == points.rounded() ? String(Int(points)) : String(format: "%.2f", points)
    }
}
