import RecurrentLearning

/// One piece of a cell's output.
public enum OutputEvent: Sendable {
    case text(String)
    case table(header: [String], rows: [[String]])
    case check(Check)
    /// A figure to render as `plots/<lesson id>-<name>.png`.
    case figure(name: String, figure: Figure)
}

/// A check on live numbers: what was compared, whether it held, and the numbers.
public struct Check: Sendable {
    public var name: String
    public var passed: Bool
    public var detail: String
}

/// Where a cell writes. Lessons never print: they describe their output, and
/// whoever runs them (the `lesson` executable, a test) decides what to do.
public final class CellOutput {
    private let sink: (OutputEvent) -> Void
    public private(set) var events: [OutputEvent] = []

    public init(sink: @escaping (OutputEvent) -> Void = { _ in }) {
        self.sink = sink
    }

    private func emit(_ event: OutputEvent) {
        events.append(event)
        sink(event)
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

    /// Every check emitted so far.
    public var checks: [Check] {
        events.compactMap { if case .check(let c) = $0 { c } else { nil } }
    }
}
