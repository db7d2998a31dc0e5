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
        let readme = try String(contentsOf: destination.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.hasPrefix("# Your homework") && readme.contains("lesson check"), "the student copy's README is the students'")
        #expect(!readme.contains("instructor") && !readme.contains("hidden tests between"), "and says nothing of the master")
        for file in package.exerciseFiles { #expect(readme.contains("`\(file)`"), "\(file) is listed") }

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

    @Test("--assignment N: the copy lists its tests alone, drops the other assignments' test files, leaks no solution")
    func releaseOneAssignment() throws {
        let two = try package.restricted(to: 2)
        #expect(two.manifest.assignments.map(\.number) == [2])
        #expect(two.manifest.tests == package.manifest.tests.filter { $0.assignment == 2 })
        #expect(two.exerciseFiles.allSatisfy { $0.hasPrefix("Homework/Assignment2/") } && !two.exerciseFiles.isEmpty)
        let destination = try temporaryFolder().appendingPathComponent("week3")
        try StudentCopy.release(two, to: destination, force: false)
        let copy = try HomeworkPackage(root: destination)
        #expect(copy.manifest.tests == two.manifest.tests.filter { $0.visibility == .public } && !copy.manifest.tests.isEmpty)
        #expect(copy.manifest.assignments.map(\.number) == [2])
        let tests = Set(copy.testFiles)
        #expect(tests.contains("Tests/HomeworkTests/BPTTAdjointsTests.swift") && tests.contains("Tests/HomeworkTests/Support.swift"))
        #expect(!tests.contains("Tests/HomeworkTests/RTRLForwardTests.swift"), "assignment 1's tests stay behind")
        for file in package.exerciseFiles {                  // every exercise a stub, released or not
            #expect(try copy.text(file) == (try Markers.stubbingSolutions(in: package.text(file), file: file, keepingMarkers: true)))
        }
        let readme = try String(contentsOf: destination.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("Homework/Assignment2/BPTTAdjoints.swift") && !readme.contains("Homework/Assignment1/"))
        #expect(throws: GradingError.badInput("there is no assignment 9; the assignments are 1, 2, 3, 4")) { try package.restricted(to: 9) }
    }

    @Test("--assignment N: grading builds the other assignments' exercises as stubs, never the master's solutions")
    func restrictedWorkspaceStubsTheRest() throws {
        let two = try package.restricted(to: 2)
        let directory = try temporaryFolder().appendingPathComponent("runner")
        let workspace = RunnerWorkspace(directory: directory, package: two, sandbox: Sandbox())
        try workspace.load(homework: [:], stubbed: [])
        for file in package.exerciseFiles {
            let written = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(written == (try package.starter(file)), "\(file) is its stub")
        }
    }

    @Test("--assignment N: the autograder grades that assignment alone, pinned to the tested dependency versions")
    func autograderOneAssignment() throws {
        let one = try package.restricted(to: 1)
        let folder = try temporaryFolder()
        let zip = folder.appendingPathComponent("a1.zip")
        try AutograderBundle.zip(one, timeout: 10).write(to: zip)
        let unpacked = folder.appendingPathComponent("x")
        let result = try ChildProcess.run("python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", zip.path, unpacked.path],
                                          directory: folder, output: folder.appendingPathComponent("out.txt"), timeout: 30)
        try #require(result.termination == .exited(0))
        let bundled = try HomeworkPackage(root: unpacked.appendingPathComponent("package"))
        #expect(bundled.manifest == one.manifest, "only assignment 1's tests, hidden ones included")
        #expect(try bundled.restricted(to: 1).exerciseFiles == one.exerciseFiles, "and only its exercise files are collected")
        for script in ["setup.sh", "run_autograder"] {
            #expect(try String(contentsOf: unpacked.appendingPathComponent(script), encoding: .utf8).contains("--assignment 1\n"), "\(script) grades assignment 1 alone")
        }
        #expect(!bundled.testFiles.contains("Tests/HomeworkTests/BPTTAdjointsTests.swift"))
        let pins = try Data(contentsOf: unpacked.appendingPathComponent("package/Package.resolved"))
        #expect(pins == (try Data(contentsOf: packageRoot.appendingPathComponent("Package.resolved"))), "the master's pins go along")
        #expect(try String(contentsOf: unpacked.appendingPathComponent("setup.sh"), encoding: .utf8)
            .contains("swift build -c release --product lesson --force-resolved-versions"))
    }

    @Test("CRC-32 of the standard check string")
    func crc() {
        #expect(ZipArchive.crc32(Data("123456789".utf8)) == 0xCBF4_3926)
    }
}
