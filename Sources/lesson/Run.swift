import ArgumentParser
import Foundation
import Lessons
import RecurrentLearning

extension LessonCommand {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a lesson (the default: `lesson rtrl` is `lesson run rtrl`).")

        @Argument(help: "The lesson to run (see `lesson list`).", completion: .list(Catalog.ids))
        var id: String

        @Option(parsing: .unconditional, help: "Seed of every random draw, a whole number from 0 to 2^64 − 1; printed with every result and figure.",
                transform: { text in
                    guard let seed = UInt64(text) else {
                        throw ValidationError("--seed must be a whole number from 0 to 18446744073709551615, got \(text)")
                    }
                    return seed
                })
        var seed: UInt64 = 2023

        @Option(help: ArgumentHelp("Folder for the figures (PNG, with the data beside each as CSV).", valueName: "dir"),
                completion: .directory)
        var plots: String = "plots"

        @Option(help: ArgumentHelp("Your own sequence for the homework model: a CSV file with the header 'x,y' and one pair per line.", valueName: "file.csv"),
                completion: .file(extensions: ["csv"]))
        var data: String?

        // `.unconditional`: `--epochs -1` is a value to refuse with its own message, not a
        // missing value followed by an unknown option.
        @Option(parsing: .unconditional, help: "Training epochs (default: the lesson's, 10 for the homework model).")
        var epochs: Int?

        @Option(name: .customLong("learning-rate"), parsing: .unconditional, help: "Learning rate η (default: the lesson's, 0.1 for the homework model).")
        var learningRate: Double?

