import Foundation
import Sandboxing

/// Grades submissions against the instructor's tests, which never run student code.
///
/// The graded tests are built once, from the instructor's package alone (`TestWorkspace`).
/// For each submission: copy only its exercise files into a clean workspace and build them,
/// in the sandbox, into the executable the tests call (`RunnerWorkspace`); then run its
/// graded tests in one process under a hard kill-timeout, pointed at that executable. That
/// process runs no student code: it sends each call to the sandboxed executable and judges
/// the answer itself, so its event stream can be trusted. A compile error in an exercise
/// file swaps that file for its starter stub and builds again, so the other exercises still
/// score. `results.json` is written before the build and rewritten after it and after the
/// tests, `feedback.md` at the end, and the class's `gradebook.csv` after every submission.
public final class Grader: @unchecked Sendable {
    /// From now on SIGINT and SIGTERM stop grading cleanly: the running tests or build are
    /// killed with their whole process group (and so every sandbox), no further one starts, and every results.json
    /// written so far stays valid. A second signal ends the grader at once.
    public static func stopCleanlyOnInterrupt() { Interruption.installSignalHandlers() }

    /// Whether grading was interrupted (the results are then incomplete).
    public static var wasInterrupted: Bool { Interruption.process.isRequested }

    public struct Options: Sendable {
        /// Seconds of calls into the student's code each test may spend.
        public var timeout: Double = 10
        /// Submissions graded at once, each in its own workspace.
        public var jobs: Int = 1
        /// Grade only tests of this visibility (`lesson check` runs the public ones).
        public var only: Manifest.Visibility?
        /// Refuse to grade where student code cannot run in bubblewrap's namespaces (the
        /// limits alone do not keep it from the master's files; see `Sandbox`). A student's
        /// `lesson check` of their own code does not need it.
        public var requireNamespaces: Bool
        /// Names the gradebook's rows by student id.
        public var roster: Roster?

        public init(timeout: Double = 10, jobs: Int = 1, only: Manifest.Visibility? = nil, requireNamespaces: Bool = true,
                    roster: Roster? = nil) {
            self.timeout = timeout
            self.jobs = jobs
            self.only = only
            self.requireNamespaces = requireNamespaces
            self.roster = roster
        }
    }

    public enum Progress: Sendable {
        case building(String)
        case testing(String)
        case tested(String, Manifest.Test, TestOutcome)
        case finished(SubmissionReport)
    }

    public let package: HomeworkPackage
    public let options: Options

    public init(package: HomeworkPackage, options: Options) {
        self.package = package
        self.options = options
    }

    /// Where the workspaces live: inside the package's own build folder, so they survive
    /// between runs and stay out of version control.
    /// Where the grading workspaces live: `.build/grading` of the package, or the folder
    /// `LESSON_GRADING_WORKSPACES` names. Copies of one course (a student copy, an autograder
    /// bundle) that share it build the graded tests' library once: each run rewrites only
    /// the files that differ. Runs that share it wait for each other (its lock).
    var workspaceRoot: URL {
        if let shared = ProcessInfo.processInfo.environment[Self.sharedWorkspacesVariable], !shared.isEmpty {
            return URL(fileURLWithPath: shared).standardizedFileURL
        }
        return package.root.appendingPathComponent(".build/grading")
    }

    public static let sharedWorkspacesVariable = "LESSON_GRADING_WORKSPACES"

    var tests: TestWorkspace { TestWorkspace(directory: workspaceRoot.appendingPathComponent("tests"), package: package) }

    func workspace(_ index: Int) -> RunnerWorkspace {
        RunnerWorkspace(directory: workspaceRoot.appendingPathComponent("runner-\(index)"), package: package,
                        sandbox: Sandbox())
    }

