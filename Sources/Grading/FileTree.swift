import Foundation

/// Small file-system helpers shared by the release, the workspace and the reports.
enum FileTree {
    /// Regular files below `directory`, as paths relative to it, sorted; hidden entries
    /// (names starting with ".") and `.build` folders are skipped.
    static func files(in directory: URL) -> [String] {
        let base = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey],
            options: [.skipsHiddenFiles])
        else { return [] }
        var result: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base + "/") else { continue }
            result.append(String(path.dropFirst(base.count + 1)))
        }
        return result.sorted()
    }

    static func read(_ url: URL) throws(GradingError) -> String {
        guard let data = FileManager.default.contents(atPath: url.path),
              let text = String(data: data, encoding: .utf8)
        else { throw .io("cannot read \(url.path) as UTF-8 text") }
        return text
    }

    /// Writes `data` to a temporary file beside `url`, then renames it into place, so a
    /// reader never sees half a file.
    static func writeAtomically(_ data: Data, to url: URL) throws(GradingError) {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw .io("cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    static func writeAtomically(_ text: String, to url: URL) throws(GradingError) {
        try writeAtomically(Data(text.utf8), to: url)
    }

    /// Makes the files under `directory` exactly `contents` (relative path → text):
    /// writes only what differs, so an incremental build recompiles only what changed,
    /// and deletes every other file below the listed `roots`.
    static func synchronize(_ directory: URL, to contents: [String: String], roots: [String]) throws(GradingError) {
        let manager = FileManager.default
        for root in roots {
            let rootURL = directory.appendingPathComponent(root)
            for path in files(in: rootURL) where contents["\(root)/\(path)"] == nil {
                try? manager.removeItem(at: rootURL.appendingPathComponent(path))
            }
        }
        for (path, text) in contents {
            let url = directory.appendingPathComponent(path)
            if let existing = manager.contents(atPath: url.path), existing == Data(text.utf8) { continue }
            try writeAtomically(text, to: url)
        }
    }
}
