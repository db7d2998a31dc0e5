import Foundation

/// One student's work: a copy of the package, or just its `Homework/` folder.
public struct Submission: Sendable, Equatable {
    /// The name used for its result folder and gradebook row.
    public let name: String
    /// The folder that plays the role of the package's `Homework/`.
    public let homework: URL

    public init(name: String, homework: URL) {
        self.name = name
        self.homework = homework
    }

    /// Resolves command-line paths; names come from the folder (the parent's for a bare
    /// `Homework` folder) and are made unique with `-2`, `-3`, ….
    public static func locate(_ paths: [String], relativeTo base: URL) throws(GradingError) -> [Submission] {
        guard !paths.isEmpty else { throw .badInput("no submission given: pass one or more folders, e.g. lesson grade submissions/* --out grades") }
        var used: [String: Int] = [:]
        var result: [Submission] = []
        for path in paths {
            let url = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .badInput("submission \(path) is not a folder: pass a student's package copy or its Homework folder")
            }
            let nested = url.appendingPathComponent(HomeworkPackage.homeworkFolder)
            let homework = FileManager.default.fileExists(atPath: nested.path) ? nested : url
            var name = url.lastPathComponent == HomeworkPackage.homeworkFolder
                ? url.deletingLastPathComponent().lastPathComponent : url.lastPathComponent
            name = sanitized(name)
            let count = used[name, default: 0] + 1
            used[name] = count
            if count > 1 { name += "-\(count)" }
            result.append(Submission(name: name, homework: homework))
        }
        return result
    }

    /// A file-system- and CSV-safe name.
    static func sanitized(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.@+")
        let cleaned = String(name.map { allowed.contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? "submission" : cleaned
    }
}
