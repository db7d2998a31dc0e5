import Foundation
import LessonRendering
import Lessons
import RecurrentLearning

/// Renders a running lesson on the terminal: narrative (Markdown and math rendered,
/// wrapped to the width), code, output, checks, figures (as paths, and inline as text
/// or sixel when asked), and the progress of long cells. ANSI styling, progress and
/// pauses only when stdout is a terminal.
final class Terminal: @unchecked Sendable {
    enum Inline: String, CaseIterable {
        case sixel, text, none
    }

    let pausing: Bool
    let inline: Inline
    let figures: FigureWriter
    let folder: String
    private let styled = isatty(STDOUT_FILENO) == 1
    private let width: Int
    private let markdown: TerminalMarkdown
    /// Guards stdout between the lesson and the progress thread.
    private let lock = NSLock()
    private var cellStart: ContinuousClock.Instant?
    private var cellName = ""
    private var progress: (label: String, done: Int, total: Int)?
    private var statusShown = false
    /// Set by `summary`: the progress thread ends.
    private var finished = false

    /// Both ends are a terminal: a person is reading and can press Enter.
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// The inline figures a terminal gets when the student does not choose: none on a
    /// pipe; sixel where the terminal announces it; text art otherwise.
    static var defaultInline: Inline {
        guard isatty(STDOUT_FILENO) == 1 else { return .none }
        let environment = ProcessInfo.processInfo.environment
        if environment["TMUX"] == nil, environment["STY"] == nil,
           environment["TERM", default: ""].contains("sixel")
            || ["WezTerm", "mlterm", "contour", "iTerm.app"].contains(environment["TERM_PROGRAM", default: ""]) {
            return .sixel
        }
        return .text
    }

