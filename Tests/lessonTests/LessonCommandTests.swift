import Foundation
import Testing
@testable import lesson

/// End-to-end: the `lesson` executable on exact outputs and exit codes.
@Suite("lesson command, end to end", .serialized)
struct LessonCommandTests {
    static let hasGnuplot = ProcessInfo.processInfo.environment["PATH", default: ""]
        .split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/gnuplot") }

    @Test("lesson list names every lesson")
    func list() async throws {
        let result = try await LessonProcess.run(["list"], in: try LessonProcess.temporaryFolder())
        #expect(result.status == 0)
        for id in ["rtrl", "bptt", "spiking"] { #expect(result.stdout.contains(id)) }
    }

    @Test("an unknown lesson fails and lists the ids")
    func unknownLesson() async throws {
        let result = try await LessonProcess.run(["nope"], in: try LessonProcess.temporaryFolder())
        #expect(result.status != 0)
        #expect(result.stderr.contains("unknown lesson 'nope'"))
        #expect(result.stderr.contains("rtrl, bptt, spiking"))
        #expect(!result.stderr.contains("did you mean"), "nothing is close to 'nope'")
    }

    @Test("a lesson id in another case runs it; a typo gets a suggestion; no epoch is refused, not passed vacuously")
    func lessonNames() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let typo = try await LessonProcess.run(["rtlr"], in: folder)
        #expect(typo.status == 64 && typo.stderr.contains("unknown lesson 'rtlr'; did you mean 'rtrl'?"), "\(typo.stderr)")
        let dashed = try await LessonProcess.run(["fixedpoint"], in: folder)
        #expect(dashed.stderr.contains("did you mean 'fixed-point'"), "\(dashed.stderr)")
        let upper = try await LessonProcess.run(["RTRL", "--epochs", "0"], in: folder)
        #expect(upper.status == 64 && upper.stderr.contains("--epochs must be 1 or more, got 0"), "\(upper.stderr)")
        #expect(!upper.stderr.contains("unknown lesson"), "RTRL is rtrl")
        let negative = try await LessonProcess.run(["rtrl", "--epochs", "-1"], in: folder)
        #expect(negative.stderr.contains("--epochs must be 1 or more, got -1"), "\(negative.stderr)")
        let seed = try await LessonProcess.run(["rtrl", "--seed", "-5"], in: folder)
        #expect(seed.status == 64 && seed.stderr.contains("--seed must be a whole number from 0 to 18446744073709551615, got -5"), "\(seed.stderr)")
        let knob = try await LessonProcess.run(["spiking", "--sharpness", "0"], in: folder)
        #expect(knob.status == 64 && knob.stderr.contains("--sharpness must be a number from 0.1 to 100, got 0.0"), "\(knob.stderr)")
        let unused = try await LessonProcess.run(["rtrl", "--gain", "1"], in: folder)
        #expect(unused.status == 64 && unused.stderr.contains("lesson rtrl does not use --gain"), "\(unused.stderr)")
        let rate = try await LessonProcess.run(["rtrl", "--learning-rate", "-0.5"], in: folder)
        #expect(rate.stderr.contains("--learning-rate must be a positive number, got -0.5"), "\(rate.stderr)")
        #expect(LessonName.editDistance("rtlr", "rtrl") == 1 && LessonName.editDistance("bptt", "bptt") == 0)
    }

