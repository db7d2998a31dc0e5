import Foundation
import RecurrentLearning

/// Everything a running lesson shows, in order. A renderer (the terminal, a notebook)
/// turns these into what the student sees; the lesson itself never prints.
public enum LessonEvent: Sendable {
    /// Narrative Markdown, shown before the cell that follows it.
    case markdown(String)
    /// A cell about to run, and its code exactly as written in the lesson.
    case code(cell: String, code: String)
    /// A line of text.
    case text(String)
    case table(header: [String], rows: [[String]])
    case check(Check)
    /// A figure named `<lesson id>-<name>`.
    case figure(name: String, figure: Figure)
    /// How far a long computation of the current cell has come: `done` of `total`.
    case progress(label: String, done: Int, total: Int)
    /// The cell stopped with an error; the lesson ends here.
    case cellError(cell: String, message: String)
}

/// A check on live numbers: what was compared, whether it held, and the numbers.
public struct Check: Sendable {
    public var name: String
    public var passed: Bool
    public var detail: String
}

/// Where a lesson's cells write. `begin(cell:)`, called by the generated code before
/// each cell, emits the narrative that leads up to the cell and the cell's code; the
/// cells then emit their output through the other methods. Events are recorded under a
/// lock, so a cell may report progress from the threads of a parallel computation.
public final class CellOutput: @unchecked Sendable {
    /// Thrown by `begin(cell:)` when the reader chose to stop between cells.
    public struct Stopped: Error {}

    private let narrative: Narrative
    private let sink: (LessonEvent) -> Void
    private let shouldContinue: () -> Bool
    /// The next segment of the narrative not yet emitted.
    private var position = 0
    /// The cell running now, if any.
    public private(set) var currentCell: String?
    public private(set) var events: [LessonEvent] = []

    /// `shouldContinue` is asked between two cells (the terminal's pause); false stops the lesson.
    public init(narrative: Narrative, sink: @escaping (LessonEvent) -> Void = { _ in },
                shouldContinue: @escaping () -> Bool = { true }) {
        self.narrative = narrative
        self.sink = sink
        self.shouldContinue = shouldContinue
    }

    private let lock = NSLock()

    func emit(_ event: LessonEvent) {
        lock.withLock {
            events.append(event)
            sink(event)
        }
    }

    /// Starts the cell at `segment` of the narrative: emits the text before it and its code.
    public func begin(cell segment: Int) throws {
        if currentCell != nil, !shouldContinue() { throw Stopped() }
        emitText(upTo: segment)
        guard case let .cell(name, code, _) = narrative.segments[segment] else {
            preconditionFailure("segment \(segment) of \(narrative.source) is not a cell")
        }
        currentCell = name
        emit(.code(cell: name, code: code))
        position = segment + 1
    }

    /// Emits the narrative after the last cell.
    func finish() {
        emitText(upTo: narrative.segments.count)
        currentCell = nil
    }

    private func emitText(upTo end: Int) {
        while position < end {
            if case .text(let text) = narrative.segments[position] { emit(.markdown(text)) }
            position += 1
        }
    }

    /// A line of text.
    public func print(_ text: String) { emit(.text(text)) }

    /// A table; each row has one string per column.
    public func table(_ header: [String], _ rows: [[String]]) { emit(.table(header: header, rows: rows)) }

    /// A named check of a condition, with the numbers that decided it.
    @discardableResult
    public func check(_ name: String, _ passed: Bool, _ detail: String) -> Bool {
        emit(.check(Check(name: name, passed: passed, detail: detail)))
        return passed
    }

    /// Checks that a method's vector agrees with a reference within a relative tolerance.
    @discardableResult
    public func check(_ name: String, _ a: [Double], against b: [Double], within tolerance: Double) -> Bool {
        let agreement = Agreement(a, b)
        let passed = agreement.holds(within: tolerance)
        let detail = passed
            ? "relative error \(agreement.relativeError.formatted(sig: 3)) ≤ \(tolerance.formatted(sig: 2))"
            : "\(agreement), tolerance \(tolerance.formatted(sig: 2))"
        return check(name, passed, detail)
    }

    /// A figure, rendered as `<lesson id>-<name>.png`.
    public func figure(_ name: String, _ figure: Figure) { emit(.figure(name: name, figure: figure)) }

    /// Reports that a long computation has done `done` of `total` steps (shown on a
    /// terminal only; a notebook records no progress). Progress is passed on, not recorded.
    public func progress(_ label: String, _ done: Int, of total: Int) {
        lock.withLock { sink(.progress(label: label, done: done, total: total)) }
    }

    /// Every check emitted so far.
    public var checks: [Check] {
        events.compactMap { if case .check(let c) = $0 { c } else { nil } }
    }
}
