import ArgumentParser
import Foundation
import Grading

extension LessonCommand {
    /// `lesson grade`: grades submissions with the instructor's tests, student code sandboxed.
    struct Grade: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grade submissions: student code in a sandbox, verdicts from the instructor's tests alone.",
            discussion: """
                A submission is a student's copy of the package, or just its Homework folder. Only its \
                exercise files are used; tests, manifest and build files always come from this package.

                Writes OUT/<name>/results.json (Gradescope's format), OUT/<name>/feedback.md and OUT/gradebook.csv.
                """)

        @Argument(help: ArgumentHelp("Submission folders.", valueName: "submission"))
        var submissions: [String] = []

        @Option(help: ArgumentHelp("Folder for the results.", valueName: "dir"))
        var out: String?

        @Option(parsing: .unconditional, help: "Seconds each test may spend in calls into the student's code.")
        var timeout: Double = 10

        @Option(parsing: .unconditional, help: "Submissions graded at once.")
        var jobs: Int = 1

        @Flag(help: "Only build the grading workspaces: the graded tests and one runner workspace per job (the autograder's setup and the README's test command run it).")
        var prepare = false

        @Flag(help: "Grade even where bubblewrap cannot create namespaces (only code you trust: it could then read this package).")
        var unsandboxed = false

        @Option(help: ArgumentHelp("A CSV class list with the columns submission (folder name) and student_id: the gradebook's first column.", valueName: "file.csv"),
                completion: .file(extensions: ["csv"]))
        var roster: String?

        @OptionGroup var package: PackageOption

        func validate() throws {
            if let problem = TestTimeout.problem(timeout) { throw ValidationError(problem) }
            guard jobs >= 1 else { throw ValidationError("--jobs must be 1 or more, got \(jobs)") }
            if !prepare {
                guard !submissions.isEmpty else { throw ValidationError("give at least one submission folder, e.g. lesson grade submissions/* --out grades") }
                guard out != nil else { throw ValidationError("--out DIR is required: the folder for results.json, feedback.md and gradebook.csv") }
            }
        }

        /// `url` with every link resolved, even where its last components do not exist yet:
        /// the deepest existing ancestor is resolved and the rest appended.
        static func resolved(_ url: URL) -> String {
            var existing = url.standardizedFileURL, rest: [String] = []
            while !FileManager.default.fileExists(atPath: existing.path) && existing.path != "/" {
                rest.insert(existing.lastPathComponent, at: 0)
                existing = existing.deletingLastPathComponent()
            }
            let base = existing.resolvingSymlinksInPath().path
            return rest.reduce(base) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
        }

        func run() throws {
            let course = try package.load()
            guard !course.manifest.isStudentCopy else {
                throw failure(.badInput("this is a student copy, without the hidden tests; run `lesson check` here, or grade in the instructor's package"))
            }
            let classList: Roster?
            do {
                classList = try roster.map { path throws(GradingError) in
                    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                        throw .badInput("--roster \(path): cannot read the file as UTF-8 text; check the path")
                    }
                    return try Roster.parse(text, path: path)
                }
            } catch {
                throw failure(error)
            }
            let grader = Grader(package: course, options: .init(timeout: timeout, jobs: jobs, requireNamespaces: !unsandboxed,
                                                                 roster: classList))
            Grader.stopCleanlyOnInterrupt()
            let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            do {
                if prepare {
                    try grader.prepare()
                    print("Grading workspaces built.")
                    return
                }
                let (located, skipped) = try Submission.locate(submissions, relativeTo: current)
                let folder = URL(fileURLWithPath: out!, relativeTo: current).standardizedFileURL
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    throw GradingError.badInput("--out \(out!) is a file; give a folder for the results")
                }
                let resolvedOut = Self.resolved(folder) + "/"
                if let inside = located.first(where: { resolvedOut.hasPrefix(Self.resolved($0.root) + "/") }) {
                    throw GradingError.badInput("--out \(out!) lies inside the submission \(inside.name); put the results outside every submission")
                }
                for path in skipped {
                    FileHandle.standardError.write(Data("lesson grade: skipped \(path.path): \(path.reason) (a row in the gradebook says so)\n".utf8))
                }
                if let classList {
                    for submission in located where classList.id(of: submission) == nil {
                        FileHandle.standardError.write(Data("lesson grade: \(submission.name) is not in the roster; its gradebook row keeps the folder name\n".utf8))
                    }
                }
                let clock = ContinuousClock(), start = clock.now
                let width = located.map(\.name.count).max() ?? 0
                print("Grading \(located.count) submission\(located.count == 1 ? "" : "s") against \(course.manifest.tests.count) tests (\(jobs) at a time, \(timeout.formatted()) s of calls per test).")
                print("Sandbox: \(Grader.isolation).")
                let reports = try grader.grade(located, skipped: skipped, into: folder) { progress in
                    if case .finished(let report) = progress {
                        print(ScoreTable.line(report, width: width))
                    }
                }
                if Grader.wasInterrupted {
                    FileHandle.standardError.write(Data("lesson grade: interrupted; the results so far are in \(out!) (every results.json is valid; tests not run say so). Run the same command again to grade everything.\n".utf8))
                    throw ExitCode(130)
                }
                let seconds = start.duration(to: clock.now)
                print("Wrote \(out!)/gradebook.csv and each submission's results.json and feedback.md (\(reports.count) graded in \(seconds.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))).")
            } catch let error as GradingError {
                throw failure(error)
            }
        }
    }
}
