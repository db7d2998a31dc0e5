import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws a `Figure` into a PNG file with an external gnuplot process.
///
/// The pipeline of `render(_:to:)`:
///
/// 1. Generate the script (`scriptText(for:output:)`, see GnuplotScript.swift
///    for why user text cannot run commands) naming a temporary file beside
///    the destination, `.<name>.tmp-<pid>-<random>`.
/// 2. Launch `gnuplot /dev/stdin` and write the script into its standard
///    input. gnuplot reads a *file* argument as a script and stops at the
///    first error with exit status 1; fed through plain stdin it would report
///    the error and carry on with the following commands.
/// 3. Read gnuplot's stdout and stderr on two threads *while* writing: a
///    pipe holds 64 KB, and a gnuplot blocked on a full stderr pipe would stop
///    reading its script while we wait for it to read — a deadlock.
/// 4. After gnuplot exits with status 0, rename the temporary file over the
///    destination (atomic within a directory). On any failure the temporary
///    file is removed, so the destination is either the old file or the new
///    image, never half an image.
/// 5. Write the plotted numbers beside the PNG as `<name>.csv`, atomically.
public struct Gnuplot: Sendable {
    /// The gnuplot executable this renderer launches.
    public let executable: String

    /// A renderer that launches `executable` (no check is made until `render`).
    public init(executable: String) {
        self.executable = executable
    }

    /// A renderer for the gnuplot found on `searchPath` (by default `$PATH`).
    public init(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) throws(PlotError) {
        guard let found = Gnuplot.locate(searchPath: searchPath) else { throw .gnuplotNotFound }
        self.init(executable: found)
    }

