/// The class's `gradebook.csv`: one row per submission, in the order given, then one per
/// path that was skipped (score 0, its reason in the build column).
///
/// Columns: `student_id` (from the roster, else the submission's name), `submission`, the
/// scores (total, public, hidden, per assignment, then per exercise in the manifest's
/// order), `untouched` (yes when every graded exercise is missing or still its stub), the
/// build, and the numbers of the tests that failed.
enum Gradebook {
    static func csv(_ reports: [SubmissionReport], skipped: [Submission.Skipped] = [], manifest: Manifest,
                    roster: Roster? = nil) -> String {
        var exercises: [String] = []
        for test in manifest.tests where !exercises.contains(test.exercise) { exercises.append(test.exercise) }
        var header = ["student_id", "submission", "score", "max_score", "public_score", "public_max", "hidden_score", "hidden_max"]
        header += manifest.assignments.map { "assignment_\($0.number)" }
        header += exercises
        header += ["untouched", "build", "failed_tests"]
        var rows = [header.map(quoted).joined(separator: ",")]
        for report in reports {
            let publicScore = report.score(.public), hiddenScore = report.score(.hidden)
            var fields = [roster?.id(of: report.submission) ?? report.submission.name, report.submission.name,
                          report.score.points, report.maxScore.points,
                          publicScore.score.points, publicScore.max.points,
                          hiddenScore.score.points, hiddenScore.max.points]
            fields += manifest.assignments.map { report.score(assignment: $0.number).score.points }
            fields += exercises.map { report.score(exercise: $0).score.points }
            fields.append(report.untouched ? "yes" : "no")
            fields.append(report.interrupted ? "interrupted" : report.build == nil ? "ok" : report.build!.recovered ? "stubbed:" + report.build!.stubbedFiles.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: " ") : "failed")
            fields.append(report.entries.filter { $0.outcome?.passed != true }.map(\.test.number).joined(separator: " "))
            rows.append(fields.map(quoted).joined(separator: ","))
        }
        let publicMax = manifest.tests.filter { $0.visibility == .public }.reduce(0) { $0 + $1.points }
        for path in skipped {
            var fields = [path.path, path.path, 0.0.points, manifest.totalPoints.points, 0.0.points, publicMax.points,
                          0.0.points, (manifest.totalPoints - publicMax).points]
            fields += manifest.assignments.map { _ in 0.0.points }
            fields += exercises.map { _ in 0.0.points }
            fields += ["", "skipped: \(path.reason)", ""]
            rows.append(fields.map(quoted).joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting where needed.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
