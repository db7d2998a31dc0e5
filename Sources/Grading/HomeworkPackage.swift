import Foundation

/// The course package whose homework is graded: the instructor's master, or a student's
/// released copy (where `lesson check` runs).
public struct HomeworkPackage: Sendable {
    public let root: URL
    public private(set) var manifest: Manifest
    /// Every Swift file under `Homework/`, relative to the package root.
    public let homeworkFiles: [String]
    /// The files holding solution regions: the ones a student writes. Empty in a
    /// student copy, whose solutions are already stubs.
    public private(set) var exerciseFiles: [String]
    /// Every file holding solution regions, of every assignment: `exerciseFiles` before any
    /// restriction. The grading workspaces stub the ones not graded.
    public let solutionFiles: [String]
    /// The test module's files, relative to the package root.
    public let testFiles: [String]
    /// Test files whose suites grade only other assignments than the one this package is
    /// restricted to (`restricted(to:)`): the copies leave them out. Empty otherwise.
    public private(set) var otherAssignmentsTestFiles: Set<String> = []
    /// The assignment `restricted(to:)` chose; nil for the whole package.
    public private(set) var assignment: Int?

    public static let homeworkFolder = "Homework"
    public static let testFolder = "Tests/HomeworkTests"
    /// The library the graded tests compare against, and the C modules it links.
    public static let libraryFolders = ["Sources/CLinearAlgebra", "Sources/CRateKernels", "Sources/RecurrentLearning"]

    public init(root: URL) throws(GradingError) {
        let manager = FileManager.default
        guard manager.fileExists(atPath: root.appendingPathComponent("Package.swift").path),
              manager.fileExists(atPath: root.appendingPathComponent(Self.homeworkFolder).path)
        else {
            throw .invalidPackage("\(root.path) is not the course package (no Package.swift with a Homework folder); run inside it or pass --package DIR")
        }
        self.root = root
        manifest = try Manifest.load(packageRoot: root)
        homeworkFiles = FileTree.files(in: root.appendingPathComponent(Self.homeworkFolder))
            .filter { $0.hasSuffix(".swift") }
            .map { "\(Self.homeworkFolder)/\($0)" }
        var exercises: [String] = []
        for file in homeworkFiles {
            if Markers.hasSolution(try FileTree.read(root.appendingPathComponent(file))) {
                exercises.append(file)
            }
        }
        exerciseFiles = exercises
        solutionFiles = exercises
        testFiles = FileTree.files(in: root.appendingPathComponent(Self.testFolder))
            .map { "\(Self.testFolder)/\($0)" }
    }

    /// The package seen as one assignment (`--assignment N`): its tests and exercise files
    /// alone are graded, checked and released; the other exercises stay stubs.
    public func restricted(to assignment: Int) throws(GradingError) -> HomeworkPackage {
        var package = self
        package.assignment = assignment
        package.manifest = try manifest.restricted(to: assignment)
        var folder = package.manifest.assignments[0].folder
        while folder.hasSuffix("/") { folder.removeLast() }
        folder += "/"
        package.exerciseFiles = exerciseFiles.filter { $0.hasPrefix(folder) }
        guard !package.exerciseFiles.isEmpty || exerciseFiles.isEmpty else {
            throw .invalidPackage("assignment \(assignment)'s folder \(folder) holds no exercise file; check its folder in \(Manifest.relativePath)")
        }
        let kept = Set(package.manifest.tests.map { Manifest.suite(of: $0.id) })
        let others = Set(manifest.tests.map { Manifest.suite(of: $0.id) }).subtracting(kept)
        package.otherAssignmentsTestFiles = Set(others.map { "\(Self.testFolder)/\($0).swift" })
        return package
    }

    /// Finds the package containing `directory` (itself or an ancestor).
    public static func enclosing(_ directory: URL) throws(GradingError) -> HomeworkPackage {
        var candidate = directory.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(Manifest.relativePath).path) {
                return try HomeworkPackage(root: candidate)
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path {
                throw .invalidPackage("no course package (with \(Manifest.relativePath)) in \(directory.path) or above; run inside it or pass --package DIR")
            }
            candidate = parent
        }
    }

    public func text(_ relativePath: String) throws(GradingError) -> String {
        try FileTree.read(root.appendingPathComponent(relativePath))
    }

    /// Every regular file under `folders` (package-relative), by package-relative path.
    func texts(under folders: [String]) throws(GradingError) -> [String: String] {
        var texts: [String: String] = [:]
        for folder in folders {
            for file in FileTree.files(in: root.appendingPathComponent(folder)) {
                texts["\(folder)/\(file)"] = try text("\(folder)/\(file)")
            }
        }
        return texts
    }

    /// The starter version of a homework file: solutions replaced by stubs.
    public func starter(_ relativePath: String) throws(GradingError) -> String {
        try Markers.stubbingSolutions(in: text(relativePath), file: relativePath)
    }
}
