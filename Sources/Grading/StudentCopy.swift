import Foundation

/// `lesson homework release`: writes the student copy of the package.
public enum StudentCopy {
    /// Writes the copy into `destination`, which must be empty or missing unless `force`
    /// (then only the course's own entries in it are replaced). The copy is assembled in
    /// a temporary folder beside the destination and moved into place, so an error never
    /// leaves half a copy. Returns the number of files written.
    @discardableResult
    public static func release(_ package: HomeworkPackage, to destination: URL, force: Bool) throws(GradingError) -> Int {
        guard !package.manifest.isStudentCopy else {
            throw .badInput("this is a student copy; release from the instructor's package")
        }
        let manager = FileManager.default
        let target = destination.standardizedFileURL
        let root = package.root.standardizedFileURL.path
        let inside = PackageCopy.entries.contains { target.path.hasPrefix("\(root)/\($0)/") }
        guard target.path != root, !inside else {
            throw .badInput("\(destination.path) is inside the instructor's package files: choose a folder outside them")
        }
        let existing = (try? manager.contentsOfDirectory(atPath: target.path)) ?? []
        if !existing.isEmpty && !force {
            throw .badInput("\(destination.path) is not empty: choose an empty folder, or pass --force to replace the course files in it")
        }
        let files = try PackageCopy.files(of: package, kind: .student)

        let staging = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).release-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: staging) }
        for file in files {
            try FileTree.writeAtomically(file.data, to: staging.appendingPathComponent(file.path))
        }
        do {
            try manager.createDirectory(at: target, withIntermediateDirectories: true)
            for entry in try manager.contentsOfDirectory(atPath: staging.path) {
                let place = target.appendingPathComponent(entry)
                if manager.fileExists(atPath: place.path) { try manager.removeItem(at: place) }
                try manager.moveItem(at: staging.appendingPathComponent(entry), to: place)
            }
        } catch {
            throw .io("cannot write the student copy into \(destination.path): \(error.localizedDescription)")
        }
        return files.count
    }
}
