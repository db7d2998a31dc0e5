import ArgumentParser
import Foundation
import Lessons

extension LessonCommand {
    /// `lesson all`: every lesson in teaching order, then one summary line per lesson.
    struct All: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every lesson in order, or export every lesson as a notebook.",
            discussion: "Ends with one summary line per lesson. Exit status as for one lesson: 0 every check of every lesson passed; 1 a check failed or a cell stopped with an error; 3 only figures are missing.")

        @Option(help: "Seed of every random draw; printed with every result and figure.")
        var seed: UInt64 = 2023

        @Option(help: ArgumentHelp("Folder for the figures.", valueName: "dir"), completion: .directory)
        var plots: String = "plots"

        @Flag(help: "Run the lessons that take it (complexity) on their small, fast sweep.")
        var quick = false

        @Flag(help: "Run straight through without waiting for Enter between cells (automatic when piped).")
        var noPause = false

        @Option(help: ArgumentHelp("Show figures in the terminal too: sixel, text or none.", valueName: "mode"))
        var inline: Terminal.Inline?

        @Option(help: ArgumentHelp("Write every lesson as a notebook instead of showing it: notebook.", valueName: "format"))
        var export: ExportFormat?

        @Option(help: ArgumentHelp("The folder for the notebooks (default: notebooks), one <id>.ipynb per lesson.", valueName: "dir"),
                completion: .directory)
        var out: String?

        func validate() throws {
            if out != nil, export == nil { throw ValidationError("--out names the notebooks' folder; give it with --export notebook") }
            var isDirectory: ObjCBool = false
            if let out, FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw ValidationError("--out \(out) is a file; give a folder for the notebooks")
            }
        }

        func run() throws {
            var lines: [String] = []
            var failed = false, figuresMissing = false
            let folder = URL(fileURLWithPath: out ?? "notebooks")
            if export != nil {
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw ValidationError("cannot create the folder \(folder.path): \(error.localizedDescription)")
                }
            }
            for lesson in Catalog.lessons {
                let settings = LessonSettings(seed: seed, quick: quick && lesson.accepts.contains(.quick))
                let outcome: LessonSession.Outcome, seconds: Double
                if export != nil {
                    (outcome, seconds) = try timed {
                        try Player.export(lesson, settings: settings, command: "lesson \(lesson.id) --seed \(seed)" + (settings.quick ? " --quick" : ""),
                                          to: folder.appendingPathComponent("\(lesson.id).ipynb"))
                    }
                } else {
                    let figures = FigureWriter(folder: URL(fileURLWithPath: plots), prefix: lesson.id)
                    let terminal = Terminal(pausing: !noPause && Terminal.isInteractive, inline: inline ?? Terminal.defaultInline,
                                            figures: figures, folder: lesson.narrative.folder)
                    (outcome, seconds) = timed { Player.play(lesson, settings: settings, terminal: terminal) }
                    print("")
                    if !figures.problems.isEmpty { figuresMissing = true }
                }
                if outcome.failedChecks > 0 || outcome.error != nil { failed = true }
                lines.append(Player.summaryLine(lesson.id, outcome, seconds: seconds))
                if outcome.stopped { break }
            }
            print(export != nil ? "Notebooks in \(folder.path) (seed \(seed)):" : "All lessons (seed \(seed)):")
            for line in lines { print("  " + line) }
            if failed { throw ExitCode(1) }
            if figuresMissing { throw ExitCode(3) }
        }
    }
}
