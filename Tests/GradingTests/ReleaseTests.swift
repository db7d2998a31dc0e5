import Foundation
import Testing
import ZIPFoundation
@testable import Grading

@Suite("Releasing the student copy and the autograder bundle")
struct ReleaseTests {
    let package: HomeworkPackage

    init() throws {
        package = try HomeworkPackage(root: packageRoot)
    }

    @Test("the student copy: stubs, no hidden tests, public manifest; a non-empty folder needs force")
    func release() throws {
        try #require(!package.manifest.isStudentCopy, "runs in the instructor's package")
        let destination = try temporaryFolder().appendingPathComponent("student")
        try StudentCopy.release(package, to: destination, force: false)

        let copy = try HomeworkPackage(root: destination)
        #expect(copy.manifest.isStudentCopy)
        #expect(copy.manifest.tests == package.manifest.tests.filter { $0.visibility == .public })
        #expect(copy.exerciseFiles.isEmpty)
        for file in package.exerciseFiles {
            let text = try copy.text(file)
            #expect(text.contains("throw NotImplemented(\""), "\(file) has no stub")
            #expect(text == (try package.starter(file)))
        }
        for file in copy.testFiles where file.hasSuffix(".swift") {
            #expect(try Markers.hiddenTestFunctions(in: copy.text(file), file: file).isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: destination.appendingPathComponent(".build").path))

        #expect(throws: GradingError.self) { try StudentCopy.release(package, to: destination, force: false) }
        let extra = destination.appendingPathComponent("notes.txt")
        try Data("mine".utf8).write(to: extra)
        try StudentCopy.release(package, to: destination, force: true)
        #expect(FileManager.default.fileExists(atPath: extra.path), "--force replaces only the course's own files")
        #expect(throws: GradingError.self) { try StudentCopy.release(copy, to: try temporaryFolder(), force: false) }
    }

    @Test("the autograder bundle: both scripts, executable, and the package with hidden tests but no solutions")
    func autograder() throws {
        let data = try AutograderBundle.zip(package, timeout: 10)
        let archive = try Archive(data: data, accessMode: .read)
        let entries = Dictionary(uniqueKeysWithValues: archive.map { ($0.path, $0) })
        for script in ["setup.sh", "run_autograder"] {
            let entry = try #require(entries[script])
            #expect(entry.fileAttributes[.posixPermissions] as? Int16 == 0o755 || entry.fileAttributes[.posixPermissions] as? Int == 0o755)
            var text = Data()
            _ = try archive.extract(entry) { text.append($0) }
            let folder = try temporaryFolder()
            let file = folder.appendingPathComponent(script)
            try text.write(to: file)
            let check = try ChildProcess.run("bash", ["-n", file.path], directory: folder,
                                             output: folder.appendingPathComponent("out.txt"), timeout: 10)
            #expect(check.termination == .exited(0), "\(script) has a bash syntax error")
        }
        #expect(entries["package/\(Manifest.relativePath)"] != nil)
        #expect(entries["package/Package.swift"] != nil)
        for file in package.exerciseFiles {
            let entry = try #require(entries["package/\(file)"])
            var text = Data()
            _ = try archive.extract(entry) { text.append($0) }
            let stub = String(decoding: text, as: UTF8.self)
            #expect(stub == (try Markers.stubbingSolutions(in: package.text(file), file: file, keepingMarkers: true)))
            #expect(stub.contains("throw NotImplemented(\"") && Markers.hasSolution(stub), "\(file): the stub between its markers")
        }
        let hidden = package.manifest.tests.filter { $0.visibility == .hidden }
        #expect(!hidden.isEmpty)
    }
}
