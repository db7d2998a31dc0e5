import Foundation
import Testing
@testable import Grading

/// The paths `lesson grade` is given: one bad path never stops the run, names never collide,
/// and the timeout is bounded and written as a plain numeral.
@Suite("Submission paths: skipped, never followed, uniquely named")
struct SubmissionPathTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return URL(fileURLWithPath: url.path, isDirectory: true)          // relative paths resolve inside it
    }

    @Test("a stray file, a missing path and a symbolic link are skipped with their reason; the folders are graded")
    func skipped() throws {
        let base = try Self.folder()
        for name in ["ada", "bob"] { try FileManager.default.createDirectory(at: base.appendingPathComponent(name), withIntermediateDirectories: true) }
        try "not a submission".write(to: base.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: base.appendingPathComponent("eve"), withDestinationURL: base.appendingPathComponent("ada"))
        let (submissions, skipped) = try Submission.locate(["ada", "notes.txt", "nobody", "eve", "bob"], relativeTo: base)
        #expect(submissions.map(\.name) == ["ada", "bob"])
        #expect(skipped == [
            Submission.Skipped(path: "notes.txt", reason: "not a folder"),
            Submission.Skipped(path: "nobody", reason: "no such file or folder"),
            Submission.Skipped(path: "eve", reason: "a symbolic link (submissions are read, never followed)"),
        ])
    }

    @Test("names are unique whatever the folders are called, and never the output's gradebook.csv")
    func uniqueNames() throws {
        let base = try Self.folder()
        for path in ["a/x", "b/x", "c/x-2", "d/gradebook.csv", "e/Homework"] {
            try FileManager.default.createDirectory(at: base.appendingPathComponent(path), withIntermediateDirectories: true)
        }
        let (submissions, skipped) = try Submission.locate(["a/x", "b/x", "c/x-2", "d/gradebook.csv", "e/Homework"], relativeTo: base)
        #expect(skipped.isEmpty)
        #expect(submissions.map(\.name) == ["x", "x-2", "x-2-2", "gradebook.csv-2", "e"])
        #expect(Set(submissions.map(\.name)).count == submissions.count)
        #expect(submissions[4].root.lastPathComponent == "Homework" && submissions[0].root.lastPathComponent == "x")
    }

    @Test("skipped paths get a gradebook row with score 0 and their reason")
    func gradebookRows() throws {
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data("""
            {"module": "M", "assignments": [{"number": 1, "title": "t", "lesson": "l", "folder": "Homework/A1"}],
             "tests": [{"id": "S/a()", "number": "1.1", "name": "a", "exercise": "a", "points": 2, "visibility": "public", "hint": "h"},
                       {"id": "S/b()", "number": "1.2", "name": "b", "exercise": "a", "points": 3, "visibility": "hidden", "hint": "h"}]}
            """.utf8))
        let csv = Gradebook.csv([], skipped: [Submission.Skipped(path: "notes.txt", reason: "not a folder")], manifest: manifest)
        let rows = csv.split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows[1] == "notes.txt,notes.txt,0,5,0,2,0,3,0,0,,skipped: not a folder,", "\(rows[1])")
    }

    @Test("the timeout is bounded, and the autograder writes it as a plain numeral")
    func timeouts() {
        #expect(TestTimeout.problem(10) == nil && TestTimeout.problem(0.1) == nil && TestTimeout.problem(86_400) == nil)
        for bad in [0, 0.05, -1, 1e16, .infinity, .nan] {
            #expect(TestTimeout.problem(bad)?.hasPrefix("--timeout must be between 0.1 and 86400 seconds") == true, "\(bad)")
        }
        #expect(TestTimeout.numeral(1000) == "1000" && TestTimeout.numeral(10) == "10" && TestTimeout.numeral(2.5) == "2.5")
        #expect(AutograderBundle.runScript(timeout: 1000, only: "").contains("--timeout 1000\n"))
        #expect(AutograderBundle.runScript(timeout: 12345, only: "").contains("--timeout 12345\n"))
    }
}

