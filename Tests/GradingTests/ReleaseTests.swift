import Foundation
import Testing
@testable import Grading
@testable import Sandboxing

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
        #expect(copy.exerciseFiles == package.exerciseFiles, "the copy still knows the students' files")
        for file in package.exerciseFiles {
            let text = try copy.text(file)
            #expect(text.contains("throw NotImplemented(\""), "\(file) has no stub")
            #expect(text == (try Markers.stubbingSolutions(in: package.text(file), file: file, keepingMarkers: true)))
            #expect(try copy.starter(file) == package.starter(file), "\(file): the copy's starter is the master's")
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
        let folder = try temporaryFolder()
        let zip = folder.appendingPathComponent("autograder.zip")
        try AutograderBundle.zip(package, timeout: 10).write(to: zip)
        // Python's zipfile reads the archive independently: CRCs, names, Unix modes.
        let listing = folder.appendingPathComponent("listing.txt")
        let script = """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None, "bad CRC"
            for i in z.infolist(): print(i.filename, oct(i.external_attr >> 16))
            z.extractall(sys.argv[2])
            """
        let read = try ChildProcess.run("python3", ["-c", script, zip.path, folder.appendingPathComponent("x").path],
                                        directory: folder, output: listing, timeout: 30)
        let lines = try String(contentsOf: listing, encoding: .utf8)
        try #require(read.termination == .exited(0), "\(lines)")
        let modes = Dictionary(uniqueKeysWithValues: lines.split(separator: "\n").map {
            let parts = $0.split(separator: " ")
            return (String(parts[0]), String(parts[1]))
        })
        #expect(modes["setup.sh"] == "0o100755" && modes["run_autograder"] == "0o100755")
        #expect(modes["package/Package.swift"] == "0o100644")
        #expect(modes["package/\(Manifest.relativePath)"] != nil)
        let unpacked = folder.appendingPathComponent("x")
        for script in ["setup.sh", "run_autograder"] {
            let check = try ChildProcess.run("bash", ["-n", unpacked.appendingPathComponent(script).path], directory: folder,
                                             output: folder.appendingPathComponent("out.txt"), timeout: 10)
            #expect(check.termination == .exited(0), "\(script) has a bash syntax error")
        }
        let bundled = try HomeworkPackage(root: unpacked.appendingPathComponent("package"))
        #expect(bundled.manifest == package.manifest, "the bundle grades with the full manifest")
        #expect(bundled.exerciseFiles == package.exerciseFiles, "the bundle still knows the students' files")
        #expect(bundled.testFiles == package.testFiles)
        for file in package.exerciseFiles {
            let stub = try bundled.text(file)
            #expect(stub == (try Markers.stubbingSolutions(in: package.text(file), file: file, keepingMarkers: true)))
            #expect(stub.contains("throw NotImplemented(\"") && Markers.hasSolution(stub), "\(file): the stub between its markers")
        }
        for file in package.testFiles where file != Manifest.relativePath {
            #expect(try bundled.text(file) == package.text(file), "\(file): hidden tests kept")
        }
    }

    @Test("CRC-32 of the standard check string")
    func crc() {
        #expect(ZipArchive.crc32(Data("123456789".utf8)) == 0xCBF4_3926)
    }
}
