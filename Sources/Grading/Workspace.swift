import Foundation
import Sandboxing

/// A clean copy of the instructor's package, cut down to what the graded tests need,
/// in which one submission at a time is built and tested.
///
/// It holds the library (`Sources/CLinearAlgebra`, `Sources/CRateKernels`, `Sources/RecurrentLearning`), the
/// instructor's `Tests/HomeworkTests` with the hidden tests, the provided homework
/// files, and for each exercise file the student's version (or the starter stub). Its
/// `Package.swift` is generated here, so nothing a student edits outside their exercise
/// files reaches the build. The folder persists between runs: a new submission
/// recompiles only the homework module and the tests.
final class Workspace: @unchecked Sendable {
    let directory: URL
    let package: HomeworkPackage

    static let packageName = "HomeworkGrading"

    init(directory: URL, package: HomeworkPackage) {
        self.directory = directory
        self.package = package
    }

    /// The test bundle `swift build --build-tests` produces (an executable on Linux).
    var testBinary: URL {
        directory.appendingPathComponent(".build/debug/\(Self.packageName)PackageTests.xctest")
    }

    static let manifestText = """
        // swift-tools-version:6.0
        // Written by `lesson grade`: the instructor's graded tests over one submission's homework.
        import PackageDescription

        let package = Package(
            name: "\(packageName)",
            platforms: [.macOS(.v13)],
            targets: [
                .systemLibrary(name: "CLinearAlgebra", path: "Sources/CLinearAlgebra", pkgConfig: "openblas"),
                .target(name: "CRateKernels"),
                .target(
                    name: "RecurrentLearning",
                    dependencies: [.target(name: "CLinearAlgebra", condition: .when(platforms: [.linux])), "CRateKernels"]),
                .target(name: "Homework", path: "Homework"),
                .testTarget(
                    name: "HomeworkTests",
                    dependencies: ["Homework", "RecurrentLearning"],
                    exclude: ["manifest.json"]),
            ]
        )

        """

    /// Rewrites the workspace for one submission. `homework` maps exercise files
    /// (relative to the package) to the submission's text; exercise files missing from
    /// it, or listed in `stubbed`, get the starter stub.
    func load(homework: [String: String], stubbed: Set<String>) throws(GradingError) {
        var contents: [String: String] = ["Package.swift": Self.manifestText]
        for folder in HomeworkPackage.libraryFolders {
            for file in FileTree.files(in: package.root.appendingPathComponent(folder)) {
                contents["\(folder)/\(file)"] = try package.text("\(folder)/\(file)")
            }
        }
        for file in package.testFiles {
            contents[file] = try package.text(file)
        }
        let exercises = Set(package.exerciseFiles)
        for file in package.homeworkFiles {
            if !exercises.contains(file) {
                contents[file] = try package.text(file)
            } else if let text = homework[file], !stubbed.contains(file) {
                contents[file] = text
            } else {
                contents[file] = try package.starter(file)
            }
        }
        try FileTree.synchronize(
            directory, to: contents,
            roots: HomeworkPackage.libraryFolders + [HomeworkPackage.homeworkFolder, HomeworkPackage.testFolder])
    }

    struct BuildResult {
        let succeeded: Bool
        /// The compiler's diagnostics, paths relative to the package.
        let diagnostics: String
        /// Package-relative files the errors point into.
        let filesWithErrors: Set<String>
        /// Names of the homework's source files whose object files a linker error names
        /// (a second `main`, a clashing symbol): `EqPropError.swift` for
        /// `Homework.build/EqPropError.swift.o`.
        var objectsWithErrors: Set<String> = []
    }

    /// `swift build --build-tests`, with a generous hard limit.
    func build(timeout: Double = 1200) throws(GradingError) -> BuildResult {
        let log = directory.appendingPathComponent(".build-log.txt")
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(
                "swift", ["build", "--build-tests", "--package-path", directory.path],
                directory: directory, environment: ["TERM": "dumb"], output: log, timeout: timeout)
        } catch {
            throw .invalidPackage("\(error); is the Swift toolchain on PATH?")
        }
        return Self.parse(log: (try? FileTree.read(log)) ?? "", prefix: directory.standardizedFileURL.path + "/",
                          termination: outcome.termination, timeout: timeout)
    }

    /// What a build log says: the diagnostics (paths relative to the package, progress
    /// lines dropped), the files the compiler's errors point into, and the homework object
    /// files a linker error names. The diagnostics are shown to the student, so they fail
    /// closed: a diagnostic about any file outside `Homework/` (the graded tests, a macro
    /// expansion of them) keeps only the message of its errors, and every line after it
    /// is dropped until the next diagnostic about a `Homework/` file or a bare `error:`
    /// line (the hidden tests' source would otherwise reach the feedback).
    static func parse(log text: String, prefix: String, termination: ChildProcess.Termination, timeout: Double) -> BuildResult {
        var files = Set<String>(), objects = Set<String>()
        var kept: [String] = [], hiding = false
        let header = #"^[^:\s]+\.swift:\d+:\d+: (error|warning|note): "#
        let testFile = #"\#(HomeworkPackage.testFolder)/[^/:\s]+\.swift"#
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("[") || line.hasPrefix("Building for") || line.hasPrefix("Build complete")
                || line.hasPrefix("Compiling") || line.hasPrefix("Write") || line.isEmpty { continue }
            let relative = line.replacingOccurrences(of: prefix, with: "")
            if let range = relative.range(of: header, options: .regularExpression) {
                hiding = !relative.hasPrefix(HomeworkPackage.homeworkFolder + "/")
                if !hiding {
                    kept.append(relative)
                } else if relative.range(of: #"^[^:\s]+\.swift:\d+:\d+: error: "#, options: .regularExpression) != nil {
                    let said = "a graded test does not compile against your code: " + relative[range.upperBound...]
                    if !kept.contains(said) { kept.append(said) }
                }
            } else if relative.hasPrefix("error:") {
                hiding = false
                kept.append(relative)
            } else if !hiding {
                kept.append(relative)
            }
            if let range = relative.range(of: #"^[^:\s]+\.swift(?=:\d+:\d+: error:)"#, options: .regularExpression) {
                files.insert(String(relative[range]))
            }
            // The test file an error group is about, wherever the line names it (a macro
            // expansion's "expanded code originates here" note names it, its header does not).
            if let range = relative.range(of: testFile, options: .regularExpression) {
                files.insert(String(relative[range]))
            }
            if let range = relative.range(of: #"(?<=\#(HomeworkPackage.homeworkFolder)\.build/)[^/\s:]+\.swift(?=\.o)"#,
                                          options: .regularExpression) {
                objects.insert(String(relative[range]))
            }
        }
        if termination == .timedOut { kept.append("(the build was stopped after \(Int(timeout)) s)") }
        if termination == .interrupted { kept.append("(the build was interrupted)") }
        return BuildResult(
            succeeded: termination == .exited(0),
            diagnostics: kept.joined(separator: "\n"),
            filesWithErrors: files, objectsWithErrors: objects)
    }
}
