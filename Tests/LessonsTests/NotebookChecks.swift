import Foundation
import LessonRendering
import Lessons
import RecurrentLearning
import Testing

/// What every exported notebook must hold, checked on a recorded run of a lesson.
enum NotebookChecks {
    /// The notebook of `outcome`, its figures drawn by gnuplot.
    static func notebook(_ lesson: any Lesson.Type, _ outcome: LessonSession.Outcome) throws -> String {
        let gnuplot = try Gnuplot()
        return try Notebook(lesson: lesson, command: "lesson \(lesson.id) --seed 2023", events: outcome.events) {
            try gnuplot.image(of: $0, format: .png)
        }.json
    }

    /// Validates `json` with Python's nbformat (`nbformat.validate`); returns its complaint, or nil.
    static func nbformatComplaint(_ json: String) throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-\(UUID().uuidString).ipynb")
        try json.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))",
                             file.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : message
    }

    /// Every narrative section, every cell's code with outputs, every figure as a PNG.
    static func expectComplete(_ json: String, lesson: any Lesson.Type, outcome: LessonSession.Outcome) throws {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let cells = try #require(root["cells"] as? [[String: Any]])
        func source(_ cell: [String: Any]) -> String { (cell["source"] as? [String] ?? []).joined() }
        let markdown = cells.filter { $0["cell_type"] as? String == "markdown" }.map(source)
        let code = cells.filter { $0["cell_type"] as? String == "code" }
        for case .text(let text) in lesson.narrative.segments {
            #expect(markdown.contains(text), "\(lesson.id): a narrative section is missing: \(text.prefix(60))")
        }
        #expect(code.map(source) == lesson.narrative.segments.compactMap {
            if case let .cell(_, body, _) = $0 { body } else { nil }
        }, "\(lesson.id): the code cells are not the code that ran")
        for cell in code {
            #expect(!(cell["outputs"] as? [Any] ?? []).isEmpty, "\(lesson.id): cell \(cell["id"] ?? "") has no outputs")
        }
        let images = code.flatMap { $0["outputs"] as? [[String: Any]] ?? [] }
            .compactMap { ($0["data"] as? [String: Any])?["image/png"] as? String }
            .compactMap { Data(base64Encoded: $0) }
        let figures = outcome.events.filter { if case .figure = $0 { true } else { false } }.count
        #expect(images.count == figures, "\(lesson.id): \(figures) figures, \(images.count) embedded PNGs")
        #expect(images.allSatisfy { $0.starts(with: [0x89, 0x50, 0x4E, 0x47]) && $0.count > 5000 })
    }
}
