import ArgumentParser
import Foundation
import Grading

extension LessonCommand {
    /// `lesson homework release|autograder`: the instructor's side of the homework.
    struct HomeworkCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "homework",
            abstract: "Release the student copy of the homework, or build a Gradescope autograder.",
            subcommands: [Release.self, Autograder.self])
    }
}

extension LessonCommand.HomeworkCommand {
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the student copy: solutions replaced by stubs, hidden tests removed.")

        @Option(help: ArgumentHelp("Folder for the student copy (empty or new).", valueName: "dir"))
        var to: String

        @Flag(help: "Write into a non-empty folder, replacing the course files in it.")
        var force = false

        @OptionGroup var package: PackageOption

        func run() throws {
            let course = try package.load()
            let destination = URL(fileURLWithPath: to).standardizedFileURL
            do {
                let count = try StudentCopy.release(course, to: destination, force: force)
                let manifest = course.manifest.studentCopy
                let which = course.manifest.assignments.map { String($0.number) }.joined(separator: ", ")
                print("Wrote the student copy to \(to) (\(count) files), assignment\(course.manifest.assignments.count == 1 ? "" : "s") \(which): \(course.exerciseFiles.count) exercise files to write, \(manifest.tests.count) public tests of \(course.manifest.tests.count).")
                print("Students run `lesson check` there to see their public score (its README says how).")
            } catch {
                throw failure(error)
            }
        }
    }

    struct Autograder: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a Gradescope autograder bundle (setup.sh, run_autograder) running the same grader.")

        @Option(help: ArgumentHelp("The zip file to write.", valueName: "file.zip"))
        var out: String

        @Option(parsing: .unconditional, help: "Seconds each test may spend in calls into the student's code.")
        var timeout: Double = 10

        @OptionGroup var package: PackageOption

        func validate() throws {
            guard out.hasSuffix(".zip") else { throw ValidationError("--out must name a .zip file, got \(out)") }
            if let problem = TestTimeout.problem(timeout) { throw ValidationError(problem) }
        }

        func run() throws {
            let course = try package.load()
            do {
                let data = try AutograderBundle.zip(course, timeout: timeout)
                let url = URL(fileURLWithPath: out)
                do {
                    try data.write(to: url, options: .atomic)
                } catch {
                    throw GradingError.io("cannot write \(out): \(error.localizedDescription)")
                }
                print("Wrote \(out) (\(data.count / 1024) KiB): upload it as the assignment's autograder on Gradescope.")
            } catch let error as GradingError {
                throw failure(error)
            }
        }
    }
}
