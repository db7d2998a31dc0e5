import Foundation
import Sandboxing

/// The instructor's graded tests, built once per grading run from the package alone.
///
/// It holds the library the tests compare against, the call boundary
/// (`HomeworkInterface`, `HomeworkClient`, `Sandboxing`) and `Tests/HomeworkTests` with the
/// hidden tests, and no homework: the tests reach the student's functions only through
/// the executable each `RunnerWorkspace` builds, so no student code is ever compiled
/// into them, and the process that runs a test and reports its verdict runs none.
final class TestWorkspace: @unchecked Sendable {
    let directory: URL
    let package: HomeworkPackage

    static let packageName = "HomeworkGrading"
    /// The package's sources the tests are built from.
    static let sourceFolders = HomeworkPackage.libraryFolders
        + ["Sources/HomeworkInterface", "Sources/HomeworkClient", "Sources/Sandboxing"]

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
        // Written by `lesson grade`: the instructor's graded tests, which call the student's
        // code only through the homework-runner executable of each submission.
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
                .target(name: "HomeworkInterface", swiftSettings: [.unsafeFlags(["-O"])]),
                .target(name: "Sandboxing"),
                .target(name: "HomeworkClient", dependencies: ["HomeworkInterface", "Sandboxing"]),
                .testTarget(
                    name: "HomeworkTests",
                    dependencies: ["HomeworkClient", "RecurrentLearning"],
                    exclude: ["manifest.json"]),
            ]
        )

        """

    /// Copies the package's sources and tests in (only what changed is rewritten) and
    /// builds them; the instructor sees the diagnostics if that fails.
    func build(timeout: Double = 1800) throws(GradingError) {
        var contents: [String: String] = ["Package.swift": Self.manifestText]
        contents.merge(try package.texts(under: Self.sourceFolders)) { $1 }
        for file in package.testFiles {
            contents[file] = try package.text(file)
        }
        try FileTree.synchronize(directory, to: contents, roots: Self.sourceFolders + [HomeworkPackage.testFolder])
        let log = directory.appendingPathComponent(".build-log.txt")
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(
                "swift", ["build", "--build-tests", "--package-path", directory.path],
                directory: directory, environment: ["TERM": "dumb"], output: log, timeout: timeout)
        } catch {
            throw .invalidPackage("\(error); is the Swift toolchain on PATH?")
        }
        if outcome.termination == .interrupted { return }
        guard outcome.termination == .exited(0) else {
            let text = (try? FileTree.read(log)) ?? ""
            throw .masterDoesNotBuild(text.components(separatedBy: "\n").filter { $0.contains("error") }.prefix(40)
                .joined(separator: "\n"))
        }
    }
}