/// Inside a submission: links and special files are reported and never followed.
@Suite("Submission files: read, never followed")
struct SubmissionFileTests {
    @Test("a symbolic link (to a file or a folder) and a named pipe are refused, listed, and not read")
    func linksAndSpecialFiles() throws {
        let base = try SubmissionPathTests.folder()
        let outside = try SubmissionPathTests.folder()
        try "the master's secret".write(to: outside.appendingPathComponent("Secret.swift"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: base.appendingPathComponent("Assignment1"), withIntermediateDirectories: true)
        try "let mine = 1".write(to: base.appendingPathComponent("Assignment1/Mine.swift"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: base.appendingPathComponent("Assignment1/Linked.swift"),
                                                   withDestinationURL: outside.appendingPathComponent("Secret.swift"))
        try FileManager.default.createSymbolicLink(at: base.appendingPathComponent("Assignment2"), withDestinationURL: outside)
        #expect(mkfifo(base.appendingPathComponent("Assignment1/Pipe.swift").path, 0o644) == 0)
        let listing = FileTree.listing(in: base)
        #expect(listing.files == ["Assignment1/Mine.swift"])
        #expect(listing.refused.map(\.path) == ["Assignment1/Linked.swift", "Assignment1/Pipe.swift", "Assignment2"])
        #expect(listing.refused.map(\.reason) == ["a symbolic link (never followed)", "not a regular file", "a symbolic link (never followed)"])
        #expect(throws: GradingError.self) { _ = try FileTree.read(base.appendingPathComponent("Assignment1/Linked.swift")) }
        #expect(try FileTree.read(base.appendingPathComponent("Assignment1/Mine.swift")) == "let mine = 1")
    }

    @Test("synchronizing a workspace removes a link planted in it, and leaves its target alone")
    func plantedLinksAreRemoved() throws {
        let workspace = try SubmissionPathTests.folder(), outside = try SubmissionPathTests.folder()
        try "outside".write(to: outside.appendingPathComponent("Evil.swift"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: workspace.appendingPathComponent("Homework"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: workspace.appendingPathComponent("Homework/Planted"), withDestinationURL: outside)
        try FileTree.synchronize(workspace, to: ["Homework/A.swift": "let a = 1"], roots: ["Homework"])
        #expect(FileTree.listing(in: workspace.appendingPathComponent("Homework")) == FileTree.Listing(files: ["A.swift"]))
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("Evil.swift").path))
    }
}

/// A broken exercise is stubbed alone, whatever kind of error it causes.
@Suite("Build failures: the culprit exercise, and only it")
struct BuildCulpritTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("a compile error names its file; a second main names its object file through the linker")
    func parsesTheLog() {
        let log = """
            Building for debugging...
            /work/ws/Homework/Assignment3/FixedPointRate.swift:12:5: error: cannot find 'r' in scope
            error: link command failed with exit code 1 (use -v to see invocation)
            /usr/bin/ld.gold: error: .build/x86_64-unknown-linux-gnu/debug/homework_runner.build/main.swift.o: multiple definition of 'main'
            /usr/bin/ld.gold: .build/x86_64-unknown-linux-gnu/debug/Homework.build/EqPropError.swift.o: previous definition here
            """
        let result = RunnerWorkspace.parse(log: log, prefix: "/work/ws/", termination: .exited(1), timeout: 10)
        #expect(!result.succeeded)
        #expect(result.filesWithErrors == ["Homework/Assignment3/FixedPointRate.swift"])
        #expect(result.objectsWithErrors == ["EqPropError.swift"])
        #expect(!result.diagnostics.contains("Building for") && result.diagnostics.contains("multiple definition of 'main'"))
    }

    @Test("an error the compiler reports once per job is shown once")
    func repeatedErrorsOnce() {
        let block = """
            /work/Homework/Assignment2/BPTTGradient.swift:24:17: error: cannot find 'adjointSum' in scope
            24 |     return (dw: adjointSum, db: 0)
            error: emit-module command failed with exit code 1
            """
        let result = RunnerWorkspace.parse(log: block + "\n" + block, prefix: "/work/", termination: .exited(1), timeout: 10)
        #expect(result.diagnostics == """
            Homework/Assignment2/BPTTGradient.swift:24:17: error: cannot find 'adjointSum' in scope
            24 |     return (dw: adjointSum, db: 0)
            error: emit-module command failed with exit code 1
            """, "\(result.diagnostics)")
        #expect(result.filesWithErrors == ["Homework/Assignment2/BPTTGradient.swift"])
    }

    @Test("a compiler killed by a signal is the machine's trouble, not an error of the student's files")
    func killedBuild() {
        let log = "error: compile command failed due to signal 9 (use -v to see invocation)\n"
        #expect(RunnerWorkspace.parse(log: log, prefix: "/work/", termination: .exited(1), timeout: 10).killed)
        #expect(RunnerWorkspace.parse(log: "", prefix: "/work/", termination: .exited(137), timeout: 10).killed)
        #expect(!RunnerWorkspace.parse(log: "Homework/A.swift:1:1: error: x\n", prefix: "/work/", termination: .exited(1), timeout: 10).killed)
    }

    @Test("errors only in the executable's dispatch code point to the exercise it calls")
    func dispatchErrorsNameTheirExercise() throws {
        let grader = Grader(package: try HomeworkPackage(root: Self.root), options: .init(timeout: 1, jobs: 1))
        #expect(grader.exerciseFiles(calledBy: ["Sources/homework-runner/Calls/FixedPointGradient.swift"])
                == ["Homework/Assignment3/FixedPointGradient.swift"])
        #expect(grader.exerciseFiles(calledBy: ["Sources/homework-runner/Calls/EqPropError.swift", "Homework/Assignment1/RTRLForward.swift"])
                == ["Homework/Assignment4/EqPropError.swift"])
        #expect(grader.exerciseFiles(calledBy: ["Tests/HomeworkTests/FixedPointGradientTests.swift"]).isEmpty)
        #expect(grader.exerciseFiles(calledBy: []).isEmpty)
        // Every exercise has its dispatch file, and every dispatch file its exercise.
        let calls = Set(FileTree.files(in: Self.root.appendingPathComponent(RunnerWorkspace.callsFolder)))
        #expect(Set(grader.package.exerciseFiles.map { String($0.split(separator: "/").last!) }) == calls)
    }
}

extension BuildCulpritTests {
    @Test("the diagnostics a student sees keep the dispatch code's error message, not its file or its source")
    func hiddenTestSourceStaysHidden() {
        let log = """
            /work/ws/Sources/homework-runner/Calls/FixedPointGradient.swift:42:27: error: cannot find 'fixedPointGradient' in scope
            40 |                 return (try? problem.lossValue()) ?? .nan
            41 |             }
            42 |             let got = try fixedPointGradient(w: w, b: b, x: x, y: y)
               |                           `- error: cannot find 'fixedPointGradient' in scope
            /work/ws/Sources/homework-runner/Calls/FixedPointGradient.swift:46:63: error: cannot find 'fixedPointGradient' in scope
            46 |         #expect(throws: UnstableFixedPoint(w: 1.2)) { _ = try fixedPointGradient(w: 1.2, b: 0, x: 1, y: 0) }
            /work/ws/Homework/Assignment3/FixedPointGradient.swift:3:1: error: expected '}' in struct
             3 | struct Broken {
            error: emit-module command failed with exit code 1
            """
        let result = RunnerWorkspace.parse(log: log, prefix: "/work/ws/", termination: .exited(1), timeout: 10)
        #expect(result.diagnostics == """
            the grader's call of an exercise does not compile against your code: cannot find 'fixedPointGradient' in scope
            Homework/Assignment3/FixedPointGradient.swift:3:1: error: expected '}' in struct
             3 | struct Broken {
            error: emit-module command failed with exit code 1
            """, "\(result.diagnostics)")
        #expect(!result.diagnostics.contains("Sources/") && !result.diagnostics.contains("lossValue") && !result.diagnostics.contains("UnstableFixedPoint(w: 1.2)"))
        #expect(result.filesWithErrors == ["Sources/homework-runner/Calls/FixedPointGradient.swift", "Homework/Assignment3/FixedPointGradient.swift"])
    }
}

extension BuildCulpritTests {
    @Test("no hidden source through a gap marker, a note, a macro expansion or a crash dump")
    func failsClosed() {
        let log = """
            /work/ws/Sources/homework-runner/Calls/EqPropError.swift:30:9: error: cannot find 'eqpropErrors' in scope
            30 |         let secretA = try eqpropErrors(w: 1)
               :
            90 |     func secretHelper(w: Double) {}
               |          `- note: 'secretHelper(w:)' declared here
            /tmp/swift-generated-sources/@__swiftmacro_7Tests6expectfMf_.swift:1:9: error: cannot convert value
            `- /work/ws/Sources/homework-runner/Calls/EqPropGradient.swift:12:9: note: expanded code originates here
            +--- macro expansion #expect ----
            |1 | Testing.__checkValue(secretB == 2.5)
            While type-checking statement at [/work/ws/Tests/HomeworkTests/X.swift:1:1] RangeText="secretC"
            error: fatalError
            """
        let result = RunnerWorkspace.parse(log: log, prefix: "/work/ws/", termination: .exited(1), timeout: 10)
        for secret in ["secretA", "secretHelper", "secretB", "secretC", "Sources/"] {
            #expect(!result.diagnostics.contains(secret), "\(secret) leaked: \(result.diagnostics)")
        }
        #expect(result.diagnostics.contains("the grader's call of an exercise does not compile against your code: cannot find 'eqpropErrors' in scope"))
        #expect(result.diagnostics.contains("error: fatalError"))
        #expect(result.filesWithErrors.contains("Sources/homework-runner/Calls/EqPropGradient.swift"), "the macro's dispatch file is found")
    }
}
