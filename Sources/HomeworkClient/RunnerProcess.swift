import Foundation
import HomeworkInterface
import Sandboxing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One running student executable in its sandbox, talked to over two pipes.
///
/// Its stderr (where its stdout goes too) is a file that is unlinked as soon as it is
/// opened: nothing is left on disk, and a failure can still quote the last lines. The
/// file is bounded by the sandbox's file-size limit, and the executable ignores SIGXFSZ,
/// so a flood of output is cut there and the call goes on.
final class RunnerProcess {
    let pid: pid_t
    let channel: LineChannel
    private let errorLog: Int32
    private let outputLimit: Int
    private let callTimeout: Double
    private var status: ChildProcess.Termination?

    /// Bytes of output kept from one executable.
    static let outputBytes = 1 << 20

    init(_ configuration: StudentCode.Configuration) throws {
        guard FileManager.default.isExecutableFile(atPath: configuration.runner.path) else {
            throw ErrorFromOtherSide(description: "\(configuration.runner.path) is missing; build it with `swift build`")
        }
        let sandbox = Sandbox()
        if configuration.requireNamespaces, case .limitsOnly(let reason) = sandbox.isolation {
            throw ErrorFromOtherSide(description: "the grader requires the sandbox, and it cannot run here: \(reason)")
        }
        let limits = Sandbox.Limits(
            memoryBytes: 2 << 30, processes: 64, cpuSeconds: Int(configuration.callTimeout * 20) + 10,
            fileBytes: Self.outputBytes, temporaryBytes: 16 << 20, wallSeconds: .infinity)
        let command = sandbox.commandLine([configuration.runner.path],
                                          readOnly: [configuration.runner] + Self.runtimeLibraries,
                                          workspace: nil, limits: limits)
        Self.ignoreBrokenPipes
        Self.spawning.lock()
        defer { Self.spawning.unlock() }
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        guard Self.makePipe(&toChild), Self.makePipe(&fromChild) else {
            let reason = String(cString: strerror(errno))
            (toChild + fromChild).filter { $0 >= 0 }.forEach { close($0) }
            throw ErrorFromOtherSide(description: "no pipe: \(reason)")
        }
        let logPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("homework-output-\(getpid())-\(UUID().uuidString)").path
        let log = open(logPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        unlink(logPath)
        defer {
            close(toChild[0])
            close(fromChild[1])
        }
        guard log >= 0 else {
            [toChild[1], fromChild[0]].forEach { close($0) }
            throw ErrorFromOtherSide(description: "no output file: \(String(cString: strerror(errno)))")
        }
        do {
            pid = try ChildProcess.spawn(command[0], Array(command.dropFirst()), directory: URL(fileURLWithPath: "/"),
                                         inheriting: false, newGroup: false) { actions in
                posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
                posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
                posix_spawn_file_actions_adddup2(&actions, log, 2)
            }
        } catch {
            [toChild[1], fromChild[0], log].forEach { close($0) }
            throw error
        }
        // Every answer of the homework is a few kilobytes: a line of a megabyte is refused,
        // so the test's own process stays small whatever the executable sends.
        channel = LineChannel(input: fromChild[0], output: toChild[1], maximumLineBytes: 1 << 20)
        errorLog = log
        outputLimit = limits.fileBytes
        callTimeout = configuration.callTimeout
    }

    deinit {
        stop()
        close(channel.input)
        close(channel.output)
        close(errorLog)
    }

    /// Whether it is still running (an idle one may have died, e.g. with the thread that
    /// started it, under bubblewrap's `--die-with-parent`).
    var isRunning: Bool {
        guard status == nil else { return false }
        var raw: Int32 = 0
        if waitpid(pid, &raw, WNOHANG) == pid {
            status = ChildProcess.decode(raw)
            return false
        }
        return true
    }

    /// Kills the sandbox, and with its PID namespace everything it started. It runs in the
    /// test's process group, so when the grader kills a test's group (its deadline, an
    /// interruption) the sandboxes go too, namespaces or not.
    func stop() {
        guard status == nil else { return }
        kill(pid, SIGKILL)
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
        status = ChildProcess.decode(raw)
    }

    /// The failure of a call that got no answer, after which the executable is stopped.
    func failure(_ exercise: String, _ read: LineChannel.ReadFailure) -> StudentCallFailed {
        let reason: String
        switch read {
        case .timedOut:
            stop()
            reason = "did not return within this test's \(callTimeout.formatted()) s of calls: look for a loop that never ends"
        case .tooLong:
            stop()
            reason = "sent an answer longer than \(channel.maximumLineBytes >> 10) KB"
        case .malformed:
            stop()
            reason = "sent an answer the test cannot read (did the code write to the grader's channel?)"
        case .closed:
            // It closed its end: wait for its status (up to 5 s: a loaded machine can take a
            // while to tear a sandbox down), then make sure it is gone.
            var raw: Int32 = 0
            let deadline = Date().addingTimeInterval(5)
            while status == nil && Date() < deadline {
                if waitpid(pid, &raw, WNOHANG) == pid { status = ChildProcess.decode(raw) } else { usleep(1000) }
            }
            stop()
            reason = ended(status)
        }
        return StudentCallFailed(exercise: exercise, reason: reason + lastOutput())
    }

    private func ended(_ status: ChildProcess.Termination?) -> String {
        switch status {
        // bubblewrap reports its child's death by signal s as exit status 128 + s.
        case .exited(let code) where code > 128 && code < 128 + 65: "crashed (\(signalDescription(code - 128)))"
        case .signaled(let signal): "crashed (\(signalDescription(signal)))"
        case .exited(let code): "ended its process (exit status \(code)) instead of returning"
        default: "ended without an answer"
        }
    }

    /// The last lines it printed, for a failure's message.
    private func lastOutput(lines count: Int = 8) -> String {
        var info = stat()
        guard fstat(errorLog, &info) == 0, info.st_size > 0 else { return "" }
        let size = Int(info.st_size)
        let start = max(0, size - 4096)
        var bytes = [UInt8](repeating: 0, count: size - start)
        let got = bytes.withUnsafeMutableBytes { pread(errorLog, $0.baseAddress, $0.count, off_t(start)) }
        guard got > 0 else { return "" }
        let text = String(decoding: bytes[..<got], as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).suffix(count)
        let cut = size >= outputLimit ? " (its output was cut at \(outputLimit >> 10) KB)" : ""
        return "; its last output\(cut):\n" + lines.joined(separator: "\n")
    }

    /// A pipe whose ends are close-on-exec. The two steps run under `spawning`, as does
    /// every spawn here, so no other executable can inherit the ends in between.
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        ends.withUnsafeMutableBufferPointer { buffer in
            pipe(buffer.baseAddress!) == 0
                && fcntl(buffer[0], F_SETFD, FD_CLOEXEC) == 0 && fcntl(buffer[1], F_SETFD, FD_CLOEXEC) == 0
        }
    }

    private static let spawning = NSLock()

    /// A write to an executable that has ended must fail (and the call with it), not end
    /// the test's process with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// The folder of the Swift runtime libraries this process links (and so the
    /// executable, built by the same toolchain), shown to the sandbox read-only: the
    /// folder of `libswiftCore.so` in /proc/self/maps. None when the runtime is static,
    /// and none off Linux, where there is no sandbox to show it to.
    static let runtimeLibraries: [URL] = {
        // /proc reports a size of 0, so it is read to its end rather than by its size.
        guard let maps = FileHandle(forReadingAtPath: "/proc/self/maps").flatMap({ try? $0.readToEnd() })
                .map({ String(decoding: $0, as: UTF8.self) }),
              let line = maps.split(separator: "\n").first(where: { $0.hasSuffix("/libswiftCore.so") }),
              let slash = line.firstIndex(of: "/")
        else { return [] }
        return [URL(fileURLWithPath: String(line[slash...])).resolvingSymlinksInPath().deletingLastPathComponent()]
    }()
}
