import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Untrusted code, run where it can touch nothing of ours: the one place graded student
/// code (and its build) is meant to execute.
///
/// On Linux with bubblewrap and user namespaces a command runs as
///
/// ```
/// prlimit --as=M --nproc=P --cpu=C --fsize=F --core=0 --nofile=256 --
///   setpriv --reuid=U --regid=U --clear-groups --          (only when the grader is root)
///     bwrap --unshare-all --unshare-user --disable-userns --die-with-parent --new-session --clearenv
///           --ro-bind /usr /usr  (/lib, /lib64, /bin, /sbin, /etc/ld.so.cache, /etc/alternatives)
///           --proc /proc --dev /dev --size T --tmpfs /dev/shm --remount-ro /dev
///           --size T --tmpfs /tmp  [--ro-bind P P]…  [--bind W /work]
///           --chdir /work|/tmp  -- CMD
/// ```
///
/// which gives it:
/// - its own PID namespace under `--die-with-parent`: killing the sandbox (the deadline,
///   or the grader's own death) kills every process it started, `setsid` or not;
/// - no network (a loopback of its own only), its own IPC and hostname, no further namespaces;
/// - an unprivileged uid U of its own (drawn afresh for every sandbox, so that
///   RLIMIT_NPROC, which counts per uid, bounds each sandbox alone: a fork bomb in one
///   cannot starve another, nor a build of the same machine) and no capabilities;
/// - of the host only the system's programs and libraries, read-only, the paths it is
///   given read-only, one writable workspace if asked, a private /tmp and /dev/shm of
///   bounded size, a read-only /dev,
///   and an empty environment (PATH, HOME = /tmp, LANG);
/// - limits on address space, processes, CPU seconds, the size of any file it writes
///   (its output file included, so a flood stops there) and open files.
///
/// Where user namespaces are refused (some containers), `isolation` is `.limitsOnly`:
/// the same rlimits and uid, and no namespaces — the caller must then give it a fresh copy
/// of the files and say so in the feedback. `probe()` decides once per process.
package struct Sandbox: Sendable {
    package struct Limits: Sendable, Equatable {
        /// RLIMIT_AS, bytes of address space.
        package var memoryBytes: Int
        /// RLIMIT_NPROC: processes (threads count) of the sandbox's uid.
        package var processes: Int
        /// RLIMIT_CPU, seconds of CPU time.
        package var cpuSeconds: Int
        /// RLIMIT_FSIZE: the largest file it may write, its output file included.
        package var fileBytes: Int
        /// The size of its private /tmp.
        package var temporaryBytes: Int
        /// Wall-clock seconds until the whole sandbox is killed.
        package var wallSeconds: Double

        package init(memoryBytes: Int = 2 << 30, processes: Int = 64, cpuSeconds: Int = 60, fileBytes: Int = 16 << 20,
                    temporaryBytes: Int = 64 << 20, wallSeconds: Double = 60) {
            self.memoryBytes = memoryBytes
            self.processes = processes
            self.cpuSeconds = cpuSeconds
            self.fileBytes = fileBytes
            self.temporaryBytes = temporaryBytes
            self.wallSeconds = wallSeconds
        }
    }

    package enum Isolation: Sendable, Equatable {
        /// bubblewrap's namespaces, as above.
        case namespaces
        /// rlimits (and the uid, when the grader is root) only, with the reason.
        case limitsOnly(reason: String)
    }

    package struct Outcome: Sendable {
        /// How the outermost process (bubblewrap, or the command itself) ended.
        package let termination: ChildProcess.Termination
        package let seconds: Double
        /// The output reached `fileBytes` and was cut there.
        package let outputTruncated: Bool
        /// The signal that ended the command: bubblewrap reports its child's death by signal
        /// s as exit status 128 + s.
        package let signal: Int32?
    }

    /// The uid the sandbox runs as when the grader is root.
    package let uid: UInt32
    package let isolation: Isolation

    /// A sandbox with a uid of its own.
    package init() {
        uid = Self.uids.randomElement()!
        isolation = Self.probed
    }

    /// The uids sandboxes draw from: above the ranges Debian gives accounts, system users
    /// and subordinate ids (100000–165535), so that they own nothing on the machine, and a
    /// million of them, so that two sandboxes alive at once almost never share one.
    package static let uids: ClosedRange<UInt32> = 200_000...1_199_999

    package static let systemPaths = ["/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc/ld.so.cache", "/etc/alternatives"]

    private static let probed: Isolation = probe()

    /// Whether bubblewrap refuses nested user namespaces with `--disable-userns` (0.8 and
    /// later); 0.7 runs without that one hardening. Older ones lack `--size` (0.7) and fail
    /// the probe, which says so.
    private static let refusesNestedNamespaces: Bool = {
        let folder = FileManager.default.temporaryDirectory
        let output = folder.appendingPathComponent("bwrap-help-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try? ChildProcess.run("/usr/bin/bwrap", ["--help"], directory: folder, output: output, timeout: 10)
        return ((try? String(contentsOf: output, encoding: .utf8)) ?? "").contains("--disable-userns")
    }()

    /// Whether bubblewrap runs here (as the sandbox's uid when the grader is root).
    package static func probe() -> Isolation {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/bwrap") else {
            return .limitsOnly(reason: "bubblewrap is not installed (apt-get install bubblewrap)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-probe-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out")
        let command = Sandbox(uid: uids.lowerBound, isolation: .namespaces).commandLine(["/bin/true"], readOnly: [], workspace: nil,
                                                                               limits: Limits(wallSeconds: 10))
        guard let outcome = try? ChildProcess.run(command[0], Array(command.dropFirst()), directory: folder, output: output,
                                                  timeout: 10),
              outcome.termination == .exited(0)
        else {
            let said = (try? String(contentsOf: output, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if said.contains("Unknown option") {
                return .limitsOnly(reason: "bubblewrap is too old (0.7 or later is needed, for --size): \(said)")
            }
            return .limitsOnly(reason: "bubblewrap cannot create namespaces here\(said.isEmpty ? "" : ": \(said)")")
        }
        return .namespaces
    }

    private init(uid: UInt32, isolation: Isolation) {
        self.uid = uid
        self.isolation = isolation
    }

    /// RLIMIT_NPROC for `processes` of the sandbox's own: as root the sandbox has a uid of its
    /// own, so that is the limit; otherwise the limit counts every thread of our user, so it
    /// is set that many above what the user runs now (a bound on a fork bomb, not an exact one).
    private func processLimit(_ processes: Int) -> Int {
        geteuid() == 0 ? processes : processes + Self.threadsOfThisUser()
    }

    /// The threads of processes whose real uid is ours, from /proc.
    private static func threadsOfThisUser() -> Int {
        let uid = getuid()
        var threads = 0
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(entry) != nil {
            guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/status") else { continue }
            let status = String(decoding: data, as: UTF8.self).split(separator: "\n")
            guard let owner = status.first(where: { $0.hasPrefix("Uid:") })?.split(whereSeparator: \.isWhitespace).dropFirst().first,
                  UInt32(owner) == uid else { continue }
            threads += status.first(where: { $0.hasPrefix("Threads:") })?.split(whereSeparator: \.isWhitespace).last
                .flatMap { Int($0) } ?? 1
        }
        return threads
    }

    /// Where the sandboxed command sees `workspace`: /work under namespaces, else in place.
    package func path(of workspace: URL) -> String {
        isolation == .namespaces ? "/work" : workspace.standardizedFileURL.path
    }

    /// Makes `folder` and everything in it the sandbox's uid's (when the grader is root and
    /// so runs it as that uid), so that it can write there and nowhere else. Links are
    /// changed themselves, never followed.
    package func handOver(_ folder: URL) throws(ChildProcess.LaunchError) {
        guard geteuid() == 0 else { return }
        let outcome = try ChildProcess.run("/bin/chown", ["-R", "-h", "--", "\(uid):\(uid)", folder.path],
                                           directory: URL(fileURLWithPath: "/"), output: URL(fileURLWithPath: "/dev/null"),
                                           timeout: 120)
        guard outcome.termination == .exited(0) else {
            throw ChildProcess.LaunchError(executable: "chown -R \(uid) \(folder.path)", code: EPERM)
        }
    }

    /// The full command line that runs `command` in this sandbox.
    package func commandLine(_ command: [String], readOnly: [URL], workspace: URL?, limits: Limits) -> [String] {
        // util-linux's prlimit sets the limits and execs the rest (there is none on macOS,
        // where a student's own `lesson check` runs without them).
        var line = !FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") ? [] : [
            "/usr/bin/prlimit", "--as=\(limits.memoryBytes)", "--nproc=\(processLimit(limits.processes))",
            "--cpu=\(limits.cpuSeconds)", "--fsize=\(limits.fileBytes)", "--core=0", "--nofile=256", "--"]
        if geteuid() == 0 {
            line += ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "--"]
        }
        guard isolation == .namespaces else { return line + command }
        line += ["/usr/bin/bwrap", "--unshare-all", "--unshare-user"] + (Self.refusesNestedNamespaces ? ["--disable-userns"] : [])
        line += ["--die-with-parent", "--new-session", "--clearenv",
                 "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8"]
        for path in Self.systemPaths { line += ["--ro-bind-try", path, path] }
        // /dev read-only (its device nodes still work) with a bounded /dev/shm: bubblewrap's
        // /dev is otherwise a tmpfs without a limit, writable by the sandbox.
        line += ["--proc", "/proc", "--dev", "/dev", "--size", "\(limits.temporaryBytes)", "--tmpfs", "/dev/shm",
                 "--remount-ro", "/dev", "--size", "\(limits.temporaryBytes)", "--tmpfs", "/tmp"]
        for url in readOnly { line += ["--ro-bind", url.path, url.path] }
        if let workspace { line += ["--bind", workspace.path, "/work"] }
        line += ["--chdir", workspace == nil ? "/tmp" : "/work", "--"]
        return line + command
    }

    /// Runs `command` (its first element an absolute path the sandbox can see) with stdin
    /// from `input` and stdout and stderr into `output`, killed whole at the wall limit.
    package func run(_ command: [String], readOnly: [URL] = [], workspace: URL? = nil, input: URL? = nil,
                    output: URL, limits: Limits = Limits()) throws(ChildProcess.LaunchError) -> Outcome {
        precondition(!command.isEmpty, "a sandbox needs a command")
        let line = commandLine(command, readOnly: readOnly, workspace: workspace, limits: limits)
        let directory = workspace ?? FileManager.default.temporaryDirectory
        let outcome = try ChildProcess.run(line[0], Array(line.dropFirst()), directory: directory, output: output,
                                           input: input, timeout: limits.wallSeconds)
        let size = (try? FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? 0
        var signal: Int32?
        switch outcome.termination {
        case .signaled(let s): signal = s
        case .exited(let code) where isolation == .namespaces && code > 128: signal = code - 128
        default: signal = nil
        }
        return Outcome(termination: outcome.termination, seconds: outcome.seconds, outputTruncated: size >= limits.fileBytes,
                       signal: signal)
    }
}
