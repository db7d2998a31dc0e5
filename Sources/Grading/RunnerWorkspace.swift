import Foundation
import Sandboxing

/// Where one submission's exercise files are compiled, alone, into the executable the
/// graded tests call (`homework-runner`), one workspace per grading job.
///
/// It holds only the provided `HomeworkInterface`, the executable's own dispatch code
/// (`Sources/homework-runner`), the provided homework files, and for each exercise file the
/// student's version (or the starter stub). No library, no test and no solution is ever in
/// it. Its `Package.swift` is generated here, so nothing a student edits outside their
/// exercise files reaches the build, and the build itself runs in the sandbox, as the
/// sandbox's uid, with this folder as its only writable place. The folder persists between
/// runs: a new submission recompiles only what changed.
final class RunnerWorkspace: @unchecked Sendable {
    let directory: URL
    let package: HomeworkPackage
    let sandbox: Sandbox

    static let packageName = "HomeworkRunner"
    static let product = "homework-runner"
    /// The package's sources the executable is built from, besides the homework.
    static let sourceFolders = ["Sources/HomeworkInterface", "Sources/homework-runner"]
    /// The dispatch code: `Calls/<File>.swift` calls the exercise of `Homework/…/<File>.swift`.
    static let callsFolder = "Sources/homework-runner/Calls"

    init(directory: URL, package: HomeworkPackage, sandbox: Sandbox) {
        self.directory = directory
        self.package = package
        self.sandbox = sandbox
    }

    /// Where the built executable is copied for the tests, out of the workspace the
    /// sandboxed build could write.
    var runner: URL { directory.deletingLastPathComponent().appendingPathComponent("\(directory.lastPathComponent)-runner") }

    static let manifestText = """
        // swift-tools-version:6.0
        // Written by `lesson grade`: one submission's exercise files, compiled alone into the
        // executable the graded tests call.
        import PackageDescription

        let package = Package(
            name: "\(packageName)",
            platforms: [.macOS(.v13)],
            targets: [
                .target(name: "HomeworkInterface", swiftSettings: [.unsafeFlags(["-O"])]),
                .target(name: "Homework", dependencies: ["HomeworkInterface"], path: "Homework"),
                .executableTarget(name: "\(product)", dependencies: ["Homework", "HomeworkInterface"]),
            ]
        )

        """

    /// Rewrites the workspace for one submission. `homework` maps exercise files
    /// (relative to the package) to the submission's text; exercise files missing from
    /// it, or listed in `stubbed`, get the starter stub.
    func load(homework: [String: String], stubbed: Set<String>) throws(GradingError) {
        var contents: [String: String] = ["Package.swift": Self.manifestText]
        contents.merge(try package.texts(under: Self.sourceFolders)) { $1 }
        let exercises = Set(package.exerciseFiles), solutions = Set(package.solutionFiles)
        for file in package.homeworkFiles {
            if solutions.contains(file) && !exercises.contains(file) {
                contents[file] = try package.starter(file)       // another assignment's: never its solution
            } else if !exercises.contains(file) {
                contents[file] = try package.text(file)
            } else if let text = homework[file], !stubbed.contains(file) {
                contents[file] = text
            } else {
                contents[file] = try package.starter(file)
            }
        }
        try FileTree.synchronize(directory, to: contents, roots: Self.sourceFolders + [HomeworkPackage.homeworkFolder])
    }

    /// SwiftPM's build state; absent until the workspace's first build.
    var buildFolder: URL { directory.appendingPathComponent(".build") }

    /// Makes this workspace a copy of `other`, build state, times and owners included, so
    /// that its first build is incremental. Written beside it and renamed into place.
    func seed(from other: RunnerWorkspace) throws(GradingError) {
        let staging = directory.deletingLastPathComponent().appendingPathComponent(".\(directory.lastPathComponent)-seed")
        try? FileManager.default.removeItem(at: staging)
        let copy: ChildProcess.Outcome
        do {
            copy = try ChildProcess.run("/bin/cp", ["-a", "--", other.directory.path, staging.path],
                                        directory: URL(fileURLWithPath: "/"), output: URL(fileURLWithPath: "/dev/null"), timeout: 300)
        } catch {
            throw .io("cannot copy \(other.directory.path): \(error)")
        }
        guard copy.termination == .exited(0) else { throw .io("cannot copy \(other.directory.path) to \(staging.path)") }
        try? FileManager.default.removeItem(at: directory)
        do {
            try FileManager.default.moveItem(at: staging, to: directory)
        } catch {
            throw .io("cannot move \(staging.path) to \(directory.path): \(error.localizedDescription)")
        }
    }

    struct BuildResult {
        let succeeded: Bool
        /// The compiler's diagnostics, paths relative to the package.
        let diagnostics: String
        /// Package-relative files the errors point into.
        let filesWithErrors: Set<String>
        /// Names of the homework's source files whose object files a linker error names
        /// (a second `main`, a clashing symbol): `EqPropError.swift` for
        /// `Homework.build/EqPropError.swift.o`.
        var objectsWithErrors: Set<String> = []
        /// The full log, for the instructor.
        var buildLog: URL?
        /// The build or a compiler it ran was killed by a signal (the machine's memory, a
        /// kill from outside): not something the student's files say.
        var killed = false
    }

