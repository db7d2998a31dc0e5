import Foundation
import Testing
@testable import Grading

@Suite("results.json, feedback.md and gradebook.csv")
struct ReportTests {
    let manifest = Manifest(
        module: "HomeworkTests",
        assignments: [.init(number: 1, title: "RTRL", lesson: "rtrl", folder: "Homework/Assignment1")],
        tests: [
            .init(id: "A/one()", number: "1.1", name: "one", exercise: "f", points: 2, visibility: .public,
                  hint: "use r before the step"),
            .init(id: "A/two()", number: "1.2", name: "two", exercise: "f", points: 1, visibility: .hidden,
                  hint: "think about the first step"),
        ],
        copy: nil)

    func report(_ first: TestOutcome?, _ second: TestOutcome?) -> SubmissionReport {
        var report = SubmissionReport(
            submission: Submission(name: "ada, \"the\" student", homework: URL(fileURLWithPath: "/tmp")),
            tests: manifest.tests)
        report.entries[0].outcome = first
        report.entries[1].outcome = second
        return report
    }

    let secret = TestOutcome(status: .failed, detail: "expected 0.25, got 0.5 (the hidden case)", seconds: 0)

    @Test("Gradescope's fields; hidden tests carry their hint and never their failure message")
    func gradescope() throws {
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent("results.json")
        try GradescopeResults(report(TestOutcome(status: .passed, detail: "", seconds: 0), secret)).write(to: url)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(Set(json.keys) == ["score", "execution_time", "output", "output_format", "visibility", "stdout_visibility", "tests"])
        #expect(json["score"] as? Double == 2)
        let tests = try #require(json["tests"] as? [[String: Any]])
        #expect(tests.count == 2)
        #expect(tests[0]["status"] as? String == "passed" && tests[0]["max_score"] as? Double == 2)
        #expect(tests[0]["output"] as? String == "", "a passed test shows no hint")
        #expect(tests[1]["visibility"] as? String == "after_published")
        #expect(tests[1]["output"] as? String == "think about the first step")
        #expect(!String(decoding: try Data(contentsOf: url), as: UTF8.self).contains("hidden case"))
        #expect((json["output"] as? String)?.contains("Public tests: 2/2. Hidden tests: 0/1.") == true)
    }

    @Test("before a test has run it counts 0 and says so")
    func pending() throws {
        let results = GradescopeResults(report(nil, nil))
        #expect(results.score == 0)
        #expect(results.tests[0].output.contains("not run yet"))
    }

    @Test("feedback: totals apart, the public failure shown, the hidden one as a hint only")
    func feedback() {
        let failed = TestOutcome(status: .crashed, detail: "crashed (SIGILL): Index out of range", seconds: 0)
        let text = Feedback.markdown(report(failed, secret), manifest: manifest)
        #expect(text.contains("public tests 0/2, hidden tests 0/1"))
        #expect(text.contains("Index out of range\nHint: use r before the step"), "a public failure shows its hint")
        #expect(text.contains("Hint: think about the first step"))
        #expect(!text.contains("hidden case"))
    }

    @Test("a compile error is a visible build entry worth nothing")
    func buildEntry() {
        var failing = report(nil, nil)
        failing.build = .init(diagnostics: "Homework/Assignment1/X.swift:3:5: error: cannot find 'q' in scope",
                              stubbedFiles: ["Homework/Assignment1/X.swift"], recovered: true)
        let results = GradescopeResults(failing)
        #expect(results.tests.first?.name == "build")
        #expect(results.tests.first?.max_score == 0 && results.tests.first?.visibility == "visible")
        #expect(results.tests.first?.output.contains("cannot find 'q' in scope") == true)
        #expect(results.tests.first?.output.contains("starter stub in place of: Homework/Assignment1/X.swift") == true)
    }

    @Test("gradebook: a row per submission, CSV-quoted")
    func gradebook() {
        let csv = Gradebook.csv([report(TestOutcome(status: .passed, detail: "", seconds: 0), secret)], manifest: manifest)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == "student_id,submission,score,max_score,public_score,public_max,hidden_score,hidden_max,assignment_1,f,untouched,build,failed_tests")
        #expect(lines[1] == "\"ada, \"\"the\"\" student\",\"ada, \"\"the\"\" student\",2,3,2,2,0,1,2,2,no,ok,1.2")
    }

    @Test("gradebook: the roster names the rows by student id, per-exercise scores, the untouched flag")
    func gradebookColumns() throws {
        let two = Manifest(module: "M", assignments: manifest.assignments, tests: manifest.tests + [
            .init(id: "B/three()", number: "1.3", name: "three", exercise: "g", points: 4, visibility: .public, hint: nil)], copy: nil)
        var ada = SubmissionReport(submission: Submission(name: "ada", homework: URL(fileURLWithPath: "/s/ada")), tests: two.tests)
        ada.entries[0].outcome = TestOutcome(status: .passed, detail: "", seconds: 0)
        ada.entries[2].outcome = TestOutcome(status: .passed, detail: "", seconds: 0)
        var bob = SubmissionReport(submission: Submission(name: "bob", homework: URL(fileURLWithPath: "/s/bob")), tests: two.tests)
        bob.untouched = true
        let roster = try Roster.parse("name,student_id,submission\nAda L.,s-001,ada\n\"Smith, J.\",s-002,someone-else\n", path: "r.csv")
        let lines = Gradebook.csv([ada, bob], manifest: two, roster: roster).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("student_id,submission,") && lines[0].contains(",assignment_1,f,g,untouched,"))
        #expect(lines[1] == "s-001,ada,6,7,6,6,0,1,6,2,4,no,ok,1.2", "\(lines[1])")
        #expect(lines[2] == "bob,bob,0,7,0,6,0,1,0,0,0,yes,ok,1.1 1.2 1.3", "a submission not in the roster keeps its name: \(lines[2])")
        #expect(roster.ids == ["ada": "s-001", "someone-else": "s-002"])
    }

    @Test("a roster without the columns, or listing a submission twice, is refused saying what to fix")
    func badRosters() throws {
        #expect(throws: GradingError.badInput("--roster r.csv: the header must name the columns submission and student_id (it has folder, id)")) {
            try Roster.parse("folder,id\nada,1\n", path: "r.csv")
        }
        #expect(throws: GradingError.badInput("--roster r.csv, line 3: submission ada is listed twice")) {
            try Roster.parse("submission,student_id\nada,1\nada,2\n", path: "r.csv")
        }
        #expect(throws: GradingError.badInput("--roster r.csv, line 4: submission bob has no student_id")) {
            try Roster.parse("submission,student_id\nada,1\n\nbob, \n", path: "r.csv")
        }
        // Excel's "CSV UTF-8": a byte-order mark and CRLF line ends.
        #expect(try Roster.parse("\u{FEFF}submission,student_id\r\nada,s-1\r\n", path: "r.csv").ids == ["ada": "s-1"])
    }
}
