import Foundation
import Testing
@testable import Grading
@testable import HomeworkClient
import HomeworkInterface
@testable import Sandboxing

/// The wire format between a graded test and the student's executable: exact for every
/// double, strict about everything else.
@Suite("Call boundary: the wire format")
struct WireFormatTests {
    @Test("every double survives bit for bit, and so do ints, bools, strings and nested lists")
    func roundTrips() throws {
        var rng = SystemRandomNumberGenerator()
        let doubles: [Double] = [0, -0.0, 1, -1, .pi, .nan, -.nan, .infinity, -.infinity,
                                 .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0x1p-1060]
            + (0..<200).map { _ in Double(bitPattern: rng.next()) }
        let value = WireValue.list([
            doubles.wire, Int.min.wire, Int.max.wire, Int(0).wire, true.wire, false.wire,
            "λ = 0.1, r* ≥ 1 \u{0} \n".wire, "".wire, WireValue.list([]), [[1.5], []].wire,
        ])
        let line = value.line
        #expect(!line.contains("\n"))
        let back = try #require(WireValue(line: line))
        #expect(back == value)
        guard case .list(let parts) = back else { Issue.record("not a list"); return }
        let decoded = try #require([Double](wire: parts[0]))
        #expect(decoded.map(\.bitPattern) == doubles.map(\.bitPattern))
    }

    @Test("anything but exactly one well-formed value is refused", arguments: [
        "", " ", "d3ff00000000000000", "d3FF000000000000", "d3ff00000000000", "i", "i1.5", "tt", "x1",
        "[", "[ d3ff0000000000000", "[ ] ]", "[ ]  ", "[ ] ", "i1 i2", "s6", "s6g", "sff",
        String(repeating: "[ ", count: 9) + String(repeating: "] ", count: 8) + "]",
    ])
    func refusesGarbage(line: String) {
        #expect(WireValue(line: line) == nil, "\(line) was accepted")
    }

    @Test("messages and the errors they carry round-trip; a message of another shape is refused")
    func messages() throws {
        let messages: [WireMessage] = [
            .call(exercise: "rtrlForward", arguments: [[0.5].wire, Double(1).wire]),
            .returned([]), .callback(name: "forward", arguments: [Int(3).wire]),
            .threw(.notImplemented(exercise: "fixedPoint")), .threw(.unstableFixedPoint(w: 1.2)),
            .threw(.adjointDidNotConverge(steps: 50)), .threw(.unstableNudgedFixedPoint(w: 0.9, nudge: 0.2)),
            .threw(.other("index out of range")),
        ]
        for message in messages {
            #expect(WireMessage(wire: try #require(WireValue(line: message.wire.line))) == message)
        }
        #expect(WireMessage(wire: .list([.string("returned")])) == nil)
        #expect(WireMessage(wire: .list([.string("threw"), .list([.string("unstableFixedPoint"), .int(1)])])) == nil)
        #expect(WireMessage(wire: .list([.string("passed"), .list([])])) == nil)
        // The provided error types come back as themselves, so a test can expect them.
        #expect(ThrownError(UnstableFixedPoint(w: 1)).error as? UnstableFixedPoint == UnstableFixedPoint(w: 1))
        #expect(ThrownError(AdjointDidNotConverge(steps: 3)).error as? AdjointDidNotConverge == AdjointDidNotConverge(steps: 3))
    }
}

/// The test's side of the boundary against executables that misbehave: each is a shell
/// script standing in for a student's executable, run in the real sandbox. Whatever it
/// does, the call fails (or returns a value the test then judges), saying what happened,
/// and nothing it started survives.
@Suite("Call boundary: a hostile student executable", .serialized,
       .enabled(if: Sandbox().isolation == .namespaces, "bubblewrap cannot create namespaces here"))
