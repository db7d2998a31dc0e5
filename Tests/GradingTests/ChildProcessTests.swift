import Foundation
import Testing
@testable import Grading

@Suite("Child processes under a hard deadline")
struct ChildProcessTests {
    @Test("exit status and output are kept")
    func exitStatus() throws {
        let folder = try temporaryFolder()
        let log = folder.appendingPathComponent("out.txt")
        let outcome = try ChildProcess.run("sh", ["-c", "echo hello; echo oops >&2; exit 3"],
                                           directory: folder, output: log, timeout: 5)
        #expect(outcome.termination == .exited(3))
        #expect(try String(contentsOf: log, encoding: .utf8) == "hello\noops\n")
    }

    @Test("the deadline kills the whole process group, grandchildren included")
    func killsGroup() throws {
        let folder = try temporaryFolder()
        let marker = folder.appendingPathComponent("survivor")
        // The grandchild would touch the marker after 2 s if it survived the kill.
        let outcome = try ChildProcess.run(
            "sh", ["-c", "(sleep 2; touch \(marker.path)) & while true; do :; done"],
            directory: folder, output: folder.appendingPathComponent("out.txt"), timeout: 0.3)
        #expect(outcome.termination == .timedOut)
        #expect(outcome.seconds < 1.5)
        Thread.sleep(forTimeInterval: 2.5)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test("a signal is reported as such")
    func signal() throws {
        let folder = try temporaryFolder()
        let outcome = try ChildProcess.run("sh", ["-c", "kill -ILL $$"], directory: folder,
                                           output: folder.appendingPathComponent("out.txt"), timeout: 5)
        #expect(outcome.termination == .signaled(SIGILL))
    }

    @Test("a missing program is a launch error")
    func missing() throws {
        let folder = try temporaryFolder()
        #expect(throws: ChildProcess.LaunchError.self) {
            try ChildProcess.run("no-such-program-here", [], directory: folder,
                                 output: folder.appendingPathComponent("out.txt"), timeout: 1)
        }
    }
}
