import Foundation
import Testing
import RecurrentLearning
@testable import Lessons

/// Runs each lesson in-process, the way `lesson <id>` does, and requires every check it
/// prints to pass.
@Suite("Lessons run to the end with every check passing")
struct LessonChecksTests {
    /// The settings a test runs a lesson with: the complexity lab's small sweep (its full sweep
    /// is a measurement for a quiet machine in release, not a test).
    static func settings(_ id: String, seed: UInt64 = 2023) -> LessonSettings {
        LessonSettings(seed: seed, quick: id == "complexity")
    }

    static func checks(_ events: [LessonEvent]) -> [Check] {
        events.compactMap { if case .check(let c) = $0 { c } else { nil } }
    }

    /// A run of `lesson`. Complexity's checks read slopes of wall-clock times, which a burst
    /// of the suite's other work (builds, grading, other lessons, all on two cores) can bend;
    /// so a complexity run with a failing check runs once more, and the second run counts.
    /// A slope that is wrong fails both.
    static func run(_ lesson: any Lesson.Type, settings: LessonSettings) -> LessonSession.Outcome {
        let first = LessonSession.run(lesson, settings: settings)
        guard lesson == ComplexityLesson.self, first.error == nil, checks(first.events).contains(where: { !$0.passed }) else {
            return first
        }
        return LessonSession.run(lesson, settings: settings)
    }

    @Test("every check passes with the default seed, the events follow the Markdown's order, and the notebook of the run validates",
          arguments: Catalog.ids)
    func defaultSeed(id: String) throws {
        let lesson = try #require(Catalog.lesson(id: id))
        let outcome = Self.run(lesson, settings: Self.settings(id))
        #expect(outcome.error == nil, "\(id) stopped in cell \(outcome.error?.cell ?? ""): \(outcome.error?.message ?? "")")
        let ran = outcome.events.compactMap { if case let .code(name, _) = $0 { name } else { nil } }
        #expect(ran == lesson.narrative.cellNames)
        // The events interleave the narrative and the cells exactly as the Markdown orders them.
        let shown: [Narrative.Segment] = outcome.events.compactMap { event in
            switch event {
            case .markdown(let text): .text(text)
            case let .code(name, code): .cell(name: name, code: code, line: 0)
            default: nil
            }
        }
        #expect(shown == lesson.narrative.segments.map { segment -> Narrative.Segment in
            if case let .cell(name, code, _) = segment { .cell(name: name, code: code, line: 0) } else { segment }
        })
        let checks = Self.checks(outcome.events)
        #expect(!checks.isEmpty)
        for check in checks where !check.passed {
            Issue.record("\(id): \(check.name): \(check.detail)")
        }
        let notebook = try NotebookChecks.notebook(lesson, outcome)
        #expect(try NotebookChecks.nbformatComplaint(notebook) == nil, "nbformat.validate refused the notebook of \(id)")
        try NotebookChecks.expectComplete(notebook, lesson: lesson, outcome: outcome)
    }

    @Test("the notebook of a run is the same bytes every time for the same seed")
    func reproducibleNotebook() throws {
        let first = try NotebookChecks.notebook(RTRLLesson.self, LessonSession.run(RTRLLesson.self, settings: LessonSettings()))
        let second = try NotebookChecks.notebook(RTRLLesson.self, LessonSession.run(RTRLLesson.self, settings: LessonSettings()))
        #expect(first == second)
        let otherSeed = try NotebookChecks.notebook(RTRLLesson.self, LessonSession.run(RTRLLesson.self, settings: LessonSettings(seed: 5)))
        #expect(first != otherSeed)
    }

    @Test("every check passes on other seeds", arguments: Catalog.ids, [1, 7, 99] as [UInt64])
    func otherSeeds(id: String, seed: UInt64) throws {
        let outcome = Self.run(try #require(Catalog.lesson(id: id)), settings: Self.settings(id, seed: seed))
        #expect(outcome.error == nil)
        for check in Self.checks(outcome.events) where !check.passed {
            Issue.record("\(id) seed \(seed): \(check.name): \(check.detail)")
        }
    }

    /// The knobs the exercises turn: each run ends with every check passing, its closed forms
    /// hold away from the course's w = 1 (the factor a = 1 + Δt(w − 1) ≠ 1), and the
    /// setting is named with the seed.
    @Test("the exercises' knobs: rtrl and bptt from w0 = 0.5, bptt's sizes, spiking's β, fixed-point's gain",
          arguments: [("rtrl", LessonSettings(w0: 0.5, b0: 0)), ("bptt", LessonSettings(w0: 0.5)),
                      ("bptt", LessonSettings(units: [8, 4, 4])), ("spiking", LessonSettings(sharpness: 2)),
                      ("spiking", LessonSettings(sharpness: 10)), ("fixed-point", LessonSettings(gain: 1.2))])
    func knobs(id: String, settings: LessonSettings) throws {
        let outcome = Self.run(try #require(Catalog.lesson(id: id)), settings: settings)
        #expect(outcome.error == nil, "\(id): \(outcome.error?.message ?? "")")
        let checks = Self.checks(outcome.events)
        #expect(!checks.isEmpty)
        for check in checks where !check.passed { Issue.record("\(id) \(settings.source): \(check.name): \(check.detail)") }
        if settings.w0 == 0.5 {
            #expect(checks.contains { $0.name.contains("a = 1 + Δt(w − 1) = 0.95") }, "the closed form with a ≠ 1 was checked")
        }
        #expect(settings.units != nil || settings.source.contains(" = "), "\(settings.source)")
    }

    @Test("complexity --quick: the slopes' signs and order hold, and the claims are left to the full sweep")
    func complexityQuick() throws {
        let checks = Self.checks(Self.run(ComplexityLesson.self, settings: LessonSettings(quick: true)).events)
        for name in ["every time grows with its size", "RTRL's step grows faster in n than BPTT's",
                     "RTRL's memory grows faster in n", "BPTT's memory grows with T", "the adjoint and EqProp hold the same memory"] {
            let check = try #require(checks.first { $0.name.hasPrefix(name) }, "no check '\(name)'")
            #expect(check.passed, "\(check.name): \(check.detail)")
        }
        #expect(!checks.contains { $0.name.contains("within 0.3 of the lecture") })
    }

    @Test("rtrl with a student's sequence uses it and names it in the figures")
    func rtrlWithData() throws {
        let data = SequenceData(x: [0.1, -0.2, 0.05, 0.0, 0.3], y: [2.0, 1.8, 1.5, 1.4, 1.2])
        let events = LessonSession.run(RTRLLesson.self, settings: LessonSettings(data: data, dataName: "mine.csv")).events
        #expect(Self.checks(events).allSatisfy { $0.passed })
        let titles = events.compactMap { if case let .figure(_, f) = $0 { f.title } else { nil } }
        #expect(titles.count == 2)
        #expect(titles.allSatisfy { $0.contains("mine.csv") })
    }

    @Test("a reader who stops at a pause stops the lesson before the next cell")
    func stopAtPause() {
        var asked = 0
        let outcome = LessonSession.run(RTRLLesson.self, settings: LessonSettings(), shouldContinue: { asked += 1; return asked < 2 })
        #expect(outcome.stopped)
        #expect(outcome.error == nil)
        let ran = outcome.events.compactMap { if case let .code(name, _) = $0 { name } else { nil } }
        #expect(ran == Array(RTRLLesson.narrative.cellNames.prefix(2)))
    }
}
