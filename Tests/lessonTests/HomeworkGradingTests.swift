// The whole file is hidden from students: its fixtures are near-solutions.
// BEGIN HIDDEN TESTS
import Foundation
import Grading
import Testing

/// The homework workflow end to end, as an instructor runs it: release a student copy,
/// then grade fixture submissions, each planted with one kind of fault, and check that
/// every fault costs exactly its own tests' points. The graded tests' library is built once:
/// by the README's test command (`lesson grade --prepare`), or else, cold in a fresh clone,
/// by the first of these runs; the student copy's check and the autograder bundle's run share
/// its workspaces (`LESSON_GRADING_WORKSPACES`) and rebuild only the test files that differ,
/// the student copy's checks first (`StudentCopyFirst`). `swift test --skip
/// HomeworkGradingTests` leaves it out while working on something else.
@Suite("Homework: release and grading, end to end")
struct HomeworkGradingTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let package: HomeworkPackage
    let folder: URL

    /// The student copy's and the bundle's grading share the master's workspaces, so the
    /// graded tests' library is built once (cold, by the master's grading) and not three times.
    static var sharedWorkspaces: [String: String] {
        ProcessInfo.processInfo.environment.merging(["LESSON_GRADING_WORKSPACES": root.appendingPathComponent(".build/grading").path]) { $1 }
    }

    init() throws {
        package = try HomeworkPackage(root: Self.root)
        folder = try LessonProcess.temporaryFolder()
    }

    init(package: HomeworkPackage, folder: URL) {
        self.package = package
        self.folder = folder
    }

    /// A copy of the instructor's Homework folder in `submissions/<name>/Homework`, with
    /// the body of `function` replaced by `body` (nil: the reference solution).
    func fixture(_ name: String, replacing function: String? = nil, with body: String = "",
                 importFoundation: Bool = false) throws -> URL {
        let submission = folder.appendingPathComponent("submissions/\(name)")
        let homework = submission.appendingPathComponent("Homework")
        try FileManager.default.createDirectory(at: submission, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Homework"), to: homework)
        if let function { try replace(function, with: body, in: homework, importFoundation: importFoundation) }
        return homework
    }

    /// Replaces the solution of `function` in the fixture's Homework folder by `body`
    /// (between the solution markers, with `keepingMarkers`, as a student writes it).
    func replace(_ function: String, with body: String, in homework: URL, importFoundation: Bool = false,
                 keepingMarkers: Bool = false) throws {
        for file in package.exerciseFiles {
            let url = Self.root.appendingPathComponent(file)
            let source = try String(contentsOf: url, encoding: .utf8)
            guard source.contains("func \(function)(") else { continue }
            var lines = source.components(separatedBy: "\n")
            let begin = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == Markers.beginSolution })
            let end = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == Markers.endSolution })
            lines.replaceSubrange(begin...end, with: keepingMarkers ? [lines[begin], body, lines[end]] : [body])
            if importFoundation { lines.insert("import Foundation", at: 0) }
            try lines.joined(separator: "\n").write(
                to: homework.appendingPathComponent(String(file.dropFirst("Homework/".count))),
                atomically: true, encoding: .utf8)
            return
        }
        Issue.record("no exercise file declares \(function)")
    }

    /// A results.json: its score, the tests that passed, and its whole text.
    static func results(_ url: URL) throws -> (score: Double, passed: [String], text: String) {
        let text = try String(contentsOf: url, encoding: .utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let tests = json["tests"] as? [[String: Any]] ?? []
        return (json["score"] as? Double ?? -1,
                tests.filter { $0["status"] as? String == "passed" }.compactMap { $0["name"] as? String }, text)
    }

    /// The tests of one exercise suite, by ID prefix.
    func tests(_ prefix: String) -> Set<String> {
        Set(package.manifest.tests.map(\.id).filter { $0.hasPrefix(prefix) })
    }

    struct Expectation {
        let name: String
        let failing: Set<String>
        /// The status every failing test must report in results.json's output.
        let detail: String?
        var compileError = false
    }

    @Test("release, then grade: master, correct, untouched, order bug, trap, loop, exit(0), compile error, edited tests")
    func gradesEveryFixture() async throws {
        let all = Set(package.manifest.tests.map(\.id))
        // The untouched release, graded as a whole package copy.
        let untouched = folder.appendingPathComponent("submissions/untouched")
        let release = try await LessonProcess.run(["homework", "release", "--to", untouched.path, "--package", Self.root.path], in: folder)
        try #require(release.status == 0, "release failed: \(release.stderr)")
        let again = try await LessonProcess.run(["homework", "release", "--to", untouched.path, "--package", Self.root.path], in: folder)
        #expect(again.status == 64 && again.stderr.contains("--force"), "a non-empty folder is refused")

        let correct = try fixture("correct")
        let orderBug = try fixture("orderbug", replacing: "rtrlForward", with: """
                var r = r0, pw = 0.0, pb = 0.0
                var rates: [Double] = [], sensitivitiesW: [Double] = [], sensitivitiesB: [Double] = []
                for xt in x {
                    r = r + dt * ((w - 1) * r + b + xt)
                    pw = pw + dt * ((w - 1) * pw + r)   // the lecture skeleton: r is already r_{t+1}
                    pb = pb + dt * ((w - 1) * pb + 1)
                    rates.append(r)
                    sensitivitiesW.append(pw)
                    sensitivitiesB.append(pb)
                }
                return (rates, sensitivitiesW, sensitivitiesB)
            """)
        let trap = try fixture("trap", replacing: "bpttAdjoints", with: """
                let adjoints: [Double] = []
                return [adjoints[r.count]]
            """)
        let loop = try fixture("loop", replacing: "rtrlGradient", with: """
                var steps = 0
                while steps >= 0 { steps &+= 1; steps &= 0xffff }
                return (0, 0, 0)
            """)
        let exits = try fixture("exit", replacing: "gradientStep", with: "    exit(0)", importFoundation: true)
        let compileError = try fixture("compile", replacing: "bpttGradient", with: "    return (dw: adjointSum, db: 0)")

        // Edited tests: a package copy whose tests always pass, whose manifest gives 100
        // points a test and whose build file is changed, with everything solved but
        // trainRTRL. None of the edits may count.
        let edited = folder.appendingPathComponent("submissions/edited")
        try FileManager.default.copyItem(at: untouched, to: edited)
        try FileManager.default.removeItem(at: edited.appendingPathComponent("Homework"))
        try FileManager.default.copyItem(at: correct, to: edited.appendingPathComponent("Homework"))
        let train = "Homework/Assignment1/TrainRTRL.swift"
        try FileManager.default.removeItem(at: edited.appendingPathComponent(train))
        try FileManager.default.copyItem(at: untouched.appendingPathComponent(train), to: edited.appendingPathComponent(train))
        for file in package.testFiles where file.hasSuffix(".swift") {
            let text = try String(contentsOf: edited.appendingPathComponent(file), encoding: .utf8)
                .replacingOccurrences(of: "#expect(", with: "_ = (")
            try text.write(to: edited.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let manifestURL = edited.appendingPathComponent(Manifest.relativePath)
        try String(contentsOf: manifestURL, encoding: .utf8)
            .replacingOccurrences(of: "\"points\" : 1", with: "\"points\" : 100")
            .write(to: manifestURL, atomically: true, encoding: .utf8)
        try "// edited\n".write(to: edited.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)

        let submissions = [Self.root, correct, untouched, orderBug, trap, loop, exits, compileError, edited]
        let out = folder.appendingPathComponent("grades")
        await StudentCopyFirst.shared.wait()
        let grade = try await LessonProcess.run(
            ["grade"] + submissions.map(\.path) + ["--out", out.path, "--jobs", "2", "--timeout", "3", "--package", Self.root.path],
            in: folder)
        try #require(grade.status == 0, "grade failed: \(grade.stderr)\n\(grade.stdout)")

        let expectations = [
            Expectation(name: Self.root.lastPathComponent, failing: [], detail: nil),
            Expectation(name: "correct", failing: [], detail: nil),
            Expectation(name: "untouched", failing: all, detail: "not implemented yet"),
            Expectation(name: "orderbug", failing: tests("RTRLForwardTests/sensitivityPw"), detail: "expected"),
            Expectation(name: "trap", failing: tests("BPTTAdjointsTests/"), detail: "bpttAdjoints crashed (SIGILL"),
            Expectation(name: "loop", failing: tests("RTRLGradientTests/"), detail: "rtrlGradient did not return within this test's 3 s of calls"),
            Expectation(name: "exit", failing: tests("GradientStepTests/"), detail: "gradientStep ended its process (exit status 0)"),
            Expectation(name: "compile", failing: tests("BPTTGradientTests/"), detail: "not implemented yet", compileError: true),
            Expectation(name: "edited", failing: tests("TrainRTRLTests/"), detail: "not implemented yet"),
        ]
        #expect(!tests("RTRLForwardTests/sensitivityPw").isEmpty)
        for expectation in expectations {
            try check(expectation, in: out)
        }
        let lines = try String(contentsOf: out.appendingPathComponent("gradebook.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.map { String($0[0]) } == expectations.map(\.name))
        let untouchedColumn = try #require(header.firstIndex(of: "untouched"))
        #expect(rows.filter { $0[untouchedColumn] == "yes" }.map { String($0[0]) } == ["untouched"], "only the untouched copy is flagged")
    }

    /// results.json lists every manifest test once, with scores that add up; exactly the
    /// expected tests fail, each saying why; feedback.md exists.
    func check(_ expectation: Expectation, in out: URL) throws {
        let name = expectation.name
        let url = out.appendingPathComponent("\(name)/results.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any], "\(name)")
        var tests = try #require(json["tests"] as? [[String: Any]], "\(name)")
        if expectation.compileError {
            let build = try #require(tests.first, "\(name)")
            #expect(build["name"] as? String == "build" && build["visibility"] as? String == "visible")
            #expect((build["output"] as? String)?.contains("cannot find 'adjointSum' in scope") == true, "\(name): \(build)")
            #expect((build["output"] as? String)?.contains("BPTTGradient.swift") == true)
            tests.removeFirst()
        }
        let byNumber = Dictionary(grouping: tests) { $0["number"] as? String ?? "" }
        var failing = Set<String>()
        var total = 0.0
        for test in package.manifest.tests {
            let entries = byNumber[test.number] ?? []
            try #require(entries.count == 1, "\(name): test \(test.number) reported \(entries.count) times")
            let entry = entries[0]
            let score = entry["score"] as? Double ?? -1
            total += score
            if entry["status"] as? String == "passed" {
                #expect(score == test.points, "\(name) \(test.id)")
            } else {
                failing.insert(test.id)
                #expect(score == 0, "\(name) \(test.id)")
                let output = entry["output"] as? String ?? ""
                if test.visibility == .hidden {
                    #expect(output == test.hint, "\(name) \(test.id): a hidden test shows only its hint")
                } else if let detail = expectation.detail {
                    #expect(output.contains(detail), "\(name) \(test.id): \(output)")
                }
            }
        }
        #expect(failing == expectation.failing,
                "\(name): failed \(failing.subtracting(expectation.failing).sorted()) unexpectedly, passed \(expectation.failing.subtracting(failing).sorted()) unexpectedly")
        let expectedScore = package.manifest.tests.filter { !expectation.failing.contains($0.id) }.reduce(0) { $0 + $1.points }
        #expect(json["score"] as? Double == expectedScore && total == expectedScore, "\(name)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(name)/feedback.md").path))
    }

    /// The student's own pipeline on the released copy: `lesson check` builds the copy's
    /// graded tests and the student's executable, the same way `lesson grade` does. The
    /// untouched copy fails every public test as not implemented, without a crash; with the
    /// reference solutions and one compile error it stubs that exercise alone and scores what
    /// grading the same files scores.
    @Test("lesson check in the student copy: every public test fails untouched; a compile error costs what grading costs")
    func studentCopyChecks() async throws {
        await StudentCopyFirst.shared.begin()
        do {
            try await checkStudentCopy()
        } catch {
            await StudentCopyFirst.shared.end()
            throw error
        }
        await StudentCopyFirst.shared.end()
    }

    func checkStudentCopy() async throws {
        let copy = folder.appendingPathComponent("student")
        let release = try await LessonProcess.run(["homework", "release", "--to", copy.path, "--package", Self.root.path], in: folder)
        try #require(release.status == 0, "release failed: \(release.stderr)")
        let untouched = try await LessonProcess.run(["check", "--package", copy.path, "--timeout", "3"], in: folder, environment: Self.sharedWorkspaces)
        #expect(untouched.status == 1, "\(untouched.stdout)\n\(untouched.stderr)")
        let publicPoints = package.manifest.tests.filter { $0.visibility == .public }.reduce(0) { $0 + $1.points }
        #expect(untouched.stdout.contains("Score: 0/\(publicPoints.formatted()) on the public tests"), "\(untouched.stdout)")
        let results = try Self.results(copy.appendingPathComponent(".build/check/latest/results.json"))
        #expect(results.passed.isEmpty)
        #expect(results.text.contains("not implemented yet") && !results.text.contains("crashed"))

        // The reference solutions, markers and all, with the grading fixture's compile error.
        let homework = copy.appendingPathComponent("Homework")
        for file in package.exerciseFiles {
            try FileManager.default.removeItem(at: copy.appendingPathComponent(file))
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent(file), to: copy.appendingPathComponent(file))
        }
        try replace("bpttGradient", with: "    return (dw: adjointSum, db: 0)", in: homework, keepingMarkers: true)
        let broken = try await LessonProcess.run(["check", "--package", copy.path, "--timeout", "3"], in: folder, environment: Self.sharedWorkspaces)
        let expected = package.manifest.tests.filter { $0.visibility == .public && $0.exercise != "bpttGradient" }
            .reduce(0) { $0 + $1.points }
        #expect(broken.stdout.contains("Score: \(expected.formatted())/\(publicPoints.formatted()) on the public tests"),
                "check stubs the broken exercise alone, as grade does: \(broken.stdout)")
        let feedback = try String(contentsOf: copy.appendingPathComponent(".build/check/latest/feedback.md"), encoding: .utf8)
        #expect(feedback.contains("cannot find 'adjointSum' in scope") && feedback.contains("BPTTGradient.swift"))
    }

    @Test("the Gradescope bundle's run_autograder grades a submission into results/results.json")
    func autograderBundle() async throws {
        let zip = folder.appendingPathComponent("autograder.zip")
        let bundle = try await LessonProcess.run(["homework", "autograder", "--out", zip.path, "--package", Self.root.path], in: folder)
        try #require(bundle.status == 0, "autograder failed: \(bundle.stderr)")
        // Unpack as Gradescope does, and stand in for setup.sh's release build of `lesson`.
        let autograder = folder.appendingPathComponent("autograder")
        let source = autograder.appendingPathComponent("source")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        let unzip = try await LessonProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-m", "zipfile", "-e", zip.path, source.path], in: folder)
        try #require(unzip.status == 0, "\(unzip.stderr)")
        let release = source.appendingPathComponent("package/.build/release")
        try FileManager.default.createDirectory(at: release, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: release.appendingPathComponent("lesson"), withDestinationURL: LessonProcess.executable)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Homework"),
                                         to: autograder.appendingPathComponent("submission"))
        await StudentCopyFirst.shared.wait()
        let run = try await LessonProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["AUTOGRADER_ROOT=\(autograder.path)", "bash", source.appendingPathComponent("run_autograder").path], in: folder,
            environment: Self.sharedWorkspaces)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let results = autograder.appendingPathComponent("results/results.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        #expect(json["score"] as? Double == package.manifest.totalPoints)
        #expect((json["tests"] as? [Any])?.count == package.manifest.tests.count)
    }
}
// END HIDDEN TESTS