    /// The terminal's width, or 80 columns on a pipe.
    static var columns: Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 {
            return Int(size.ws_col)
        }
        return 80
    }

    init(pausing: Bool, inline: Inline, figures: FigureWriter, folder: String) {
        self.pausing = pausing
        self.inline = inline
        self.figures = figures
        self.folder = folder
        width = Terminal.columns
        markdown = TerminalMarkdown(width: width, styled: styled, folder: folder)
        if styled { startTicker() }
    }

    private func style(_ code: String, _ text: String) -> String {
        styled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Writes lines, first clearing the progress line if one is shown.
    private func emit(_ lines: [String]) {
        lock.lock()
        defer { lock.unlock() }
        clearStatus()
        for line in lines { print(line) }
        fflush(nil)
    }

    private func emit(_ line: String) { emit([line]) }

    func render(_ event: LessonEvent) {
        switch event {
        case .markdown(let text): emit(markdown.render(text) + [""])
        case let .code(name, code): showCode(name: name, code)
        case .text(let line): emit(markdown.wrap(line, first: "  ", rest: "    "))
        case let .table(header, rows):
            emit(markdown.table(header: header, rows: rows))
        case .check(let check):
            let mark = check.passed ? style("32", "✓ PASS") : style("31", "✗ FAIL")
            emit(markdown.wrap("\(mark) \(check.name): \(check.detail)", first: "  ", rest: "         "))
        case let .figure(name, figure): showFigure(name: name, figure)
        case let .progress(label, done, total):
            lock.lock()
            progress = (label, done, total)
            lock.unlock()
        case let .cellError(name, message):
            emit(style("31", "  error in cell \(name): \(message)"))
        }
    }

    private func showCode(name: String, _ code: String) {
        var lines = [style("2", "┌─ cell \(name) " + String(repeating: "─", count: max(0, min(width, 80) - 10 - name.count)))]
        for line in code.split(separator: "\n", omittingEmptySubsequences: false) {
            // Long lines wrap at the width with a continuation mark, never mid-character.
            var rest = Substring(line)
            var first = true
            repeat {
                let room = width - 4
                var piece = rest.prefix(room)
                // Break after a space or a comma in the last half of the line, not mid-token.
                if piece.count < rest.count, let cut = piece.lastIndex(where: { $0 == " " || $0 == "," }),
                   piece.distance(from: piece.startIndex, to: cut) > room / 2 {
                    piece = piece[...cut]
                }
                lines.append(style("2", first ? "│ " : "│ ↪ ") + style("36", String(piece)))
                rest = rest.dropFirst(piece.count)
                first = false
            } while !rest.isEmpty
        }
        lines.append(style("2", "└─ output"))
        emit(lines)
        lock.lock()
        cellStart = .now
        cellName = name
        progress = nil
        lock.unlock()
    }

    private func showFigure(name: String, _ figure: Figure) {
        switch figures.write(figure, name: name) {
        case let .written(png, data):
            let line = "  figure: \(png)  (data: \(data))"
            emit(line.count <= width ? [line] : ["  figure: \(png)", "          data: \(data)"])
            guard inline != .none, let gnuplot = figures.gnuplot else { return }
            let format: ImageFormat = inline == .sixel
                ? .sixel(width: 900, height: 500) : .text(columns: min(width, 100) - 2, rows: 24)
            if let art = try? gnuplot.image(of: figure, format: format) {
                let text = String(decoding: art, as: UTF8.self)
                emit(inline == .sixel ? [text] : text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "  " + $0 })
            }
        case let .skipped(name, reason):
            emit("  figure \(name) not drawn: \(reason)")
        }
    }

    // MARK: Progress

    /// Redraws one status line every quarter second once a cell has run for a second:
    /// the cell, its time so far, and the progress it reported.
    private func startTicker() {
        Thread { [weak self] in
            while let self {
                Thread.sleep(forTimeInterval: 0.25)
                if !self.tick() { return }
            }
        }.start()
    }

    /// One redraw of the status line; false once the lesson is over.
    private func tick() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if finished { return false }
        if let start = cellStart, ContinuousClock.now - start > .seconds(1) {
            let seconds = (ContinuousClock.now - start).inSeconds
            var status = "⏳ cell \(cellName): \(String(format: "%.1f", seconds)) s"
            if let progress, progress.total > 0 {
                let fraction = Double(progress.done) / Double(progress.total)
                let bar = 10, filled = Int((fraction * Double(bar)).rounded(.down))
                status += " " + String(repeating: "█", count: filled) + String(repeating: "·", count: bar - filled)
                    + " \(progress.done)/\(progress.total) · \(progress.label)"
            }
            print("\r\u{1B}[2K" + style("2", String(status.prefix(width - 1))), terminator: "")
            fflush(nil)
            statusShown = true
        }
        return true
    }

    /// Erases the status line (the lock is held).
    private func clearStatus() {
        if statusShown {
            print("\r\u{1B}[2K", terminator: "")
            statusShown = false
        }
    }

    /// The cell finished: no more status for it.
    func endCell() {
        lock.lock()
        cellStart = nil
        clearStatus()
        fflush(nil)
        lock.unlock()
    }

    /// Waits for Enter between cells; returns false when the student types q.
    func pause() -> Bool {
        endCell()
        guard pausing else { emit(""); return true }
        lock.lock()
        print(style("2", "── Enter: next cell · q: quit ──"), terminator: "")
        fflush(nil)
        lock.unlock()
        let answer = readLine()
        emit("")
        return answer?.trimmingCharacters(in: .whitespaces).lowercased() != "q"
    }

    func summary(_ outcome: LessonSession.Outcome, source: String) {
        endCell()
        lock.withLock { finished = true }
        let checks = "\(outcome.passedChecks) checks passed, \(outcome.failedChecks) failed"
        emit(style("1", "Summary: \(checks) (\(source))."))
        if let error = outcome.error { emit(style("31", "Stopped in cell \(error.cell): \(error.message)")) }
        if let reason = figures.reasons.first {
            let count = figures.problems.count
            let message = "\(count) figure\(count == 1 ? "" : "s") not drawn (the numbers above are complete): \(reason)"
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        }
    }
}