    /// The first executable file named `gnuplot` in the colon-separated
    /// directories of `searchPath`, or nil. Launches nothing. Empty entries
    /// (which POSIX reads as the current directory) are skipped.
    public static func locate(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        guard let searchPath else { return nil }
        let fileManager = FileManager.default
        for directory in searchPath.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("gnuplot").path
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               fileManager.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    /// Renders `figure` into the PNG file `png` (replacing it atomically) and
    /// writes its data to `png` with the extension `csv`. The directory must
    /// exist; the caller creates it.
    @discardableResult
    public func render(_ figure: Figure, to png: URL) throws(PlotError) -> RenderedFigure {
        try render(figure, to: png, script: { output in Gnuplot.scriptText(for: figure, output: output) })
    }

    /// The image of `figure` in `format` (PNG bytes, the text of gnuplot's `dumb`
    /// terminal, or a sixel stream), drawn through the same pipeline in a private
    /// temporary folder that is removed afterwards.
    public func image(of figure: Figure, format: ImageFormat) throws(PlotError) -> Data {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("figure-\(getpid())-\(UInt64.random(in: 0 ... .max))")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("figure.\(format.fileExtension)")
        _ = try render(figure, to: file, script: { Gnuplot.scriptText(for: figure, output: $0, format: format) })
        do {
            return try Data(contentsOf: file)
        } catch {
            throw .cannotWrite(path: file.path, reason: error.localizedDescription)
        }
    }

    /// `render(_:to:)` with the script supplied by `script(outputPath)`; tests
    /// use it to make a real gnuplot fail halfway through.
    func render(_ figure: Figure, to png: URL, script: (String) -> String) throws(PlotError) -> RenderedFigure {
        precondition(png.isFileURL, "render needs a file URL, got \(png)")
        let destination = png.standardizedFileURL
        let directory = destination.deletingLastPathComponent()
        try Gnuplot.checkDestination(destination, in: directory)

        let temporary = directory.appendingPathComponent(
            ".\(destination.lastPathComponent.prefix(64)).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        defer { try? FileManager.default.removeItem(at: temporary) }  // gone once renamed

        let outcome = try run(script: Data(script(temporary.path).utf8))
        if let failure = Gnuplot.failure(outcome, destination: destination) { throw failure }
        guard let size = try? temporary.resourceValues(forKeys: [.fileSizeKey]).fileSize, size > 0 else {
            throw .gnuplotFailed(status: 0, message: outcome.stderr.isEmpty ? "gnuplot wrote no image" : outcome.stderr)
        }
        guard rename(temporary.path, destination.path) == 0 else {
            throw .cannotWrite(path: destination.path, reason: String(cString: strerror(errno)))
        }

        let csv = png.deletingPathExtension().appendingPathExtension("csv")
        do {
            try Data(Gnuplot.csvText(for: figure).utf8).write(to: csv, options: .atomic)
        } catch {
            throw .cannotWrite(path: csv.path, reason: error.localizedDescription)
        }
        return RenderedFigure(png: png, data: csv)
    }

    /// Refuses early what gnuplot would refuse late or get wrong: a missing or
    /// read-only directory, and a path a script line cannot hold.
    private static func checkDestination(_ destination: URL, in directory: URL) throws(PlotError) {
        guard !containsControlCharacter(destination.path) else {
            throw .cannotWrite(path: destination.path,
                               reason: "the path contains a line break or another control character")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw .cannotWrite(path: destination.path,
                               reason: "the directory \(directory.path) does not exist (create it first)")
        }
        guard FileManager.default.isWritableFile(atPath: directory.path) else {
            throw .cannotWrite(path: destination.path, reason: "the directory \(directory.path) is not writable")
        }
    }

    /// The error that a finished gnuplot run stands for, or nil for success.
    private static func failure(_ outcome: Outcome, destination: URL) -> PlotError? {
        if outcome.status == 0 && outcome.writeError == nil { return nil }
        if outcome.stderr.contains("unknown or ambiguous terminal type") { return .missingTerminal }
        if outcome.stderr.contains("cannot open file") {
            return .cannotWrite(path: destination.path, reason: outcome.stderr)
        }
        var message = outcome.stderr
        if message.isEmpty, outcome.killedBySignal {
            message = "gnuplot was killed by signal \(outcome.status)"
        } else if message.isEmpty, let writeError = outcome.writeError {
            message = "gnuplot stopped reading its script (\(writeError))"
        }
        return .gnuplotFailed(status: outcome.status, message: message)
    }
}

// MARK: - Running gnuplot

extension Gnuplot {
    /// How one gnuplot run ended.
    struct Outcome {
        /// The exit status, or the signal number when `killedBySignal`.
        var status: Int32
        var killedBySignal: Bool
        /// gnuplot's standard error, trimmed (errors and warnings).
        var stderr: String
        /// Set when gnuplot stopped reading its script before the end.
        var writeError: (any Error)?
    }

    /// Ignores SIGPIPE for the whole process, once. A gnuplot that exits
    /// before reading all of its script closes the pipe; writing to it then
    /// raises SIGPIPE, whose default action kills *our* process. Ignored, the
    /// write fails with EPIPE instead and the run reports gnuplot's stderr.
    private static let brokenPipesIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Runs `gnuplot /dev/stdin`, writes `script` to it and waits for it to
    /// exit, reading its stdout and stderr concurrently.
    func run(script: Data) throws(PlotError) -> Outcome {
        Gnuplot.brokenPipesIgnored
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["/dev/stdin"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .cannotLaunch(executable: executable, reason: error.localizedDescription)
        }

        let outputDrain = PipeDrain(output.fileHandleForReading)
        let errorDrain = PipeDrain(errors.fileHandleForReading)
        var writeError: (any Error)?
        do {
            // write(contentsOf:) throws on EPIPE; the older write(_:) traps.
            try input.fileHandleForWriting.write(contentsOf: script)
        } catch {
            writeError = error
        }
        try? input.fileHandleForWriting.close()  // end of script: gnuplot sees EOF
        process.waitUntilExit()
        _ = outputDrain.wait()
        let stderr = String(decoding: errorDrain.wait(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return Outcome(status: process.terminationStatus,
                       killedBySignal: process.terminationReason == .uncaughtSignal,
                       stderr: stderr, writeError: writeError)
    }
}

/// Reads a pipe to its end on a thread of its own, so that the process
/// writing into it never blocks on a full pipe.
private final class PipeDrain: @unchecked Sendable {
    // `data` is written by the thread before `finished.signal()` and read
    // only after `finished.wait()`, so the semaphore orders the accesses.
    private var data = Data()
    private let finished = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = (try? handle.readToEnd()) ?? Data()
            finished.signal()
        }.start()
    }

    /// Everything the pipe delivered, once its writer has closed it.
    func wait() -> Data {
        finished.wait()
        return data
    }
}

/// Where `Gnuplot.render(_:to:)` put the image and its data.
public struct RenderedFigure: Sendable, Equatable {
    /// The PNG image.
    public var png: URL
    /// The plotted points as CSV (`series,x,y`).
    public var data: URL
}

/// Why a figure was not rendered.
public enum PlotError: Error, CustomStringConvertible, Equatable {
    /// No `gnuplot` executable on the search path.
    case gnuplotNotFound
    /// The executable could not be started (missing, not executable, …).
    case cannotLaunch(executable: String, reason: String)
    /// gnuplot exited with a non-zero status; `message` is its stderr, trimmed.
    case gnuplotFailed(status: Int32, message: String)
    /// A file or its directory cannot be written.
    case cannotWrite(path: String, reason: String)
    /// This gnuplot has no `pngcairo` terminal (built without cairo).
    case missingTerminal

    public var description: String {
        switch self {
        case .gnuplotNotFound:
            "gnuplot was not found on PATH; install it with `apt-get install gnuplot-nox` (Debian/Ubuntu) or `brew install gnuplot` (macOS)"
        case let .cannotLaunch(executable, reason):
            "cannot launch gnuplot at \(executable): \(reason)"
        case let .gnuplotFailed(status, message):
            "gnuplot failed with status \(status): \(message)"
        case let .cannotWrite(path, reason):
            "cannot write \(path): \(reason)"
        case .missingTerminal:
            "this gnuplot has no pngcairo terminal; install a build with cairo, e.g. `apt-get install gnuplot-nox` or `brew install gnuplot`"
        }
    }
}
