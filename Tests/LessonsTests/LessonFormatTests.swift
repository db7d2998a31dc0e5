import Foundation
import LessonFormat
import Testing
@testable import Lessons

/// The lesson format: one Markdown file is the narrative and the only copy of the code.
@Suite("Lesson format: Markdown is the single source")
struct LessonFormatTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func markdown(of lesson: any Lesson.Type) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("\(lesson.narrative.folder)/\(lesson.narrative.source)"),
                   encoding: .utf8)
    }

    @Test("each lesson folder holds its Markdown and nothing else; the compiled narrative is that file", arguments: Catalog.ids)
    func oneSource(id: String) throws {
        let lesson = try #require(Catalog.lesson(id: id))
        let folder = Self.packageRoot.appendingPathComponent(lesson.narrative.folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [lesson.narrative.source])
        let source = try LessonSource(parsing: try Self.markdown(of: lesson))
        #expect(source.id == lesson.id)
        #expect(source.summary == lesson.summary)
        #expect(Set(source.accepts) == Set(lesson.accepts.map(\.rawValue)))
        let compiled = lesson.narrative.segments.map { segment -> LessonSource.Segment in
            switch segment {
            case .text(let text): .text(text)
            case let .cell(name, code, line): .cell(name: name, code: code, line: line)
            }
        }
        #expect(compiled == source.segments, "the built narrative of \(id) is not its Markdown; rebuild")
    }

    @Test("no cell body appears twice anywhere under Lessons/")
    func noDuplicatedCode() throws {
        var seen: [String: String] = [:]
        for lesson in Catalog.lessons {
            for case let .cell(name, code, _) in lesson.narrative.segments {
                let body = code.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { $0.count > 20 }.joined(separator: "\n")
                if let other = seen[body], !body.isEmpty { Issue.record("\(lesson.id) cell \(name) repeats \(other)") }
                seen[body] = "\(lesson.id) cell \(name)"
            }
        }
        let files = FileManager.default.enumerator(atPath: Self.packageRoot.appendingPathComponent("Lessons").path)!
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") && !$0.hasPrefix("Support/") }
        #expect(files.isEmpty, "lesson code outside the Markdown: \(files)")
    }

    @Test("a lesson reads like a notebook: 70–300 lines, opening with text, text between cells", arguments: Catalog.ids)
    func shape(id: String) throws {
        let lesson = try #require(Catalog.lesson(id: id))
        let lines = try Self.markdown(of: lesson).split(separator: "\n", omittingEmptySubsequences: false).count
        #expect((70...300).contains(lines), "\(lesson.narrative.source) has \(lines) lines")
        guard case .text = lesson.narrative.segments.first else {
            Issue.record("\(lesson.narrative.source) should open with text")
            return
        }
    }

    @Test("the parser separates text from named cells, records each cell's line, and leaves other fences as text")
    func parser() throws {
        let source = try LessonSource(parsing: """
            ---
            id: demo
            type: DemoLesson
            summary: A demo.
            accepts: epochs, learning-rate
            ---
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
        #expect(source.id == "demo" && source.typeName == "DemoLesson" && source.accepts == ["epochs", "learning-rate"])
        #expect(source.segments == [
            .text("# Title\nSome text."),
            .cell(name: "first", code: "let a = 1", line: 10),
            .text("```\nplain fence\n```"),
            .cell(name: "second", code: "", line: 16),
        ])
    }

    @Test("a malformed lesson is refused with its line", arguments: [
        ("# no front matter\n", 1, "front matter"),
        ("---\nid: a\ntype: A\n---\ntext\n```swift cell=x\nlet a = 1\n```\n", 4, "summary"),
        ("---\nid: a\ntype: A\nsummary: s\n---\n```swift cell=x\nlet a = 1\n", 6, "never closed"),
        ("---\nid: a\ntype: A\nsummary: s\n---\n```swift cell=x\n```\n```swift cell=x\n```\n", 8, "second cell named 'x'"),
        ("---\nid: a\ntype: A\nsummary: s\ncolour: red\n---\n", 5, "unknown front matter key"),
    ])
    func malformed(text: String, line: Int, message: String) {
        #expect {
            _ = try LessonSource(parsing: text)
        } throws: { error in
            guard let error = error as? LessonSourceError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }

    /// The folder with the built modules of this test run (Lessons, RecurrentLearning).
    static var buildFolder: URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Modules/Lessons.swiftmodule").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.path == "/" ? packageRoot.appendingPathComponent(".build/debug") : folder
    }

    @Test("a compiler error in a cell names the lesson's Markdown file and the line the student reads")
    func compilerErrorPointsAtMarkdown() throws {
        let markdown = try Self.markdown(of: RTRLLesson.self)
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let open = try #require(lines.firstIndex(of: "```swift cell=train"))
        lines.insert("let broken: Int = \"not a number\"", at: open + 2)   // the cell's second line
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let md = folder.appendingPathComponent("RTRL.md")
        try lines.joined(separator: "\n").write(to: md, atomically: true, encoding: .utf8)
        let generated = try LessonSource(parsing: lines.joined(separator: "\n")).swiftCode(sourcePath: md.path)
        let swift = folder.appendingPathComponent("RTRLLesson.swift")
        try ("import Lessons\n" + generated).write(to: swift, atomically: true, encoding: .utf8)

        let build = Self.buildFolder
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-typecheck", "-module-name", "LessonCheck", "-I", build.appendingPathComponent("Modules").path,
                             "-Xcc", "-fmodule-map-file=\(Self.packageRoot.path)/Sources/CLinearAlgebra/module.modulemap",
                             "-Xcc", "-fmodule-map-file=\(build.path)/CRateKernels.build/module.modulemap", swift.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        // Line numbers are 1-based: the inserted line is lines[open + 2].
        #expect(output.contains("\(md.path):\(open + 3):"), "compiler said: \(output.prefix(2000))")
        #expect(output.contains("cannot convert value of type 'String' to specified type 'Int'"), "compiler said: \(output.prefix(2000))")
        #expect(!output.contains("RTRLLesson.swift:"), "an error points at the generated file: \(output.prefix(2000))")
    }
}
