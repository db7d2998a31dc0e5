import ArgumentParser
import Foundation
import Grading

/// `--package DIR`, shared by the homework commands: the course package to work in.
struct PackageOption: ParsableArguments {
    @Option(help: ArgumentHelp("The course package (default: the one containing the current folder).", valueName: "dir"))
    var package: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Only this assignment: its tests, exercise files and gradebook column (default: every assignment).", valueName: "n"))
    var assignment: Int?

    func load() throws -> HomeworkPackage {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        do {
            let course = try package.map { try HomeworkPackage(root: URL(fileURLWithPath: $0, relativeTo: current).standardizedFileURL) }
                ?? HomeworkPackage.enclosing(current)
            return try assignment.map { try course.restricted(to: $0) } ?? course
        } catch let error as GradingError {
            throw failure(error)
        }
    }
}

/// Prints a grading error as one line on stderr and picks the exit status: 64 for what
/// the user can fix on the command line, 1 for everything else.
func failure(_ error: GradingError) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    switch error {
    case .badInput, .invalidPackage: return ExitCode(64)
    case .masterDoesNotBuild, .io: return ExitCode(1)
    }
}
