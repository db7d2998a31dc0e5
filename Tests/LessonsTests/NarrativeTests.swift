import Foundation
import Testing
@testable import Lessons

/// The lesson's Markdown and its Swift file must hold the same code, cell for
/// cell: what students read is what runs.
@Suite("Lesson narratives match their code")
struct NarrativeTests {
    /// The code between `// cell: NAME` and `// end cell`, dedented.
    static func swiftCells(of lesson: any Lesson.Type) throws -> [String: String] {
        let source = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Lessons/\(lesson.narrativeName)/\(lesson.narrativeName).swift")
        let lines = try String(contentsOf: source, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var cells: [String: String] = [:]
        var current: (name: String, lines: [Substring])?
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// cell: ") {
                current = (String(trimmed.dropFirst("// cell: ".count)), [])
            } else if trimmed == "// end cell", let cell = current {
                let indent = cell.lines.filter { !$0.allSatisfy(\.isWhitespace) }
                    .map { $0.prefix { $0 == " " }.count }.min() ?? 0
                cells[cell.name] = cell.lines.map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n")
                current = nil
            } else {
                current?.lines.append(line)
            }
        }
        return cells
    }

    @Test("every Markdown cell is, character for character, the Swift cell of the same name",
          arguments: Catalog.ids)
    func markdownEqualsSwift(id: String) throws {
        let lesson = try #require(Catalog.lesson(id: id))
        let narrative = try Narrative.of(lesson)
        let swift = try Self.swiftCells(of: lesson)
        #expect(Set(narrative.cellNames) == Set(swift.keys), "cells in \(lesson.narrativeName).md vs .swift")
        #expect(Set(narrative.cellNames) == Set(lesson.init(settings: LessonSettings()).cells.keys),
                "cells in \(lesson.narrativeName).md vs the lesson's cell table")
        #expect(narrative.cellNames.count == Set(narrative.cellNames).count, "a cell name appears twice")
        for segment in narrative.segments {
            guard case let .cell(name, code) = segment else { continue }
            #expect(code == swift[name], "cell \(name) differs between \(lesson.narrativeName).md and .swift")
        }
    }

    @Test("a lesson narrative reads like a notebook: 70–250 lines, text between cells", arguments: Catalog.ids)
    func narrativeShape(id: String) throws {
        let lesson = try #require(Catalog.lesson(id: id))
        let url = try #require(Bundle.module.url(forResource: lesson.narrativeName, withExtension: "md"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
        #expect((70...250).contains(lines), "\(lesson.narrativeName).md has \(lines) lines")
        let narrative = try Narrative.of(lesson)
        guard case .text = narrative.segments.first else {
            Issue.record("\(lesson.narrativeName).md should open with text")
            return
        }
    }

    @Test("the parser separates text from named cells and leaves other fences as text")
    func parser() {
        let narrative = Narrative(parsing: """
            # Title
            Some text.
            ```swift cell=first
            let a = 1
            ```
            ```
            plain fence
            ```
            ```swift cell=second
            ```
            """)
        #expect(narrative.segments == [
            .text("# Title\nSome text."),
            .cell(name: "first", code: "let a = 1"),
            .text("```\nplain fence\n```"),
            .cell(name: "second", code: ""),
        ])
    }
}
