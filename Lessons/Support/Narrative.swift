import Foundation

/// A lesson's Markdown narrative, split into text and named code cells.
///
/// A code cell is a fenced block whose info string names it:
///
/// ````
/// ```swift cell=train
/// let history = try problem.trained(epochs: 10, learningRate: 0.1)
/// ```
/// ````
///
/// Every other line, other fenced blocks included, is narrative text.
public struct Narrative: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        case text(String)
        case cell(name: String, code: String)
    }

    public var segments: [Segment]

    /// The names of the code cells, in reading order.
    public var cellNames: [String] {
        segments.compactMap { if case .cell(let name, _) = $0 { name } else { nil } }
    }

    public init(parsing markdown: String) {
        var segments: [Segment] = []
        var text: [Substring] = []
        var cell: (name: String, lines: [Substring])?
        func flushText() {
            let joined = text.joined(separator: "\n").trimmingCharacters(in: .newlines)
            if !joined.isEmpty { segments.append(.text(joined)) }
            text = []
        }
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if let open = cell {
                if line.trimmingCharacters(in: .whitespaces) == "```" {
                    segments.append(.cell(name: open.name, code: open.lines.joined(separator: "\n")))
                    cell = nil
                } else {
                    cell?.lines.append(line)
                }
            } else if line.hasPrefix("```"), let name = Narrative.cellName(infoString: line.dropFirst(3)) {
                flushText()
                cell = (name, [])
            } else {
                text.append(line)
            }
        }
        flushText()
        self.segments = segments
    }

    /// `swift cell=train` → `train`.
    static func cellName(infoString: Substring) -> String? {
        for word in infoString.split(separator: " ") where word.hasPrefix("cell=") {
            return String(word.dropFirst("cell=".count))
        }
        return nil
    }

    /// The narrative of a lesson, from the Lessons bundle.
    public static func of(_ lesson: any Lesson.Type) throws -> Narrative {
        guard let url = Bundle.module.url(forResource: lesson.narrativeName, withExtension: "md") else {
            throw LessonError.missingNarrative(lesson.narrativeName)
        }
        return Narrative(parsing: try String(contentsOf: url, encoding: .utf8))
    }
}

public enum LessonError: Error, CustomStringConvertible {
    case missingNarrative(String)
    case unknownCell(lesson: String, cell: String)

    public var description: String {
        switch self {
        case .missingNarrative(let name): "the narrative \(name).md is missing from the Lessons bundle; rebuild the package"
        case let .unknownCell(lesson, cell): "lesson \(lesson) has no code for cell '\(cell)'"
        }
    }
}
