import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process in its own process group, killed as a whole at a hard deadline.
///
/// Student code can loop forever, trap, call `exit(0)` or start processes of its own.
/// The child is spawned as the leader of a new process group (`POSIX_SPAWN_SETPGROUP`);
/// at the deadline, and again after it ends, the whole group gets `SIGKILL`, which no
/// code can catch or ignore. Output (stdout and stderr together) goes to a file, so a
/// chatty child can never block on a full pipe.
package struct ChildProcess {
    package enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signaled(Int32)
        /// Killed at the deadline.
        case timedOut
        /// Killed (or never started) because the run was interrupted.
        case interrupted
    }

    package struct Outcome: Sendable {
        package let termination: Termination
        /// Wall time from spawn to the end of the process, in seconds.
        package let seconds: Double
    }

    package struct LaunchError: Error, CustomStringConvertible {
        package let executable: String
        package let code: Int32
        package var description: String {
            "cannot start \(executable): \(String(cString: strerror(code)))"
        }
    }

    /// Runs `executable` (looked up on PATH when it has no slash) with `arguments`.
    ///
    /// - Parameters:
    ///   - directory: the child's working directory.
    ///   - environment: variables added to (or replacing) this process's environment.
    ///   - output: file receiving stdout and stderr (truncated first).
    ///   - input: file the child reads as stdin (default: /dev/null).
    ///   - timeout: seconds until the process group is killed.
    ///   - interruption: killed as a whole as soon as it is requested; not started if it was.
    package static func run(
        _ executable: String, _ arguments: [String], directory: URL,
        environment: [String: String] = [:], output: URL, input: URL? = nil, timeout: Double,
        interruption: Interruption = .process
    ) throws(LaunchError) -> Outcome {
        if interruption.isRequested { return Outcome(termination: .interrupted, seconds: 0) }
        let clock = ContinuousClock()
        let start = clock.now
        let pid = try spawn(executable, arguments, directory: directory, environment: environment) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, input?.path ?? "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }

        let deadline = start.advanced(by: .milliseconds(Int64(timeout * 1000)))
        var status: Int32 = 0
        var termination: Termination?
        while termination == nil {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                termination = decode(status)
            } else if reaped == -1 && errno != EINTR {
                termination = .signaled(SIGKILL)
            } else if clock.now >= deadline || interruption.isRequested {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                termination = interruption.isRequested ? .interrupted : .timedOut
            } else {
                usleep(500)
            }
        }
        // Whatever the child left behind in its group goes too.
        kill(-pid, SIGKILL)
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Outcome(termination: termination!, seconds: seconds)
    }

    /// Starts `executable` as the leader of a new process group (or, with `newGroup: false`,
    /// in ours, so that killing our group kills it too), with default signal handling and an
    /// empty signal mask, and returns its pid. `redirect` sets up its
    /// standard streams; every other descriptor of ours is close-on-exec or inherited.
    ///
    /// - Parameters:
    ///   - environment: added to (or replacing) this process's environment; with
    ///     `inheriting: false` the child gets exactly these variables.
    package static func spawn(
        _ executable: String, _ arguments: [String], directory: URL,
        environment: [String: String] = [:], inheriting: Bool = true, newGroup: Bool = true,
        redirect: (inout posix_spawn_file_actions_t) -> Void
    ) throws(LaunchError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        redirect(&actions)
        // Only the descriptors `redirect` set up reach the child. A descriptor this process
        // opened without close-on-exec (Foundation's Pipe, for one) would otherwise live on
        // in it: a long-lived child holding another child's pipe keeps that pipe's reader
        // from ever seeing its end.
        _ = addCloseFrom?(&actions, 3)
        _ = addChangeDirectory?(&actions, directory.path)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group, default signal handling (we ignore SIGPIPE; the child must
        // not inherit that), and an empty signal mask.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16((newGroup ? POSIX_SPAWN_SETPGROUP : 0) | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var merged = inheriting ? ProcessInfo.processInfo.environment : [:]
        for (key, value) in environment { merged[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let code = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else { throw LaunchError(executable: executable, code: code) }
        return pid
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc ≥ 2.29, macOS ≥ 10.15), looked up at
    /// run time because the Swift overlay does not declare it.
    private typealias AddChangeDirectory = @convention(c) (
        UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?
    ) -> Int32
    private static let addChangeDirectory: AddChangeDirectory? = {
        let handle = dlopen(nil, RTLD_NOW)
        guard let symbol = dlsym(handle, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChangeDirectory.self)
    }()

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc ≥ 2.34), looked up the same way:
    /// closes every descriptor from the given one up in the child, after the redirections.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = {
        let handle = dlopen(nil, RTLD_NOW)
        guard let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    package static func decode(_ status: Int32) -> Termination {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}
