import Foundation

/// One student's work: a copy of the package, or just its `Homework/` folder.
public struct Submission: Sendable, Equatable {
    /// The name used for its result folder and gradebook row.
    public let name: String
    /// The folder that plays the role of the package's `Homework/`.
    public let homework: URL
    /// The folder given for it (the package copy, or `homework` itself).
    public let root: URL

    public init(name: String, homework: URL, root: URL? = nil) {
        self.name = name
        self.homework = homework
        self.root = root ?? homework
    }

    /// A command-line path that is not graded, and why (a stray file among the folders).
    public struct Skipped: Sendable, Equatable {
        public let path: String
        public let reason: String
    }

    /// Names a submission may not take: the output folder's own files.
    static let reservedNames: Set<String> = ["gradebook.csv"]

    /// Resolves command-line paths; names come from the folder (the parent's for a bare
    /// `Homework` folder) and are made unique with `-2`, `-3`, … (never taking a name that
    /// another submission has, or the output's `gradebook.csv`). A path that is not a
    /// folder (or is a symbolic link) is skipped, with its reason: one stray path never
    /// stops the run.
    public static func locate(_ paths: [String], relativeTo base: URL) throws(GradingError) -> (submissions: [Submission], skipped: [Skipped]) {
        guard !paths.isEmpty else { throw .badInput("no submission given: pass one or more folders, e.g. lesson grade submissions/* --out grades") }
        var used = reservedNames
        var result: [Submission] = [], skipped: [Skipped] = []
        for path in paths {
            let url = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL
            var isDirectory: ObjCBool = false
            let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
            guard !link, FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                let reason = link ? "a symbolic link (submissions are read, never followed)"
                    : FileManager.default.fileExists(atPath: url.path) ? "not a folder" : "no such file or folder"
                skipped.append(Skipped(path: path, reason: reason))
                continue
            }
            let nested = url.appendingPathComponent(HomeworkPackage.homeworkFolder)
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: nested.path)) != nil {
                skipped.append(Skipped(path: path, reason: "its Homework folder is a symbolic link (submissions are read, never followed)"))
                continue
            }
            let homework = FileManager.default.fileExists(atPath: nested.path) ? nested : url
            let base = sanitized(url.lastPathComponent == HomeworkPackage.homeworkFolder
                ? url.deletingLastPathComponent().lastPathComponent : url.lastPathComponent)
            var name = base, count = 1
            while used.contains(name) {
                count += 1
                name = "\(base)-\(count)"
            }
            used.insert(name)
            result.append(Submission(name: name, homework: homework, root: url))
        }
        return (result, skipped)
    }

    /// A file-system- and CSV-safe name.
    static func sanitized(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.@+")
        let cleaned = String(name.map { allowed.contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? "submission" : cleaned
    }
}
