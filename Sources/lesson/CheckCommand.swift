import ArgumentParser
import Foundation
import Grading

extension LessonCommand {
    /// `lesson check`: a student's self-check, the public tests through the grader.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the public homework tests through the grader and print your score.",
            discussion: "Exit status 0 when every public test passes, 1 otherwise.")

        @Option(parsing: .unconditional, help: "Seconds each test may spend in calls into your code.")
        var timeout: Double = 10

        @OptionGroup var package: PackageOption

        func validate() throws {
            if let problem = TestTimeout.problem(timeout) { throw ValidationError(problem) }
        }

        func run() throws {
            let course = try package.load()
            // The student's own code: the sandbox is used where it runs, not required.
            let grader = Grader(package: course, options: .init(timeout: timeout, jobs: 1, only: .public, requireNamespaces: false))
            Grader.stopCleanlyOnInterrupt()
            let submission = Submission(name: "latest", homework: course.root.appendingPathComponent("Homework"))
            let out = course.root.appendingPathComponent(".build/check")
            print("Building your homework and running the \(course.manifest.tests.filter { $0.visibility == .public }.count) public tests against it…")
            do {
                let reports = try grader.grade([submission], into: out, progress: { _ in })
                if Grader.wasInterrupted {
                    FileHandle.standardError.write(Data("lesson check: interrupted; run it again to check everything.\n".utf8))
                    throw ExitCode(130)
                }
                guard let report = reports.first else { return }
                print(ScoreTable.table(report, manifest: course.manifest))
                print("Details: .build/check/latest/feedback.md")
                if report.score < report.maxScore || report.build != nil { throw ExitCode(1) }
            } catch let error as GradingError {
                throw failure(error)
            }
        }
    }
}
