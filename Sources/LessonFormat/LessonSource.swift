/// A lesson as its author writes it: one Markdown file that is both the narrative
/// the student reads and the only copy of the code that runs.
///
/// ```text
/// ---
/// id: rtrl
/// type: RTRLLesson
/// summary: Real-time recurrent learning: …
/// accepts: data, epochs, learning-rate
/// ---
/// # Real-time recurrent learning
/// Narrative, with equations as LaTeX math ($…$ inline, $$ … $$ on lines of their own).
/// ```swift cell=data
/// let sequence = …
/// ```
/// ```
///
/// The front matter names the lesson (`id`, typed on the command line), the Swift type
/// generated for it, the one-line summary and the command-line settings it reads. A
/// fenced block whose info string holds `cell=NAME` is a code cell; every other line,
/// other fenced blocks included, is narrative.
public struct LessonSource: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        /// Narrative Markdown.
        case text(String)
        /// A code cell; `line` is the 1-based line of the file that holds its first line of code.
        case cell(name: String, code: String, line: Int)
    }

    public var id: String
    public var typeName: String
    public var summary: String
    /// The `LessonSetting` raw values the lesson reads, e.g. `learning-rate`.
    public var accepts: [String]
    public var segments: [Segment]

    /// The cell names, in reading order.
    public var cellNames: [String] {
        segments.compactMap { if case .cell(let name, _, _) = $0 { name } else { nil } }
    }

    public init(parsing markdown: String) throws(LessonSourceError) {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") else {
            throw LessonSourceError(line: 1, message: "a lesson starts with front matter: a line '---', the keys id, type, summary and accepts, and a closing '---'")
        }
        var keys: [String: String] = [:]
        for index in 1..<close {
            let line = lines[index]
            guard let colon = line.firstIndex(of: ":") else {
                throw LessonSourceError(line: index + 1, message: "front matter lines read 'key: value', found '\(line)'")
            }
            let key = line[..<colon].trimmingSpaces, value = line[line.index(after: colon)...].trimmingSpaces
            guard ["id", "type", "summary", "accepts"].contains(key) else {
                throw LessonSourceError(line: index + 1, message: "unknown front matter key '\(key)'; the keys are id, type, summary and accepts")
            }
            keys[key] = value
        }
        for key in ["id", "type", "summary"] where (keys[key] ?? "").isEmpty {
            throw LessonSourceError(line: close + 1, message: "the front matter has no '\(key):' line")
        }
        id = keys["id"]!
        typeName = keys["type"]!
        summary = keys["summary"]!
        accepts = (keys["accepts"] ?? "").split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        let settings = ["data", "epochs", "learning-rate", "units", "w0", "b0", "noise", "sharpness", "gain", "quick"]   // LessonSetting's raw values
        if let unknown = accepts.first(where: { !settings.contains($0) }), let line = lines.firstIndex(where: { $0.hasPrefix("accepts:") }) {
            throw LessonSourceError(line: line + 1, message: "accepts names '\(unknown)', which is no setting; the settings are \(settings.joined(separator: ", "))")
        }
        guard typeName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), typeName.first?.isLetter == true else {
            throw LessonSourceError(line: 1, message: "type '\(typeName)' is not a Swift type name")
        }

        var segments: [Segment] = []
        var text: [String] = []
        var cell: (name: String, line: Int, lines: [String])?
        func flushText() {
            let joined = text.joined(separator: "\n").trimmingCharacters(in: "\n")
            if !joined.isEmpty { segments.append(.text(joined)) }
            text = []
        }
        for index in (close + 1)..<lines.count {
            let line = lines[index]
            if let open = cell {
                if line.trimmingSpaces == "```" {
                    segments.append(.cell(name: open.name, code: open.lines.joined(separator: "\n"), line: open.line))
                    cell = nil
                } else {
                    cell!.lines.append(line)
                }
            } else if line.hasPrefix("```"), let name = LessonSource.cellName(infoString: line.dropFirst(3)) {
                // Notebook cell ids are `cell-NAME`, at most 64 characters of [A-Za-z0-9_-].
                guard !name.isEmpty, name.count <= 59, name.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }) else {
                    throw LessonSourceError(line: index + 1, message: "cell names are up to 59 ASCII letters, digits, '-' and '_'; found '\(name)'")
                }
                if segments.contains(where: { if case .cell(let other, _, _) = $0 { other == name } else { false } }) {
                    throw LessonSourceError(line: index + 1, message: "a second cell named '\(name)'; give each cell its own name")
                }
                flushText()
                cell = (name, index + 2, [])
            } else {
                text.append(line)
            }
        }
        if let open = cell {
            throw LessonSourceError(line: open.line - 1, message: "cell '\(open.name)' is never closed; end it with a line '```'")
        }
        flushText()
        guard segments.contains(where: { if case .cell = $0 { true } else { false } }) else {
            throw LessonSourceError(line: close + 2, message: "the lesson has no code cell (a fence ```swift cell=NAME)")
        }
        self.segments = segments
    }

    /// `swift cell=train` → `train`.
    static func cellName(infoString: Substring) -> String? {
        for word in infoString.split(separator: " ") where word.hasPrefix("cell=") {
            return String(word.dropFirst("cell=".count))
        }
        return nil
    }
}

/// What is wrong with a lesson file, and where.
public struct LessonSourceError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
