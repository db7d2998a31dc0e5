// The whole file is hidden from students: it orders the end-to-end grading runs.
// BEGIN HIDDEN TESTS
import Foundation

/// The order of the end-to-end grading runs that share the master's `.build/grading`: the
/// student copy's two checks first, back to back, then the master's runs. The student
/// copy's tests are not the master's (its hidden tests are gone), so every switch between
/// the two rebuilds the graded tests, about 12 s of a core on the grading runs' critical
/// path. In this order there are two switches; in the order the lock happens to give, up to
/// four.
actor StudentCopyFirst {
    static let shared = StudentCopyFirst()

    private var started = false
    private var finished = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// The student copy's checks begin.
    func begin() { started = true }

    /// The student copy's checks are over, passed or not.
    func end() {
        finished = true
        waiting.forEach { $0.resume() }
        waiting = []
    }

    /// Returns when the student copy's checks are over, or at once when they are not part of
    /// this run: if they have not begun within `grace` (a filtered run), nothing waits longer.
    func wait(grace: Duration = .seconds(5)) async {
        let deadline = ContinuousClock.now + grace
        while !started && !finished && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
        guard started && !finished else { return }
        await withCheckedContinuation { waiting.append($0) }
    }
}
// END HIDDEN TESTS
