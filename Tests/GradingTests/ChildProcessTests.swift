import Foundation
import Testing
@testable import Grading
@testable import Sandboxing

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

    @Test("a child gets only its standard descriptors, not one this process left open without close-on-exec")
    func onlyStandardDescriptors() throws {
        let folder = try temporaryFolder()
        let leaked = Pipe()          // Foundation's pipes are not close-on-exec
        let writeEnd = leaked.fileHandleForWriting.fileDescriptor
        #expect(fcntl(writeEnd, F_GETFD) & FD_CLOEXEC == 0, "the test needs a descriptor that exec does not close")
        let log = folder.appendingPathComponent("fds.txt")
        // The shell's descriptors, listed by a program of its own.
        let outcome = try ChildProcess.run("sh", ["-c", "ls /proc/$$/fd"],
                                           directory: folder, output: log, timeout: 5)
        #expect(outcome.termination == .exited(0))
        let descriptors = Set(try String(contentsOf: log, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) })
        #expect(!descriptors.isEmpty && !descriptors.contains(writeEnd), "the child holds \(descriptors.sorted())")
        #expect(descriptors.isSubset(of: [0, 1, 2]), "the child holds \(descriptors.sorted())")
        try leaked.fileHandleForWriting.close()
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

@Suite("Interrupting a child process")
struct InterruptionTests {
    @Test("an interruption kills the running child's whole group at once, and starts no other")
    func interrupt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("interrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let interruption = Interruption()
        let marker = "27.1\(Int.random(in: 100_000...999_999))"
        Thread { usleep(300_000); interruption.request() }.start()   // not on Dispatch's pool, which busy tests can fill
        let outcome = try ChildProcess.run("sh", ["-c", "sleep \(marker) & sleep \(marker)"], directory: folder,
                                           output: folder.appendingPathComponent("out"), timeout: 30, interruption: interruption)
        #expect(outcome.termination == .interrupted)
        #expect(outcome.seconds < 15, "ended by the interruption, long before the sleep or the 30 s timeout")
        usleep(100_000)
        #expect(try SandboxTests.hostProcesses(containing: marker).isEmpty, "the group is gone, background child included")
        let next = try ChildProcess.run("sh", ["-c", "touch started"], directory: folder,
                                        output: folder.appendingPathComponent("out"), timeout: 30, interruption: interruption)
        #expect(next.termination == .interrupted && !FileManager.default.fileExists(atPath: folder.appendingPathComponent("started").path))
        #expect(TestRun.classify(record: EventRecord(jsonLines: "", prefix: ""), termination: .interrupted, log: "",
                                 timeout: 1, seconds: 0).status == .notRun)
    }
}
