import Foundation
import Testing
@testable import Lessons

/// Runs each lesson in-process, cell by cell, the way `lesson <id>` does, and
/// requires every check it prints to pass.
@Suite("Lessons run to the end with every check passing")
struct LessonChecksTests {
    /// Runs the lesson's cells in narrative order; returns the output events.
    static func run(_ lesson: any Lesson.Type, settings: LessonSettings = LessonSettings()) throws -> [OutputEvent] {
        let notebook = lesson.init(settings: settings)
        let output = CellOutput()
        for name in try Narrative.of(lesson).cellNames {
            let cell = try #require(notebook.cells[name], "no code for cell \(name)")
            try cell(output)
        }
        return output.events
    }

    static func checks(_ events: [OutputEvent]) -> [Check] {
        events.compactMap { if case .check(let c) = $0 { c } else { nil } }
    }

    @Test("every check passes with the default seed", arguments: Catalog.ids)
    func defaultSeed(id: String) throws {
        let checks = Self.checks(try Self.run(try #require(Catalog.lesson(id: id))))
        #expect(!checks.isEmpty)
        for check in checks where !check.passed {
            Issue.record("\(id): \(check.name): \(check.detail)")
        }
    }

    @Test("every check passes on other seeds", arguments: Catalog.ids, [1, 7, 99] as [UInt64])
    func otherSeeds(id: String, seed: UInt64) throws {
        let checks = Self.checks(try Self.run(try #require(Catalog.lesson(id: id)), settings: LessonSettings(seed: seed)))
        for check in checks where !check.passed {
            Issue.record("\(id) seed \(seed): \(check.name): \(check.detail)")
        }
    }

    @Test("rtrl with a student's sequence uses it and names it in the figures")
    func rtrlWithData() throws {
        let data = SequenceData(x: [0.1, -0.2, 0.05, 0.0, 0.3], y: [2.0, 1.8, 1.5, 1.4, 1.2])
        let events = try Self.run(RTRLLesson.self, settings: LessonSettings(data: data, dataName: "mine.csv"))
        #expect(Self.checks(events).allSatisfy { $0.passed })
        let titles = events.compactMap { if case let .figure(_, f) = $0 { f.title } else { nil } }
        #expect(titles.count == 2)
        #expect(titles.allSatisfy { $0.contains("mine.csv") })
    }
}
