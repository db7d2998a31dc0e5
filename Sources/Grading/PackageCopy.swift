import Foundation

/// The files of a copy of the course package with the instructor's secrets removed.
///
/// Both copies replace every reference solution by its stub, between the solution markers,
/// so that either still knows which files are the students' and what each stub is (a
/// student's `lesson check` stubs an exercise that does not compile, as `lesson grade`
/// does). The student copy also drops the hidden tests and lists only the public tests in
/// its manifest; the grader's copy (inside the autograder bundle) keeps them, since it
/// grades with them.
enum PackageCopy {
    enum Kind {
        case student
        case grader
    }

    /// The top-level entries a copy holds; build products, plots and CI files stay behind.
    static let entries = ["Package.swift", "README.md", ".gitignore", "Sources", "Plugins", "Lessons", "Homework", "Tests"]

    /// Every file of the copy: path relative to the package root, and contents.
    static func files(of package: HomeworkPackage, kind: Kind) throws(GradingError) -> [(path: String, data: Data)] {
        var result: [(path: String, data: Data)] = []
        let manager = FileManager.default
        for entry in entries {
            let url = package.root.appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            let paths = isDirectory.boolValue ? FileTree.files(in: url).map { "\(entry)/\($0)" } : [entry]
            for path in paths where !package.otherAssignmentsTestFiles.contains(path) {
                result.append((path, try transformed(path, of: package, kind: kind)))
            }
        }
        if kind == .grader {
            // The autograder builds with exactly the dependency versions this package was
            // built and tested with (`--force-resolved-versions` in its setup).
            let resolved = package.root.appendingPathComponent("Package.resolved")
            guard let data = manager.contents(atPath: resolved.path) else {
                throw .invalidPackage("no Package.resolved in \(package.root.path): run `swift package resolve` there first, so the autograder pins the versions you tested with")
            }
            result.append(("Package.resolved", data))
        }
        try verify(result, kind: kind)
        return result
    }

    private static func transformed(_ path: String, of package: HomeworkPackage, kind: Kind) throws(GradingError) -> Data {
        if kind == .student && path == "README.md" {        // the instructor's README speaks of solutions and grading
            return Data(StudentReadme.text(manifest: package.manifest.studentCopy, exerciseFiles: package.solutionFiles).utf8)
        }
        if path == Manifest.relativePath {
            let manifest = kind == .student ? package.manifest.studentCopy : package.manifest
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(manifest) else { throw .io("cannot encode the manifest") }
            return data + Data("\n".utf8)
        }
        if path.hasPrefix(HomeworkPackage.homeworkFolder + "/") && path.hasSuffix(".swift") {
            let text = try Markers.stubbingSolutions(in: package.text(path), file: path, keepingMarkers: true)
            return Data(text.utf8)
        }
        if kind == .student && path.hasPrefix("Tests/") && path.hasSuffix(".swift") {
            return Data(try Markers.removingHiddenTests(from: package.text(path), file: path).utf8)
        }
        guard let data = FileManager.default.contents(atPath: package.root.appendingPathComponent(path).path) else {
            throw .io("cannot read \(package.root.appendingPathComponent(path).path)")
        }
        return data
    }

    /// No solution may survive in any copy, and no hidden test in the student's: in both,
    /// every solution region holds exactly its stub (stubbing it again changes nothing),
    /// and the student copy has no hidden-test marker left.
    private static func verify(_ files: [(path: String, data: Data)], kind: Kind) throws(GradingError) {
        let forbidden = kind == .student ? [Markers.beginHidden, Markers.endHidden] : []
        for file in files where file.path.hasSuffix(".swift") {
            let text = String(decoding: file.data, as: UTF8.self)
            if file.path.hasPrefix(HomeworkPackage.homeworkFolder + "/"),
               try Markers.stubbingSolutions(in: text, file: file.path, keepingMarkers: true) != text {
                throw .invalidPackage("\(file.path): a solution would leak into the autograder; check the markers")
            }
            let lines = text.components(separatedBy: "\n")
            if let line = lines.first(where: { forbidden.contains($0.trimmingCharacters(in: .whitespaces)) }) {
                throw .invalidPackage("\(file.path): \(line.trimmingCharacters(in: .whitespaces)) would leak into the copy; check the markers")
            }
        }
    }
}
