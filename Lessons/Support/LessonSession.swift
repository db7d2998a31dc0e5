/// Runs one lesson from its first cell to its last, and says how it went.
public enum LessonSession {
    public struct Outcome: Sendable {
        public var passedChecks = 0
        public var failedChecks = 0
        /// The cell that stopped with an error, and why; the lesson ends there.
        public var error: (cell: String, message: String)?
        /// The reader stopped between cells.
        public var stopped = false
        public var events: [LessonEvent] = []
    }

    /// Runs `lesson`, sending every event to `sink` as it happens; `shouldContinue` is
    /// asked between cells. An error in a cell ends the lesson with a `.cellError` event.
    public static func run(_ lesson: any Lesson.Type, settings: LessonSettings,
                           sink: @escaping (LessonEvent) -> Void = { _ in },
                           shouldContinue: @escaping () -> Bool = { true }) -> Outcome {
        let out = CellOutput(narrative: lesson.narrative, sink: sink, shouldContinue: shouldContinue)
        var outcome = Outcome()
        do {
            try lesson.run(settings: settings, out: out)
            out.finish()
        } catch is CellOutput.Stopped {
            outcome.stopped = true
        } catch {
            let cell = out.currentCell ?? "(before the first cell)"
            outcome.error = (cell, "\(error)")
            out.emit(.cellError(cell: cell, message: "\(error)"))
        }
        for check in out.checks {
            if check.passed { outcome.passedChecks += 1 } else { outcome.failedChecks += 1 }
        }
        outcome.events = out.events
        return outcome
    }
}
