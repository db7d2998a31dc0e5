/// The README of the student copy, in place of the instructor's: how to build, where the
/// lessons are, which files each assignment asks for, and how to check them. Made from the
/// copy's own manifest and exercise files, so it names exactly what the copy holds.
enum StudentReadme {
    static func text(manifest: Manifest, exerciseFiles: [String]) -> String {
        var lines = [
            "# Your homework",
            "",
            "This is your copy of the course package: the lessons, the library they use, and the",
            "homework you fill in. Each exercise is one function; its equation is in its doc comment.",
            "",
            "## Set up once",
            "",
            "On Debian or Ubuntu with Swift 6 installed (run as root, or put `sudo` before `apt-get`):",
            "",
            "```sh",
            "apt-get update && apt-get install -y --no-install-recommends gnuplot-nox libopenblas-dev liblapacke-dev bubblewrap",
            "swift build -c release --product lesson",
            "export PATH=\"$PWD/.build/release:$PATH\"       # add the line to ~/.bashrc to keep it",
            "```",
            "",
            "`lesson list` shows the lessons; `lesson <id>` runs one cell by cell (`--no-pause` runs it",
            "straight through, `--help` lists its options). Figures go to `plots/`.",
            "",
            "## Your assignments",
            "",
            "| assignment | lesson | the files you write | public tests |",
            "|---|---|---|---|",
        ]
        for assignment in manifest.assignments {
            let files = exerciseFiles.filter { $0.hasPrefix(assignment.folder + "/") }
                .map { "`\($0)`" }.joined(separator: ", ")
            let tests = manifest.tests.filter { $0.assignment == assignment.number }.count
            lines.append("| \(assignment.number). \(assignment.title) | `lesson \(assignment.lesson)` | \(files) | \(tests) |")
        }
        lines += [
            "",
            "Write your code between the lines `// BEGIN SOLUTION` and `// END SOLUTION`, in place of",
            "the `throw NotImplemented(…)` stub, and keep the two lines: when a file does not compile,",
            "they tell the grader which function to grade as a stub, so only that exercise loses its",
            "points.",
            "",
            "## Check your work",
            "",
            "```sh",
            "lesson check",
            "```",
            "",
            "builds your code and runs the public tests, through the same build, sandbox and",
            "comparisons as grading, and prints your score with a hint for each failing test",
            "(`lesson check --assignment N` checks one assignment). Your grade also counts hidden tests,",
            "so a public score is a floor, not a promise. Only the exercise files are graded: edits",
            "elsewhere (tests, `Package.swift`) change nothing.",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
