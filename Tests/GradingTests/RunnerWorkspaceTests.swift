import Foundation
import Testing
@testable import Grading
@testable import Sandboxing

/// A runner workspace that was never built starts as a copy of one that was.
@Suite("Runner workspaces: a cold one is seeded from a built one")
struct RunnerWorkspaceTests {
    @Test("seeding copies the build state whole, with its modification times, and replaces what was there")
    func seed() throws {
        let root = try temporaryFolder(), package = try HomeworkPackage(root: packageRoot)
        let built = RunnerWorkspace(directory: root.appendingPathComponent("runner-0"), package: package, sandbox: Sandbox())
        let cold = RunnerWorkspace(directory: root.appendingPathComponent("runner-1"), package: package, sandbox: Sandbox())
        let object = built.buildFolder.appendingPathComponent("debug/Homework.build/RTRLForward.swift.o")
        try FileManager.default.createDirectory(at: object.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "object".write(to: object, atomically: true, encoding: .utf8)
        let then = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: then], ofItemAtPath: object.path)
        try FileManager.default.createDirectory(at: cold.directory, withIntermediateDirectories: true)
        try "stale".write(to: cold.directory.appendingPathComponent("leftover"), atomically: true, encoding: .utf8)
        #expect(!FileManager.default.fileExists(atPath: cold.buildFolder.path))

        try cold.seed(from: built)
        let copied = cold.buildFolder.appendingPathComponent("debug/Homework.build/RTRLForward.swift.o")
        #expect(try String(contentsOf: copied, encoding: .utf8) == "object")
        let time = try FileManager.default.attributesOfItem(atPath: copied.path)[.modificationDate] as? Date
        #expect(time == then, "an incremental build compares times: they must survive the copy")
        #expect(!FileManager.default.fileExists(atPath: cold.directory.appendingPathComponent("leftover").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["runner-0", "runner-1"],
                "no staging folder is left behind")
    }
}
