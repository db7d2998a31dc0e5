import Foundation

/// Runs the built `lesson` executable as a student would, capturing its
/// output and exit status.
struct LessonProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The build folder holding the test bundle also holds `lesson`.
    static let executable = builtProduct("lesson")

    /// A product built beside the test bundle (`lesson`, `bench`).
    static func builtProduct(_ name: String) -> URL {
        var folder = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/\(name)")
    }

    /// Runs `lesson arguments…` in `directory` with stdin closed (so it never pauses).
    static func run(_ arguments: [String], in directory: URL, environment: [String: String]? = nil) async throws -> Result {
        try await run(executable, arguments, in: directory, environment: environment)
    }

    /// Runs another program (`swift`, `bash`, …) the same way.
    ///
    /// The wait happens on a thread of its own: Swift Testing runs every test on a pool of
    /// one thread per core, so a test blocked on a child (a grading run waits minutes on
    /// its lock and builds) would hold a core's thread, and on two cores two such tests
    /// stalled every other test until they ended.
    static func run(_ program: URL, _ arguments: [String], in directory: URL,
                    environment: [String: String]? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Swift.Result { try waitFor(program, arguments, in: directory, environment: environment) })
            }.start()
        }
    }

    private static func waitFor(_ program: URL, _ arguments: [String], in directory: URL,
                                environment: [String: String]?) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain both pipes while the process runs, so neither can fill up.
        let collected = Collected()
        let group = DispatchGroup()
        group.enter()
        // On a thread of its own too: a blocked read on Dispatch's global queue takes one of
        // its few threads (one per core) from everything else queued there.
        Thread {
            collected.stdout = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }.start()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let outData = collected.stdout
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Written by the reader thread before `group.leave()`, read after `group.wait()`.
    private final class Collected: @unchecked Sendable { var stdout = Data() }

    /// A fresh empty folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
