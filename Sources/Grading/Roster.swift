import Foundation

/// The class list that names the gradebook's rows: a CSV file with a header holding the
/// columns `submission` (the folder name of a student's submission) and `student_id`,
/// in any order, others ignored. Rows whose submission is not listed keep their folder name.
public struct Roster: Sendable, Equatable {
    /// Student id by submission folder name.
    public let ids: [String: String]

    public init(ids: [String: String]) { self.ids = ids }

    /// Parses the roster's text; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(GradingError) -> Roster {
        let unmarked = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text     // Excel's "CSV UTF-8" byte-order mark
        let rows = unmarked.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(fields)   // "\r\n" is one Character
        guard let header = rows.first else { throw .badInput("--roster \(path) is empty; it needs a header 'submission,student_id' and one row per student") }
        let names = header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        guard let submission = names.firstIndex(of: "submission"), let student = names.firstIndex(of: "student_id") else {
            throw .badInput("--roster \(path): the header must name the columns submission and student_id (it has \(header.joined(separator: ", ")))")
        }
        var ids: [String: String] = [:]
        for (index, row) in rows.dropFirst().enumerated() where !row.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            guard row.count > max(submission, student) else {
                throw .badInput("--roster \(path), line \(index + 2): \(row.count) fields, fewer than the header's columns submission and student_id need")
            }
            let folder = row[submission].trimmingCharacters(in: .whitespacesAndNewlines)
            guard ids[folder] == nil else { throw .badInput("--roster \(path), line \(index + 2): submission \(folder) is listed twice") }
            guard !row[student].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .badInput("--roster \(path), line \(index + 2): submission \(folder) has no student_id")
            }
            ids[folder] = row[student].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return Roster(ids: ids)
    }

    /// The student id of `submission`: by its name, or by the folder it was given as when the
    /// name is that folder's made safe (never for `name-2`, the second of two folders `name`);
    /// nil when not listed.
    public func id(of submission: Submission) -> String? {
        if let id = ids[submission.name] { return id }
        let folder = submission.root.lastPathComponent == HomeworkPackage.homeworkFolder
            ? submission.root.deletingLastPathComponent().lastPathComponent : submission.root.lastPathComponent
        return Submission.sanitized(folder) == submission.name ? ids[folder] : nil
    }

    /// One CSV line's fields (RFC 4180 quotes, `""` inside them; no line break inside a field).
    static func fields<Line: StringProtocol>(_ line: Line) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var characters = Array(line)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(field)
        return fields
    }
}
