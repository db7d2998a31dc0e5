import Foundation
import LessonRendering
import Lessons
import RecurrentLearning

/// Plays lessons to the two renderers: the terminal, or a notebook file.
enum Player {
    /// Runs `lesson` on the terminal, pausing between cells when `terminal.pausing`.
    static func play(_ lesson: any Lesson.Type, settings: LessonSettings, terminal: Terminal) -> LessonSession.Outcome {
        let outcome = LessonSession.run(lesson, settings: settings, sink: terminal.render, shouldContinue: terminal.pause)
        terminal.summary(outcome, source: settings.source)
        return outcome
    }

    /// Runs `lesson` and writes its notebook to `file` (atomically: the file is the whole
    /// notebook or is not written at all).
    static func export(_ lesson: any Lesson.Type, settings: LessonSettings, command: String,
                       to file: URL) throws -> LessonSession.Outcome {
        let gnuplot: Gnuplot
        do { gnuplot = try Gnuplot() } catch {
            throw ExportFailure("a notebook embeds every figure, and \(error)")
        }
        let outcome = LessonSession.run(lesson, settings: settings)
        let notebook: Notebook
        do {
            notebook = try Notebook(lesson: lesson, command: command, events: outcome.events) { figure in
                try gnuplot.image(of: figure, format: .png)
            }
        } catch {
            throw ExportFailure("\(error)")
        }
        do {
            try Data(notebook.json.utf8).write(to: file, options: .atomic)
        } catch {
            throw ExportFailure("cannot write \(file.path): \(error.localizedDescription); check that the folder exists and is writable")
        }
        return outcome
    }

    /// One line for the end of `lesson all` and of an export.
    static func summaryLine(_ id: String, _ outcome: LessonSession.Outcome, seconds: Double) -> String {
        let figures = outcome.events.filter { if case .figure = $0 { true } else { false } }.count
        var line = "\(outcome.failedChecks == 0 && outcome.error == nil ? "✓" : "✗") \(id): "
            + "\(outcome.passedChecks) checks passed, \(outcome.failedChecks) failed, \(figures) figure\(figures == 1 ? "" : "s"), "
            + String(format: "%.1f s", seconds)
        if let error = outcome.error { line += "; stopped in cell \(error.cell): \(error.message)" }
        if outcome.stopped { line += "; stopped by the reader" }
        return line
    }
}

/// An export that could not be written; the message says what to do.
struct ExportFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The seconds `body` takes.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try body()
    return (value, (ContinuousClock.now - start).inSeconds)
}