struct HostileExecutableTests {
    /// An executable running `script` (after reading the call), with `budget` seconds of calls.
    static func executable(_ script: String, budget: Double = 10) throws -> StudentCode.Executable {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("boundary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        let source = folder.appendingPathComponent("runner.sh"), file = folder.appendingPathComponent("runner")
        try "#!/bin/sh\nread line\n\(script)\n".write(to: source, atomically: true, encoding: .utf8)
        // Written as the grader writes an executable (close-on-exec), or a process another
        // test spawns meanwhile could hold it open for writing: "Text file busy".
        try FileTree.copy(source, to: file, permissions: 0o755)
        return StudentCode.Executable(.init(runner: file, callTimeout: budget))
    }

    /// The failure a call into `script` ends with.
    static func failure(_ script: String, budget: Double = 10) throws -> String {
        let executable = try executable(script, budget: budget)
        do {
            let values = try executable.call("fixedPoint", [Double(1).wire], callbacks: { _, _ in nil })
            return "returned \(values.values)"
        } catch let error as StudentCallFailed {
            return error.description
        }
    }

    @Test("a crash, a hang, an early exit and garbage are each named")
    func failuresAreNamed() throws {
        let crash = try Self.failure("kill -SEGV $$")
        #expect(crash.contains("fixedPoint crashed (SIGSEGV"), "\(crash)")
        let clock = ContinuousClock(), start = clock.now
        let hang = try Self.failure("while :; do :; done", budget: 1)
        #expect(hang.contains("did not return within this test's 1 s of calls"), "\(hang)")
        #expect(start.duration(to: clock.now) < .seconds(10), "the 1 s budget ended the hang")
        let exit = try Self.failure("exit 0")
        #expect(exit.contains("ended its process (exit status 0) instead of returning"), "\(exit)")
        let garbage = try Self.failure("echo 'you pass'")
        #expect(garbage.contains("sent an answer the test cannot read"), "\(garbage)")
        let said = try Self.failure("echo oops >&2; exit 3")
        #expect(said.hasSuffix("its last output:\noops"), "\(said)")
    }

    @Test("a forged message is only an answer: the test still judges it")
    func forgedAnswer() throws {
        let executable = try Self.executable("echo '\(WireMessage.returned([Double(2).wire]).wire.line)'")
        let values = try executable.call("fixedPoint", [Double(1).wire], callbacks: { _, _ in nil })
        #expect(try values.get(0, as: Double.self) == 2)
        // …and a wrong shape of answer is named as such by the decoding side.
        #expect(throws: StudentCallFailed.self) {
            try StudentCode.decode("fixedPoint") { () throws(WireMismatch) in try values.expect(count: 3) }
        }
    }

    @Test("a callback it asks for and then does not wait for, or an answer of 2 MB, fails only the call")
    func brokenPipeAndLongLine() throws {
        // The test's reply to the callback goes to a closed pipe: without SIGPIPE ignored,
        // that would end the test's own process.
        let callback = WireMessage.callback(name: "forward", arguments: []).wire.line
        let gone = try Self.executable("echo '\(callback)'; exec 1>&-; exit 0")
        #expect(throws: StudentCallFailed.self) {
            _ = try gone.call("trainRTRL", [], callbacks: { _, _ in usleep(100_000); return [] })
        }
        #expect(try Self.failure("head -c 2000000 /dev/zero | tr '\\0' d; echo").contains("sent an answer longer than 1024 KB"))
    }

    @Test("a flood of output is cut at its limit and the failure says so")
    func flood() throws {
        let said = try Self.failure("yes 'spam' >&2")
        #expect(said.contains("its output was cut at 1024 KB"), "\(said)")
    }

    @Test("nothing the executable started outlives the failed call, setsid or not")
    func noSurvivors() throws {
        let marker = "31.4159\(Int.random(in: 1000...9999))"
        _ = try Self.failure("setsid sleep \(marker) >/dev/null 2>&1 &\nsleep \(marker) >/dev/null 2>&1 &\necho garbage")
        func survivors() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { pid in
                guard Int(pid) != nil, let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
                return String(decoding: command, as: UTF8.self).contains(marker)
            }
        }
        // The kill is sent when the call fails; a loaded machine may take a moment to carry
        // it out. The sleeps would last 31 s: gone within 5 s, they were killed.
        let deadline = ContinuousClock.now + .seconds(5)
        var left = try survivors()
        while !left.isEmpty && ContinuousClock.now < deadline {
            usleep(50_000)
            left = try survivors()
        }
        #expect(left.isEmpty, "still running 5 s after the call failed: \(left)")
    }

    @Test("the executable sees none of our files and has no network")
    func seesNothing() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let probe = """
            ls \(root.path) >&2 2>/dev/null && echo SAW-MASTER >&2
            cat /etc/passwd >&2 2>/dev/null && echo SAW-PASSWD >&2
            ls /work /home /root >&2 2>/dev/null && echo SAW-HOME >&2
            (exec 3<>/dev/tcp/1.1.1.1/53) 2>/dev/null && echo NETWORK >&2
            id -u >&2
            exit 9
            """
        let said = try Self.failure(probe)
        for secret in ["SAW-MASTER", "SAW-PASSWD", "SAW-HOME", "NETWORK"] {
            #expect(!said.contains(secret), "\(said)")
        }
        #expect(said.contains("exit status 9"), "\(said)")
    }
}
