import Foundation
import Testing
@testable import Grading
@testable import Sandboxing

/// The sandbox against the attacks graded code may make: reading the master, writing
/// outside its workspace, the network, fork bombs, processes that outlive it, floods of
/// output, memory and CPU hogs. Each runs a shell command inside `Sandbox`; where this
/// machine cannot create namespaces the suite is skipped (and `probe` says why).
@Suite("Sandbox: what graded code can and cannot do", .serialized,
       .enabled(if: Sandbox().isolation == .namespaces, "bubblewrap cannot create namespaces here"))
struct SandboxTests {
    /// A fresh workspace, world-writable (the sandbox's uid is not ours).
    static func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder.path)
        return folder
    }

    /// Runs `script` with /bin/sh in a sandbox over a fresh workspace; its output and outcome.
    static func run(_ script: String, limits: Sandbox.Limits = Sandbox.Limits(wallSeconds: 20),
                    readOnly: [URL] = []) async throws -> (output: String, outcome: Sandbox.Outcome, workspace: URL) {
        let folder = try workspace()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let outcome = try await onOwnThread {
            try Sandbox().run(["/bin/sh", "-c", script], readOnly: readOnly, workspace: folder, output: output, limits: limits)
        }
        return ((try? String(contentsOf: output, encoding: .utf8)) ?? "", outcome, folder)
    }

    @Test("a command runs as an unprivileged uid in its own PID namespace, with an empty environment")
    func runs() async throws {
        setenv("SANDBOX_TEST_SECRET", "hunter2", 1)                // the grader's environment must not reach it
        let (output, outcome, _) = try await Self.run("id -u; echo pid $$; env | sort | tr '\\n' ' '; exit 3")
        #expect(outcome.termination == .exited(3) && outcome.signal == nil)
        let lines = output.split(separator: "\n")
        let uid = lines.first.flatMap { Int($0) }
        #expect(uid != nil && uid != 0 && (geteuid() != 0 || uid! >= 60_000), "uid: \(output)")
        #expect(lines.contains("pid 2") || lines.contains("pid 1"), "its own PID namespace: \(output)")
        #expect(!output.contains("hunter2") && output.contains("PATH=/usr/bin:/bin"), "\(output)")
    }

    @Test("it sees the system and its workspace, not the master, the tests or /etc/passwd")
    func seesNothingOfOurs() async throws {
        let master = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (output, _, workspace) = try await Self.run("""
            test -e \(master.path)/Package.swift && echo LEAK master; test -e \(#filePath) && echo LEAK test
            test -e /etc/passwd && echo LEAK passwd; test -e /root && echo LEAK root
            echo mine > /work/mine && cat /work/mine
            """)
        #expect(!output.contains("LEAK"), "\(output)")
        #expect(output.contains("mine"), "the workspace is writable: \(output)")
        #expect(try String(contentsOf: workspace.appendingPathComponent("mine"), encoding: .utf8) == "mine\n",
                "what it writes in /work lands in the workspace, nowhere else")
    }

    @Test("it can write its workspace and /tmp only; what it is given read-only stays unchanged")
    func writesOnlyItsOwn() async throws {
        let given = try Self.workspace().appendingPathComponent("reference.txt")
        try "the answer".write(to: given, atomically: true, encoding: .utf8)
        // World-writable on the host: only the read-only bind can stop the write.
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: given.path)
        let (output, _, workspace) = try await Self.run("""
            echo x > /tmp/t && echo tmp ok; echo x > /usr/evil 2>&1 || echo usr refused
            echo y > \(given.path) 2>&1 || echo reference refused; cat \(given.path)
            echo x > /dev/planted 2>&1 || echo dev refused; echo x > /dev/null && echo null ok
            head -c 70000000 /dev/zero > /dev/shm/fill 2>/dev/null; echo "shm $(wc -c < /dev/shm/fill)"
            """, limits: Sandbox.Limits(fileBytes: 1 << 30, temporaryBytes: 1 << 20, wallSeconds: 20), readOnly: [given])
        #expect(output.contains("tmp ok") && output.contains("usr refused") && output.contains("reference refused"), "\(output)")
        #expect(output.contains("dev refused") && output.contains("null ok"), "/dev is read-only, its devices work: \(output)")
        let shm = output.split(separator: "\n").first { $0.hasPrefix("shm ") }.flatMap { Int($0.dropFirst(4)) }
        #expect(shm.map { $0 > 0 && $0 <= 1 << 20 } == true, "/dev/shm is bounded: \(output)")
        #expect(output.contains("the answer"), "it may read what it is given: \(output)")
        #expect(try String(contentsOf: given, encoding: .utf8) == "the answer")
        #expect(!FileManager.default.fileExists(atPath: "/usr/evil"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path).isEmpty, "nothing written to /tmp or elsewhere reaches the workspace")
    }

    @Test("it has no network")
    func noNetwork() async throws {
        let (output, _, _) = try await Self.run("cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '")
        #expect(output.split(separator: "\n").map(String.init) == ["lo"], "interfaces: \(output)")
    }

    @Test("a fork bomb stops at the process limit, and nothing it started outlives the sandbox, setsid or not")
    func processes() async throws {
        let marker = "31.4\(Int.random(in: 100_000...999_999))"
        let (output, outcome, _) = try await Self.run("""
            setsid sleep \(marker) >/dev/null 2>&1 &
            # The bomb in a subshell (dash exits when it cannot fork); builtins only after it.
            ( i=0; while [ $i -lt 100 ]; do sleep \(marker) >/dev/null 2>&1 & i=$((i + 1)); done ) 2>/tmp/errors
            while read -r line; do echo "$line"; done < /tmp/errors
            set -- /proc/[0-9]*; echo alive $#
            """, limits: Sandbox.Limits(processes: 16, wallSeconds: 20))
        #expect(output.contains("Cannot fork") || output.contains("Resource temporarily unavailable"), "\(output)")
        let alive = output.split(separator: "\n").first { $0.hasPrefix("alive ") }.flatMap { Int($0.dropFirst(6)) } ?? 0
        #expect(alive > 0 && alive <= 16, "processes inside: \(output)")
        #expect(outcome.seconds < 10)
        var survivors = try Self.hostProcesses(containing: marker)
        for _ in 0..<50 where !survivors.isEmpty {                  // the kernel reaps the namespace right after
            usleep(20_000)
            survivors = try Self.hostProcesses(containing: marker)
        }
        #expect(survivors.isEmpty, "outlived the sandbox: \(survivors)")
    }

    @Test("a flood of output stops at the file-size limit and is reported as truncated")
    func flood() async throws {
        let (output, outcome, _) = try await Self.run("yes 'all work and no play'", limits: Sandbox.Limits(fileBytes: 1 << 16, wallSeconds: 20))
        #expect(outcome.outputTruncated)
        #expect(output.utf8.count == 1 << 16)
        #expect(outcome.signal == SIGXFSZ, "\(outcome.termination)")
    }

    @Test("memory beyond the limit is refused; a CPU hog is killed at its CPU limit; a sleeper at the wall limit")
    func hogs() async throws {
        let memory = try await Self.run("python3 -c 'x = bytearray(1 << 30); print(len(x))' 2>&1 | tail -1",
                                  limits: Sandbox.Limits(memoryBytes: 256 << 20, wallSeconds: 20))
        #expect(memory.output.contains("MemoryError"), "\(memory.output)")
        let cpu = try await Self.run("while :; do :; done", limits: Sandbox.Limits(cpuSeconds: 1, wallSeconds: 20))
        #expect(cpu.outcome.signal == SIGXCPU || cpu.outcome.signal == SIGKILL, "\(cpu.outcome.termination)")
        #expect(cpu.outcome.termination != .timedOut, "its CPU limit ended it, not the wall limit of 20 s: on a busy machine a CPU second takes longer than a second")
        let wall = try await Self.run("sleep 30", limits: Sandbox.Limits(wallSeconds: 0.5))
        #expect(wall.outcome.termination == .timedOut)
        #expect(wall.outcome.seconds < 10, "a sleep of 30 s ended at its wall limit")
    }

    /// Host processes whose command line contains `text` (read from /proc, so that nothing
    /// we start ourselves matches).
    static func hostProcesses(containing text: String) throws -> [String] {
        let ids = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }
        return ids.compactMap { id in
            guard let data = FileManager.default.contents(atPath: "/proc/\(id)/cmdline") else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return line.contains(text) ? "\(id): \(line)" : nil
        }
    }
}