        @Option(parsing: .unconditional, help: ArgumentHelp("Network sizes N: backward-tuning's table (default 2,4,8; e.g. 2,4,8,16,32) or bptt's timings (default 4,8,16,32).", valueName: "list"))
        var units: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("Starting w of the homework model (rtrl, bptt; default 1).", valueName: "w"))
        var w0: Double?

        @Option(parsing: .unconditional, help: ArgumentHelp("Starting b of the homework model (rtrl, bptt; default 1).", valueName: "b"))
        var b0: Double?

        @Option(parsing: .unconditional, help: ArgumentHelp("Membrane noise σ of the LIF neurons, in mV (snn-rate; default 4).", valueName: "σ"))
        var noise: Double?

        @Option(parsing: .unconditional, help: ArgumentHelp("Surrogate sharpness β of the student network (spiking; default 5).", valueName: "β"))
        var sharpness: Double?

        @Option(parsing: .unconditional, help: ArgumentHelp("Gain of the random W of the rate network (fixed-point; default 0.6).", valueName: "g"))
        var gain: Double?

        @Flag(help: "A small, fast sweep instead of the full one (complexity).")
        var quick = false

        @Flag(help: "Run straight through without waiting for Enter between cells (automatic when piped).")
        var noPause = false

        @Option(help: ArgumentHelp("Show figures in the terminal too: sixel, text or none (default: none when piped, sixel where the terminal announces it, text otherwise).", valueName: "mode"))
        var inline: Terminal.Inline?

        @Option(help: ArgumentHelp("Write the run as a notebook instead of showing it: notebook.", valueName: "format"))
        var export: ExportFormat?

        @Option(help: ArgumentHelp("The notebook file to write (default: <id>.ipynb).", valueName: "file.ipynb"),
                completion: .file(extensions: ["ipynb"]))
        var out: String?

        /// The exercises' knobs: each option's setting, value and the range it may take.
        var knobs: [(setting: LessonSetting, value: Double?, range: ClosedRange<Double>)] {
            [(.w0, w0, -10...10), (.b0, b0, -10...10), (.noise, noise, 0...20), (.sharpness, sharpness, 0.1...100), (.gain, gain, 0...3)]
        }

        func validate() throws {
            guard let lesson = LessonName.lesson(id) else {
                let close = LessonName.suggestions(for: id)
                let hint = close.isEmpty ? "" : "did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))? "
                throw ValidationError("unknown lesson '\(id)'; \(hint)the lessons are: \(Catalog.ids.joined(separator: ", ")) (see `lesson list`)")
            }
            let given: [(LessonSetting, Bool)] = [(.data, data != nil), (.epochs, epochs != nil), (.learningRate, learningRate != nil),
                                                   (.units, units != nil), (.quick, quick)] + knobs.map { ($0.setting, $0.value != nil) }
            for (setting, isGiven) in given where isGiven && !lesson.accepts.contains(setting) {
                throw ValidationError("lesson \(lesson.id) does not use --\(setting.rawValue); run it without that option")
            }
            if let epochs, epochs < 1 {
                throw ValidationError("--epochs must be 1 or more, got \(epochs): with no epoch nothing is trained, and there is nothing to check")
            }
            if let learningRate, !(learningRate.isFinite && learningRate > 0) {
                throw ValidationError("--learning-rate must be a positive number, got \(learningRate)")
            }
            if units != nil { _ = try parsedUnits() }
            for (setting, value, range) in knobs {
                if let value, !range.contains(value) {
                    throw ValidationError("--\(setting.rawValue) must be a number from \(range.lowerBound.formatted(sig: 3)) to \(range.upperBound.formatted(sig: 3)), got \(value)")
                }
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: plots, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw ValidationError("--plots \(plots) is a file; give a folder for the figures")
            }
            if data != nil { _ = try loadData() }
            if out != nil, export == nil { throw ValidationError("--out names the notebook file; give it with --export notebook") }
            if let out, !out.hasSuffix(".ipynb") { throw ValidationError("--out \(out): a notebook file ends in .ipynb") }
            if let out {
                let folder = URL(fileURLWithPath: out).deletingLastPathComponent()
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw ValidationError("--out \(out): cannot write there, the folder \(folder.path) does not exist; create it first")
                }
            }
        }

        /// --units as a list of sizes 2 … 64.
        func parsedUnits() throws -> [Int]? {
            guard let units else { return nil }
            let sizes = units.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !sizes.isEmpty, sizes.allSatisfy({ $0 != nil && (2...64).contains($0!) }) else {
                throw ValidationError("--units must be a comma-separated list of sizes from 2 to 64, e.g. 2,4,8,16,32; got '\(units)'")
            }
            return sizes.map { $0! }
        }

        /// Reads --data, turning every problem into a message that names the line.
        func loadData() throws -> SequenceData? {
            guard let data else { return nil }
            let text: String
            do {
                text = try String(contentsOfFile: data, encoding: .utf8)
            } catch {
                throw ValidationError("--data \(data): cannot read the file; check the path")
            }
            do {
                return try SequenceData.parseCSV(text)
            } catch {
                throw ValidationError("--data \(data): \(error)")
            }
        }

        func run() throws {
            let lesson = LessonName.lesson(id)!
            let settings = LessonSettings(seed: seed, epochs: epochs, learningRate: learningRate,
                                          units: try parsedUnits(), data: try loadData(),
                                          dataName: data.map { URL(fileURLWithPath: $0).lastPathComponent },
                                          w0: w0, b0: b0, noise: noise, sharpness: sharpness, gain: gain, quick: quick)
            if export != nil {
                let file = URL(fileURLWithPath: out ?? "\(lesson.id).ipynb")
                var command = "lesson \(lesson.id) --seed \(seed)"
                if let epochs { command += " --epochs \(epochs)" }
                if let learningRate { command += " --learning-rate \(learningRate)" }
                if let units { command += " --units \(units)" }
                if quick { command += " --quick" }
                for (setting, value, _) in knobs {
                    if let value { command += " --\(setting.rawValue) \(value)" }
                }
                if let name = settings.dataName { command += " --data \(name)" }
                let (outcome, seconds) = try timed { try Player.export(lesson, settings: settings, command: command, to: file) }
                print("wrote \(file.lastPathComponent) (\(settings.source)); " + Player.summaryLine(lesson.id, outcome, seconds: seconds))
                if outcome.failedChecks > 0 || outcome.error != nil { throw ExitCode(1) }
                return
            }
            let figures = FigureWriter(folder: URL(fileURLWithPath: plots), prefix: lesson.id)
            let terminal = Terminal(pausing: !noPause && Terminal.isInteractive, inline: inline ?? Terminal.defaultInline,
                                    figures: figures, folder: lesson.narrative.folder)
            let outcome = Player.play(lesson, settings: settings, terminal: terminal)
            if outcome.failedChecks > 0 || outcome.error != nil { throw ExitCode(1) }
            if !figures.problems.isEmpty { throw ExitCode(3) }
        }
    }
}

/// What `--export` writes.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case notebook
}

extension Terminal.Inline: ExpressibleByArgument {}
