/// A lesson's Markdown as it was compiled: narrative text and named code cells, in
/// reading order. Generated from the Markdown by the LessonCells plugin, so it is
/// always the text the cells were compiled from.
public struct Narrative: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        /// Narrative Markdown; equations are LaTeX math between `$` or `$$`.
        case text(String)
        /// A code cell, its code exactly as written, and the line of the file where it starts.
        case cell(name: String, code: String, line: Int)
    }

    /// The Markdown file's name, e.g. `RTRL.md`.
    public var source: String
    public var segments: [Segment]

    public init(source: String, segments: [Segment]) {
        self.source = source
        self.segments = segments
    }

    /// The lesson's folder in the package, e.g. `Lessons/RTRL` (relative links start there).
    public var folder: String { "Lessons/" + source.dropLast(".md".count) }

    /// The names of the code cells, in reading order.
    public var cellNames: [String] {
        segments.compactMap { if case .cell(let name, _, _) = $0 { name } else { nil } }
    }
}