    /// `swift build --product homework-runner` in the sandbox, with generous limits; on
    /// success the executable is copied to `runner`. The manifest's evaluation is cached in
    /// the workspace (the sandbox's home is empty every time) and no index is written (an
    /// executable needs none): about half a second of a core saved per submission.
    func build(timeout: Double = 1200) throws(GradingError) -> BuildResult {
        let log = directory.deletingLastPathComponent().appendingPathComponent("\(directory.lastPathComponent)-build.txt")
        let toolchain = try Toolchain.locate()
        do {
            try sandbox.handOver(directory)
        } catch {
            throw .io("cannot hand the workspace to the sandbox's user: \(error)")
        }
        let outcome: Sandbox.Outcome
        do {
            outcome = try sandbox.run(
                [toolchain.swift.path, "build", "--product", Self.product, "--package-path", sandbox.path(of: directory),
                 "--manifest-cache", "local", "--disable-index-store"],
                readOnly: toolchain.readOnly, workspace: directory, output: log,
                limits: .init(memoryBytes: 16 << 30, processes: 512, cpuSeconds: Int(timeout), fileBytes: 1 << 30,
                              temporaryBytes: 1 << 30, wallSeconds: timeout))
        } catch {
            throw .invalidPackage("cannot start the sandboxed build: \(error)")
        }
        var result = Self.parse(log: (try? FileTree.read(log)) ?? "", prefix: sandbox.path(of: directory) + "/",
                                termination: outcome.termination, timeout: timeout)
        if result.succeeded {
            let built = directory.appendingPathComponent(".build/debug/\(Self.product)")
            guard FileTree.isRegularFile(built) else {
                throw .io("the build of \(Self.product) succeeded but left no regular file at \(built.path)")
            }
            try FileTree.copy(built, to: runner, permissions: 0o755)
        }
        result.buildLog = log
        return result
    }

    /// What a build log says: the diagnostics (paths relative to the package, progress
    /// lines dropped), the files the compiler's errors point into, and the homework object
    /// files a linker error names. The diagnostics are shown to the student, so they name
    /// only the student's files and fail closed: a diagnostic about any file outside
    /// `Homework/` (the dispatch code, a macro expansion) keeps only the message of its
    /// errors, and every line after it is dropped until the next diagnostic about a
    /// `Homework/` file or a bare `error:` line.
    static func parse(log text: String, prefix: String, termination: ChildProcess.Termination, timeout: Double) -> BuildResult {
        var files = Set<String>(), objects = Set<String>()
        var kept: [String] = [], hiding = false, seen = Set<String>()
        let header = #"^[^:\s]+\.swift:\d+:\d+: (error|warning|note): "#
        let callsFile = #"\#(callsFolder)/[^/:\s]+\.swift"#
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("[") || line.hasPrefix("Building for") || line.hasPrefix("Build complete")
                || line.hasPrefix("Compiling") || line.hasPrefix("Write") || line.isEmpty { continue }
            let relative = line.replacingOccurrences(of: prefix, with: "")
            if let range = relative.range(of: header, options: .regularExpression) {
                // The compiler reports an error once per job that sees it: show each once.
                if seen.contains(relative) {
                    hiding = true
                    continue
                }
                seen.insert(relative)
                hiding = !relative.hasPrefix(HomeworkPackage.homeworkFolder + "/")
                if !hiding {
                    kept.append(relative)
                } else if relative.range(of: #"^[^:\s]+\.swift:\d+:\d+: error: "#, options: .regularExpression) != nil {
                    let said = "the grader's call of an exercise does not compile against your code: " + relative[range.upperBound...]
                    if !kept.contains(said) { kept.append(said) }
                }
            } else if relative.hasPrefix("error:") {
                hiding = false
                if !kept.contains(relative) { kept.append(relative) }
            } else if !hiding {
                kept.append(relative)
            }
            if let range = relative.range(of: #"^[^:\s]+\.swift(?=:\d+:\d+: error:)"#, options: .regularExpression) {
                files.insert(String(relative[range]))
            }
            // The dispatch file an error group is about, wherever the line names it (a macro
            // expansion's "expanded code originates here" note names it, its header does not).
            if let range = relative.range(of: callsFile, options: .regularExpression) {
                files.insert(String(relative[range]))
            }
            if let range = relative.range(of: #"(?<=\#(HomeworkPackage.homeworkFolder)\.build/)[^/\s:]+\.swift(?=\.o)"#,
                                          options: .regularExpression) {
                objects.insert(String(relative[range]))
            }
        }
        if termination == .timedOut { kept.append("(the build was stopped after \(Int(timeout)) s)") }
        if termination == .interrupted { kept.append("(the build was interrupted)") }
        var killed = text.contains("failed due to signal")
        switch termination {
        case .signaled: killed = true
        case .exited(let code) where code > 128: killed = true       // bubblewrap's report of a signal
        default: break
        }
        return BuildResult(
            succeeded: termination == .exited(0),
            diagnostics: kept.joined(separator: "\n"),
            filesWithErrors: files, objectsWithErrors: objects, killed: killed)
    }
}