    @Test("lesson rtrl runs to the end: checks pass, ten epochs, two figures", .enabled(if: hasGnuplot))
    func rtrl() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let result = try await LessonProcess.run(["rtrl", "--no-pause"], in: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!result.stdout.contains("FAIL"))
        #expect(result.stdout.contains("✓ PASS RTRL equals BPTT"))
        #expect(result.stdout.contains("seed 2023"))
        for name in ["rtrl-target-vs-output", "rtrl-loss"] {
            let png = folder.appendingPathComponent("plots/\(name).png")
            let bytes = try Data(contentsOf: png)
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name).png is not a PNG")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("plots/\(name).csv").path))
        }
    }

    @Test("a bad --data file is refused with its line named, and nothing is written", arguments: [
        ("", "empty"),
        ("x,y\n1,2\nabc,3\n", "line 3"),
        ("x,y\n1,2\n3\n", "line 3"),
        ("x,y\n1,2\n2,nan\n", "line 3"),
    ])
    func badData(text: String, expected: String) async throws {
        let folder = try LessonProcess.temporaryFolder()
        try text.write(to: folder.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let result = try await LessonProcess.run(["rtrl", "--data", "data.csv"], in: folder)
        #expect(result.status == 64)
        #expect(result.stderr.contains(expected), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("plots").path))
    }

    @Test("an option a lesson does not use is refused")
    func unusedOption() async throws {
        let folder = try LessonProcess.temporaryFolder()
        try "x,y\n1,2\n".write(to: folder.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        let result = try await LessonProcess.run(["spiking", "--data", "d.csv"], in: folder)
        #expect(result.status == 64)
        #expect(result.stderr.contains("does not use --data"))
        let quick = try await LessonProcess.run(["rtrl", "--quick"], in: folder)
        #expect(quick.status == 64 && quick.stderr.contains("lesson rtrl does not use --quick"), "\(quick.stderr)")
    }

    @Test("--units must be sizes from 2 to 64, and only backward-tuning takes it")
    func unitsOption() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let bad = try await LessonProcess.run(["backward-tuning", "--units", "2,x"], in: folder)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--units must be a comma-separated list of sizes from 2 to 64"), "stderr: \(bad.stderr)")
        let unused = try await LessonProcess.run(["rtrl", "--units", "2"], in: folder)
        #expect(unused.status == 64)
        #expect(unused.stderr.contains("does not use --units"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("plots").path))
    }

    @Test("without gnuplot the numbers are printed, one line says how to install it, exit 3")
    func missingGnuplot() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let result = try await LessonProcess.run(["rtrl", "--no-pause"], in: folder, environment: ["PATH": "/nonexistent"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("✓ PASS RTRL equals BPTT"))
        #expect(result.stdout.contains("epoch"))
        let errorLines = result.stderr.split(separator: "\n")
        #expect(errorLines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("apt-get install gnuplot-nox"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("plots/rtrl-loss.png").path))
    }

    @Test("gnuplot injection through a data file's name and the plots path runs nothing", .enabled(if: hasGnuplot))
    func injection() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let marker = folder.appendingPathComponent("INJECTED").path
        let payloads = [
            "a`touch \(marker)`b.csv",
            "b\"; system(\"touch \(marker)\"); \".csv",
            "c'; system('touch \(marker)'); '.csv",
            "d\nsystem \"touch \(marker)\"\n.csv",
            "EOD\nsystem \"touch \(marker)\".csv",
        ]
        for (i, name) in payloads.enumerated() {
            let file = folder.appendingPathComponent(name.replacingOccurrences(of: "/", with: "_"))
            try "x,y\n0.1,2\n0.0,1.5\n-0.1,1.2\n".write(to: file, atomically: true, encoding: .utf8)
            let plots = "plots\(i)`touch \(marker)`'\"x"
            let result = try await LessonProcess.run(["rtrl", "--data", file.lastPathComponent, "--plots", plots], in: folder)
            #expect(result.status == 0, "payload \(i): \(result.stderr)")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(plots)/rtrl-loss.png").path))
            #expect(!FileManager.default.fileExists(atPath: marker), "payload \(i) ran a command")
        }
    }
}

/// The notebook export, `lesson all`, inline figures and shell completion, end to end.
@Suite("lesson: notebooks, lesson all, inline figures, completion", .serialized)
struct LessonNotebookCommandTests {
    static let hasGnuplot = LessonCommandTests.hasGnuplot