    /// Waits until no other grader uses this package's workspaces (two runs at once would
    /// build into the same folders), and holds them until the descriptor is closed.
    func exclusiveUse() throws(GradingError) -> Int32 {
        do {
            try FileManager.default.createDirectory(at: workspaceRoot, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(workspaceRoot.path): \(error.localizedDescription)")
        }
        let path = workspaceRoot.appendingPathComponent(".lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .io("cannot open \(path): \(String(cString: strerror(errno)))") }
        // Polled, so that an interruption still ends the wait.
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, !Interruption.process.isRequested else {
                close(descriptor)
                throw .io("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
            usleep(100_000)
        }
        return descriptor
    }

    /// How student code is isolated on this machine, in one line for the instructor.
    public static var isolation: String {
        switch Sandbox().isolation {
        case .namespaces: "student code runs in bubblewrap's namespaces, as an unprivileged user, under limits"
        case .limitsOnly(let reason): "student code runs under limits only, without namespaces: \(reason)"
        }
    }

    var gradedTests: [Manifest.Test] {
        package.manifest.tests.filter { options.only == nil || $0.visibility == options.only }
    }

    /// Builds the graded tests, and the workspaces with every exercise stubbed, so that
    /// later grading only recompiles the homework (the autograder's setup calls this).
    public func prepare() throws(GradingError) {
        let lock = try exclusiveUse()
        defer { close(lock) }
        try buildTestsAndFirstRunner(jobs: max(1, options.jobs))
        for index in 0..<max(1, options.jobs) {
            let workspace = workspace(index)
            try workspace.load(homework: [:], stubbed: [])
            let build = try workspace.build()
            guard build.succeeded else { throw .masterDoesNotBuild(build.diagnostics) }
        }
    }

    /// Grades `submissions` into `out`, `options.jobs` at a time; the reports come back in
    /// the order given.
    public func grade(
        _ submissions: [Submission], skipped: [Submission.Skipped] = [], into out: URL,
        progress: @escaping @Sendable (Progress) -> Void
    ) throws(GradingError) -> [SubmissionReport] {
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(out.path): \(error.localizedDescription)")
        }
        if submissions.isEmpty {                       // nothing to grade: the skipped rows alone
            try FileTree.writeAtomically(Gradebook.csv([], skipped: skipped, manifest: package.manifest, roster: options.roster),
                                         to: out.appendingPathComponent("gradebook.csv"))
            return []
        }
        if options.requireNamespaces, case .limitsOnly(let reason) = Sandbox().isolation {
            throw .badInput("""
                student code cannot be sandboxed here (\(reason)), and without namespaces it could read \
                this package's hidden tests and other submissions; install bubblewrap and allow user namespaces \
                (see the README), or pass --unsandboxed to grade code you trust
                """)
        }
        let lock = try exclusiveUse()
        defer { close(lock) }
        let jobs = max(1, min(options.jobs, submissions.count))
        try buildTestsAndFirstRunner(jobs: jobs)
        if Interruption.process.isRequested { return [] }
        let queue = Queue(count: submissions.count)
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            let workspace = workspace(job)
            while !Interruption.process.isRequested, let index = queue.next() {
                do {
                    let report = try grade(submissions[index], in: workspace, job: job, out: out, progress: progress)
                    try queue.finish(index, with: report) { finished throws(GradingError) in
                        try FileTree.writeAtomically(
                            Gradebook.csv(finished, skipped: skipped, manifest: package.manifest, roster: options.roster),
                            to: out.appendingPathComponent("gradebook.csv"))
                    }
                    progress(.finished(report))
                } catch let error as GradingError {
                    queue.fail(error)
                } catch {
                    queue.fail(.io("\(error)"))
                }
            }
        }
        if let failure = queue.failure { throw failure }
        return queue.reports.compactMap { $0 }
    }

    /// Builds the graded tests and, at the same time, the first runner workspace if it was
    /// never built (with every exercise stubbed); the other workspaces of `jobs` that were
    /// never built then start as copies of it. A workspace's first build compiles
    /// HomeworkInterface and the runner from nothing (about 18 s of one core), and it has
    /// no part in the tests' build, so the two overlap, and it is done once, not per job.
    /// A copy's build state holds because the sandbox shows every workspace at the same
    /// path (`/work`); without namespaces each workspace builds on its own.
    func buildTestsAndFirstRunner(jobs: Int) throws(GradingError) {
        let workspaces = (0..<max(1, jobs)).map(workspace), first = workspaces[0]
        let cold = workspaces.filter { !FileManager.default.fileExists(atPath: $0.buildFolder.path) }
        if cold.first?.directory == first.directory {
            let outcome = Outcome()
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                do throws(GradingError) {
                    if part == 0 { try tests.build() } else {
                        try first.load(homework: [:], stubbed: [])
                        _ = try first.build()     // a failure shows again, and is reported, with the first submission
                    }
                } catch {
                    outcome.fail(error)
                }
            }
            if let failure = outcome.failure { throw failure }
        } else {
            try tests.build()
        }
        guard !Interruption.process.isRequested, FileManager.default.fileExists(atPath: first.buildFolder.path) else { return }
        for workspace in cold where workspace.directory != first.directory
            && first.sandbox.path(of: workspace.directory) == first.sandbox.path(of: first.directory) {
            try workspace.seed(from: first)
        }
    }

    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var first: GradingError?
        var failure: GradingError? { lock.withLock { first } }
        func fail(_ error: GradingError) { lock.withLock { first = first ?? error } }
    }

    /// The shared state of the grading jobs, behind one lock.
    private final class Queue: @unchecked Sendable {
        private let lock = NSLock()
        private var upcoming = 0
        private(set) var reports: [SubmissionReport?]
        private(set) var failure: GradingError?

        init(count: Int) { reports = Array(repeating: nil, count: count) }

        /// The next submission to grade, or nil when all are taken or one job failed.
        func next() -> Int? {
            lock.withLock {
                guard failure == nil, upcoming < reports.count else { return nil }
                defer { upcoming += 1 }
                return upcoming
            }
        }

        /// Records a report and hands every finished report, in submission order, to
        /// `publish` while still holding the lock, so gradebook writes never overtake
        /// each other.
        func finish(
            _ index: Int, with report: SubmissionReport,
            publish: ([SubmissionReport]) throws(GradingError) -> Void
        ) throws(GradingError) {
            lock.lock()
            defer { lock.unlock() }
            reports[index] = report
            try publish(reports.compactMap { $0 })
        }

        func fail(_ error: GradingError) {
            lock.withLock { failure = failure ?? error }
        }
    }

    /// The exercise files the executable's dispatch files call: `Calls/<File>.swift`
    /// calls the function of the exercise file `Homework/…/<File>.swift`.
    func exerciseFiles(calledBy files: Set<String>) -> Set<String> {
        let names = Set(files.compactMap { file -> String? in
            guard file.hasPrefix(RunnerWorkspace.callsFolder + "/"), file.hasSuffix(".swift") else { return nil }
            return file.split(separator: "/").last.map(String.init)
        })
        return Set(package.exerciseFiles.filter { names.contains($0.split(separator: "/").last.map(String.init) ?? $0) })
    }

    /// The submission's exercise files, and notes on what was missing or ignored.
    func collect(_ submission: Submission) -> (files: [String: String], notes: [String]) {
        var files: [String: String] = [:]
        var notes: [String] = []
        let prefix = HomeworkPackage.homeworkFolder + "/"
        let listing = FileTree.listing(in: submission.homework)
        let present = listing.files
        for entry in listing.refused {
            notes.append("Ignored \(prefix)\(entry.path): \(entry.reason); only regular files are read.")
        }
        for file in package.exerciseFiles {
            // At its place in the Homework folder, or else the one file of that name
            // anywhere in the submission (an upload of loose files).
            let relative = String(file.dropFirst(prefix.count))
            let name = "/" + (relative.split(separator: "/").last.map(String.init) ?? relative)
            let matches = present.filter { ("/" + $0).hasSuffix(name) }
            // Only a regular file the listing found (never a path through a link) is read.
            let found: String? = present.contains(relative) ? relative : matches.count == 1 ? matches[0] : nil
            if let found, let text = try? FileTree.read(submission.homework.appendingPathComponent(found)) {
                files[file] = text
            } else {
                notes.append("\(file) is missing or not UTF-8 text: graded with the starter stub.")
            }
        }
        let known = Set(package.homeworkFiles.map { String($0.dropFirst(prefix.count)) })
        let exerciseNames = Set(package.exerciseFiles.compactMap { $0.split(separator: "/").last.map(String.init) })
        let extra = present.filter {
            $0.hasSuffix(".swift") && !known.contains($0)
                && !exerciseNames.contains($0.split(separator: "/").last.map(String.init) ?? $0)
        }
        if !extra.isEmpty {
            notes.append("Ignored (only the assignment files are graded): " + extra.map { prefix + $0 }.joined(separator: ", ") + ".")
        }
        return (files, notes)
    }

    private func grade(
        _ submission: Submission, in workspace: RunnerWorkspace, job: Int, out: URL,
        progress: @Sendable (Progress) -> Void
    ) throws(GradingError) -> SubmissionReport {
        let clock = ContinuousClock(), start = clock.now
        let folder = out.appendingPathComponent(submission.name)
        let resultsURL = folder.appendingPathComponent("results.json")
        var report = SubmissionReport(submission: submission, tests: gradedTests)
        let collected = collect(submission)
        report.notes = collected.notes
        report.untouched = package.exerciseFiles.allSatisfy { file in   // missing, or exactly the released stub
            guard let text = collected.files[file] else { return true }
            return (try? Markers.stubbingSolutions(in: package.text(file), file: file, keepingMarkers: true)) == text
        }
        try GradescopeResults(report).write(to: resultsURL)

        progress(.building(submission.name))
        var stubbed = Set<String>()
        var firstFailure: RunnerWorkspace.BuildResult?
        var built = false
        var notTheStudents: String?     // why the build failed, when it is not the submission's doing
        while !built && !Interruption.process.isRequested {
            try workspace.load(homework: collected.files, stubbed: stubbed)
            let build = try workspace.build()
            if build.succeeded { built = true; break }
            if Interruption.process.isRequested { break }          // not the student's fault: nothing is stubbed
            if build.killed {
                notTheStudents = "the build was killed by a signal (out of memory, or stopped from outside)"
                break
            }
            firstFailure = firstFailure ?? build
            let remaining = Set(collected.files.keys).subtracting(stubbed)
            // The files the compiler's errors point into, and those whose object file a
            // linker error names (a stray `@main` in one exercise costs only that exercise).
            let linked = remaining.filter { build.objectsWithErrors.contains(String($0.split(separator: "/").last ?? "")) }
            var culprits = build.filesWithErrors.intersection(remaining).union(linked)
            if culprits.isEmpty {
                // Errors only in the dispatch code (an exercise's function is missing or has
                // another signature): the exercises those files call.
                culprits = exerciseFiles(calledBy: build.filesWithErrors).intersection(remaining)
            }
            if !culprits.isEmpty {
                stubbed.formUnion(culprits)
            } else if !remaining.isEmpty {
                stubbed.formUnion(remaining)
            } else if package.exerciseFiles.isEmpty {
                break       // no file is known as an exercise (its markers removed): no stub to fall back on
            } else {
                notTheStudents = "even the starter stubs do not build: \(build.diagnostics.prefix(500))"
                break
            }
        }
        report.buildSeconds = start.duration(to: clock.now).seconds
        if let firstFailure {
            report.build = .init(
                diagnostics: firstFailure.diagnostics, stubbedFiles: stubbed.sorted(), recovered: built)
        }

        let scratch = workspaceRoot.appendingPathComponent("scratch-\(job)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        if built && !Interruption.process.isRequested {
            let selections = report.entries.map {
                TestRun.Selection(filter: package.manifest.filter(for: $0.test), eventPrefix: package.manifest.eventPrefix(for: $0.test))
            }
            progress(.testing(submission.name))
            let outcomes = TestRun.run(binary: tests.testBinary, tests: selections, scratch: scratch, timeout: options.timeout,
                                       environment: ["HOMEWORK_RUNNER": workspace.runner.path,
                                                     "HOMEWORK_SANDBOX": options.requireNamespaces ? "required" : "best"])
            for (index, outcome) in zip(report.entries.indices, outcomes)
            where !(Interruption.process.isRequested && outcome.status == .notRun) {
                report.entries[index].outcome = outcome
                progress(.tested(submission.name, report.entries[index].test, outcome))
            }
        } else if let notTheStudents {
            // One machine's trouble must not cost a student points, nor stop the others' grading.
            report.interrupted = true
            report.notes.append("The grader could not build this submission, for a reason that is not the submission's: \(notTheStudents). This is not a grade; grade it again.")
            for index in report.entries.indices {
                report.entries[index].outcome = TestOutcome(status: .notRun, detail: "not run: the grader could not build (see the notes)", seconds: 0)
            }
        } else if !built {
            for index in report.entries.indices {
                report.entries[index].outcome = TestOutcome(
                    status: .notRun, detail: "not run: the homework does not compile (see build)", seconds: 0)
            }
        }
        report.seconds = start.duration(to: clock.now).seconds
        if Interruption.process.isRequested && report.entries.contains(where: { $0.outcome == nil }) {
            report.interrupted = true
            report.notes.append("Grading was interrupted before every test ran: this is not a grade. The tests not run say so; grade again.")
        }
        try GradescopeResults(report).write(to: resultsURL)
        try FileTree.writeAtomically(
            Feedback.markdown(report, manifest: package.manifest),
            to: folder.appendingPathComponent("feedback.md"))
        return report
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
