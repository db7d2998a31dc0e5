import Foundation
import Lessons

/// Renders a running lesson on the terminal: narrative, code, output, checks
/// and figure paths; ANSI styling only when stdout is a terminal.
final class Terminal {
    let pausing: Bool
    private let styled = isatty(STDOUT_FILENO) == 1

    /// Both ends are a terminal: a person is reading and can press Enter.
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    init(pausing: Bool) { self.pausing = pausing }

    private func style(_ code: String, _ text: String) -> String {
        styled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func emit(_ text: String) {
        print(text)
        fflush(nil)
    }

    func narrative(_ markdown: String) {
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            if !inFence, line.hasPrefix("#") {
                let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                emit(style("1", line.hasPrefix("# ") ? title.uppercased() : title))
            } else {
                emit(inFence ? "    " + line : String(line))
            }
        }
        emit("")
    }

    func code(name: String, _ code: String) {
        emit(style("2", "┌─ cell \(name) " + String(repeating: "─", count: max(0, 60 - name.count))))
        for line in code.split(separator: "\n", omittingEmptySubsequences: false) {
            emit(style("2", "│ ") + style("36", String(line)))
        }
        emit(style("2", "└─ output"))
    }

    func output(_ line: String) { emit("  " + line) }

    func table(_ header: [String], _ rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        emit("  " + style("1", format(header)))
        for row in rows { emit("  " + format(row)) }
    }

    func check(_ check: Check) {
        let mark = check.passed ? style("32", "✓ PASS") : style("31", "✗ FAIL")
        emit("  \(mark) \(check.name): \(check.detail)")
    }

    func figure(_ result: FigureWriter.Result) {
        switch result {
        case let .written(png, data): emit("  figure: \(png)  (data: \(data))")
        case let .skipped(name, reason): emit("  figure \(name) not drawn: \(reason)")
        }
    }

    func cellError(name: String, _ message: String) {
        emit(style("31", "  error in cell \(name): \(message)"))
    }

    /// Waits for Enter between cells; returns false when the student types q.
    func pause() -> Bool {
        guard pausing else { emit(""); return true }
        print(style("2", "── Enter: next cell · q: quit ──"), terminator: "")
        fflush(nil)
        let answer = readLine()
        emit("")
        return answer?.trimmingCharacters(in: .whitespaces).lowercased() != "q"
    }

    func summary(_ outcome: LessonRunner.Outcome, figures: FigureWriter, source: String) {
        let checks = "\(outcome.passedChecks) checks passed, \(outcome.failedChecks) failed"
        emit(style("1", "Summary: \(checks) (\(source))."))
        if let error = outcome.error { emit(style("31", "Stopped: \(error)")) }
        if let reason = figures.reasons.first {
            let count = figures.problems.count
            let message = "\(count) figure\(count == 1 ? "" : "s") not drawn (the numbers above are complete): \(reason)"
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        }
    }
}
