import Foundation
import Lessons

/// Walks a lesson's narrative top to bottom: shows each text cell, shows and
/// runs each code cell, streams its output to the terminal and its figures to
/// the figure writer, and pauses between cells when asked to.
struct LessonRunner {
    struct Outcome {
        var passedChecks = 0
        var failedChecks = 0
        /// A cell that stopped with an error ends the lesson; this says which and why.
        var error: String?
    }

    let lesson: any Lesson.Type
    let settings: LessonSettings
    let terminal: Terminal
    let figures: FigureWriter

    func run() throws -> Outcome {
        let narrative = try Narrative.of(lesson)
        let notebook = lesson.init(settings: settings)
        let cells = notebook.cells
        var outcome = Outcome()
        for (index, segment) in narrative.segments.enumerated() {
            switch segment {
            case .text(let text):
                terminal.narrative(text)
            case let .cell(name, code):
                guard let body = cells[name] else { throw LessonError.unknownCell(lesson: lesson.id, cell: name) }
                terminal.code(name: name, code)
                let output = CellOutput { event in
                    switch event {
                    case .text(let line): terminal.output(line)
                    case let .table(header, rows): terminal.table(header, rows)
                    case .check(let check):
                        if check.passed { outcome.passedChecks += 1 } else { outcome.failedChecks += 1 }
                        terminal.check(check)
                    case let .figure(name, figure): terminal.figure(figures.write(figure, name: name))
                    }
                }
                do {
                    try body(output)
                } catch {
                    outcome.error = "cell \(name): \(error)"
                    terminal.cellError(name: name, "\(error)")
                    return outcome
                }
                let isLast = !narrative.segments[(index + 1)...].contains { if case .cell = $0 { true } else { false } }
                if !isLast, !terminal.pause() { return outcome }
            }
        }
        return outcome
    }
}
