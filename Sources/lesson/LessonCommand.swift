import ArgumentParser
import Foundation
import Lessons

/// `lesson`: runs the toolkit's lessons like notebooks executed top to bottom.
@main
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Step through how recurrent networks are trained, every step checked on live numbers.",
        discussion: """
            Run `lesson list` to see the lessons, then `lesson <id>`, e.g. `lesson rtrl`; \
            `lesson <id> --help` lists the options a lesson takes.

            Exit status: 0 all checks passed; 1 a check failed or a cell stopped with an error; \
            3 the numbers were computed but figures are missing (gnuplot absent or failing); 64 bad usage.
            """,
        version: "0.1.0",
        subcommands: [List.self, Run.self, All.self, HomeworkCommand.self, Grade.self, Check.self, Completion.self],
        defaultSubcommand: Run.self)
}

extension LessonCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the lessons.")

        func run() {
            let width = Catalog.ids.map(\.count).max() ?? 0
            for lesson in Catalog.lessons {
                print(lesson.id.padding(toLength: width + 2, withPad: " ", startingAt: 0) + lesson.summary)
            }
        }
    }
}
