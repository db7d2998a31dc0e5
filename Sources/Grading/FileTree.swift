import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Small file-system helpers shared by the release, the workspace and the reports.
enum FileTree {
    /// What lies below a folder, read without following anything: its regular files, and
    /// the entries refused (symbolic links, never followed into; sockets, pipes, devices),
    /// each as a path relative to the folder, sorted. Hidden entries (names starting with
    /// ".") are skipped.
    struct Listing: Equatable {
        var files: [String] = []
        var refused: [(path: String, reason: String)] = []

        static func == (a: Listing, b: Listing) -> Bool {
            a.files == b.files && a.refused.map(\.path) == b.refused.map(\.path) && a.refused.map(\.reason) == b.refused.map(\.reason)
        }
    }

    static func listing(in directory: URL) -> Listing {
        let base = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return Listing() }
        var listing = Listing()
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                enumerator.skipDescendants()
                continue
            }
            var status = stat()
            guard lstat(base + "/" + relative, &status) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFREG: listing.files.append(relative)
            case S_IFDIR: continue
            case S_IFLNK:
                enumerator.skipDescendants()
                listing.refused.append((relative, "a symbolic link (never followed)"))
            default: listing.refused.append((relative, "not a regular file"))
            }
        }
        listing.files.sort()
        listing.refused.sort { $0.path < $1.path }
        return listing
    }

    /// Regular files below `directory`, as paths relative to it, sorted; hidden entries,
    /// symbolic links and special files are skipped (`listing` says which).
    static func files(in directory: URL) -> [String] { listing(in: directory).files }

    /// The text of a regular file: a symbolic link or a special file is refused, not
    /// followed, and so is a file that is not UTF-8.
    static func read(_ url: URL) throws(GradingError) -> String {
        var status = stat()
        guard lstat(url.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw .io("\(url.path) is not a regular file (a link or a special file is never followed)")
        }
        guard let data = FileManager.default.contents(atPath: url.path),
              let text = String(data: data, encoding: .utf8)
        else { throw .io("cannot read \(url.path) as UTF-8 text") }
        return text
    }

    /// Whether `url` is a regular file itself (a link to one is not).
    static func isRegularFile(_ url: URL) -> Bool {
        var status = stat()
        return lstat(url.path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// Copies the regular file `source` (never through a link) to `destination`,
    /// atomically, with `permissions`.
    ///
    /// The copy is written through a close-on-exec descriptor: a process spawned meanwhile
    /// by another job must not inherit it open for writing, or running the copy would fail
    /// with "Text file busy" for as long as that process lives.
    static func copy(_ source: URL, to destination: URL, permissions: Int) throws(GradingError) {
        guard isRegularFile(source), let data = FileManager.default.contents(atPath: source.path) else {
            throw .io("cannot copy \(source.path): not a regular file")
        }
        let temporary = destination.path + ".\(getpid()).\(UUID().uuidString).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
        guard descriptor >= 0 else { throw .io("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        data.withUnsafeBytes { bytes in
            while written < bytes.count {
                let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                written += count
            }
        }
        fchmod(descriptor, mode_t(permissions))
        close(descriptor)
        guard written == data.count, rename(temporary, destination.path) == 0 else {
            unlink(temporary)
            throw .io("cannot write \(destination.path): \(String(cString: strerror(errno)))")
        }
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
    /// and deletes every other file below the listed `roots`, links and special files
    /// included (a link left there would otherwise be compiled into every later build).
    static func synchronize(_ directory: URL, to contents: [String: String], roots: [String]) throws(GradingError) {
        let manager = FileManager.default
        for root in roots {
            let rootURL = directory.appendingPathComponent(root)
            let listing = listing(in: rootURL)
            for path in listing.files where contents["\(root)/\(path)"] == nil {
                try? manager.removeItem(at: rootURL.appendingPathComponent(path))
            }
            for entry in listing.refused { try? manager.removeItem(at: rootURL.appendingPathComponent(entry.path)) }
        }
        for (path, text) in contents {
            let url = directory.appendingPathComponent(path)
            if let existing = manager.contents(atPath: url.path), existing == Data(text.utf8) { continue }
            try writeAtomically(text, to: url)
        }
    }
}