    /// nbformat's verdict on a notebook file: nil when it validates.
    static func nbformatComplaint(_ file: URL) async throws -> String? {
        let result = try await LessonProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c",
            "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", file.path],
            in: file.deletingLastPathComponent())
        return result.status == 0 ? nil : result.stderr
    }

    @Test("lesson rtrl --export notebook writes a notebook that nbformat validates, the same bytes twice", .enabled(if: hasGnuplot))
    func export() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let result = try await LessonProcess.run(["rtrl", "--export", "notebook", "--out", "r.ipynb"], in: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("wrote r.ipynb (seed 2023)"))
        let file = folder.appendingPathComponent("r.ipynb")
        #expect(try await Self.nbformatComplaint(file) == nil)
        let first = try Data(contentsOf: file)
        #expect(String(decoding: first, as: UTF8.self).contains("\"image/png\""))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("plots").path), "an export draws into the notebook only")
        _ = try await LessonProcess.run(["rtrl", "--export", "notebook", "--out", "r.ipynb"], in: folder)
        #expect(try Data(contentsOf: file) == first)
    }

    @Test("an export that cannot be written is refused with what to do, and leaves no file")
    func exportRefused() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let missing = try await LessonProcess.run(["rtrl", "--export", "notebook", "--out", "no/such/dir/r.ipynb"], in: folder)
        #expect(missing.status == 64, "refused before the lesson runs")
        #expect(missing.stderr.contains("does not exist; create it first"), "stderr: \(missing.stderr)")
        let suffix = try await LessonProcess.run(["rtrl", "--export", "notebook", "--out", "r.json"], in: folder)
        #expect(suffix.status == 64)
        #expect(suffix.stderr.contains("ends in .ipynb"))
        let noGnuplot = try await LessonProcess.run(["rtrl", "--export", "notebook"], in: folder, environment: ["PATH": "/nonexistent"])
        #expect(noGnuplot.status != 0)
        #expect(noGnuplot.stderr.contains("apt-get install gnuplot-nox"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("lesson all --no-pause runs every lesson and ends with one summary line each", .enabled(if: hasGnuplot))
    func all() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let result = try await LessonProcess.run(["all", "--no-pause", "--quick"], in: folder)   // complexity's small sweep
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
        let summary = result.stdout.components(separatedBy: "All lessons (seed 2023):\n").last ?? ""
        let lines = summary.split(separator: "\n")
        #expect(lines.count == 9, "summary: \(summary)")
        for id in ["snn-rate", "fixed-point", "feedforward", "eqprop", "rtrl", "bptt", "spiking", "backward-tuning", "complexity"] {
            #expect(lines.contains { $0.hasPrefix("  ✓ \(id): ") && $0.contains(" 0 failed") }, "no passing line for \(id)")
        }
        // On a pipe every line fits 80 columns: prose, code, tables, equations and figure paths.
        let wide = result.stdout.components(separatedBy: "\n").filter { $0.count > 80 }
        #expect(wide.isEmpty, "\(wide.count) lines wider than 80 columns, the first: \(wide.first ?? "")")
    }

    @Test("--inline text draws each figure as text under its path", .enabled(if: hasGnuplot))
    func inlineText() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let result = try await LessonProcess.run(["rtrl", "--inline", "text"], in: folder)
        #expect(result.status == 0)
        let after = result.stdout.components(separatedBy: "figure: plots/rtrl-loss.png").last ?? ""
        #expect(after.contains("RTRL training loss (seed 2023)"))
        #expect(after.contains("+-----"), "no text axes after the figure's path")
        let plain = try await LessonProcess.run(["rtrl"], in: folder)
        #expect(!plain.stdout.contains("+-----"), "a pipe gets no inline figures by default")
    }

    @Test("the bash and zsh completion scripts offer the lesson ids and the options")
    func completion() async throws {
        let folder = try LessonProcess.temporaryFolder()
        for shell in ["bash", "zsh"] {
            let result = try await LessonProcess.run(["--generate-completion-script", shell], in: folder)
            #expect(result.status == 0)
            for word in ["backward-tuning", "snn-rate", "fixed-point", "--learning-rate", "--export", "--inline"] {
                #expect(result.stdout.contains(word), "\(shell) completion lacks \(word)")
            }
        }
    }

    @Test("bash completion of the default subcommand: `lesson rt` offers rtrl, `lesson rtrl --le` the option, `lesson gr` grade")
    func bashCompletionOfLessonIds() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let script = try await LessonProcess.run(["completion", "bash"], in: folder)
        try #require(script.status == 0)
        let file = folder.appendingPathComponent("lesson.bash")
        try script.stdout.write(to: file, atomically: true, encoding: .utf8)
        // Bash's own completion protocol, by hand: the line, the words, the cursor.
        let driver = """
            source "$1"
            try() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$COMP_LINE"
                    [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
                    _lesson lesson "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; echo "${COMPREPLY[*]}"; }
            try "lesson rt"; try "lesson rtrl --le"; try "lesson gr"; try "lesson run bptt --see"
            """
        let run = try await LessonProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["bash", "-c", driver, "driver", file.path], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(4).map(String.init)
                    == ["rtrl", "--learning-rate", "grade", "--seed"], "\(run.stdout)")
    }

    static let hasZsh = FileManager.default.isExecutableFile(atPath: "/usr/bin/zsh")

    /// zsh's own completion system, driven through a pseudo-terminal (zpty): each line is typed
    /// with a Tab, then a key bound to a widget that writes the edited line to a file.
    @Test("zsh completion of the default subcommand: `lesson rt` completes to rtrl, `lesson rtrl --le` to the option",
          .enabled(if: hasZsh))
    func zshCompletionOfLessonIds() async throws {
        let folder = try LessonProcess.temporaryFolder()
        let script = try await LessonProcess.run(["completion", "zsh"], in: folder)
        try #require(script.status == 0)
        try script.stdout.write(to: folder.appendingPathComponent("_lesson"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("lesson"), withDestinationURL: LessonProcess.executable)
        let lines = folder.appendingPathComponent("lines.txt")
        let driver = """
            zmodload zsh/zpty
            zpty -b comp zsh -f -i
            zpty -w comp "PS1='> '; PATH=$1:\\$PATH; fpath=($1 \\$fpath); autoload -Uz compinit; compinit -u -D; \\
              dump() { print -r -- \\"[\\$BUFFER]\\" >> $2; BUFFER=''; }; zle -N dump; bindkey '^X' dump"
            for line in "lesson rt" "lesson rtrl --le" "lesson gr" "lesson run bptt --see"; do
              zpty -w -n comp "$line"$'\\t'; sleep 1; zpty -w -n comp $'\\C-x'; sleep 0.5
            done
            sleep 1; zpty -w comp exit; zpty -d comp
            """
        let run = try await LessonProcess.run(URL(fileURLWithPath: "/usr/bin/zsh"), ["-f", "-c", driver, "driver", folder.path, lines.path], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let typed = (try? String(contentsOf: lines, encoding: .utf8)) ?? ""
        #expect(typed.split(separator: "\n").map(String.init)
                    == ["[lesson rtrl ]", "[lesson rtrl --learning-rate ]", "[lesson grade ]", "[lesson run bptt --seed ]"], "\(typed)")
    }
}
