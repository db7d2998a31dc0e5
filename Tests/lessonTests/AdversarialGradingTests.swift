// The whole file is hidden from students: it shows how the grader is attacked.
// BEGIN HIDDEN TESTS
import Foundation
import Grading
import Testing

/// Grading against a student who wants marks without the work, or to hurt others: one
/// submission whose every exercise is an attack, graded in one run beside an honest one,
/// then the honest one alone in a new run.
///
/// Each attack below once worked against an earlier grader (see issue 16): forging the
/// test's pass record, reading the master's solutions and hidden tests into its own
/// feedback, editing the master's tests, rewriting another student's results, leaving a
/// `setsid` process behind to swap the test binary, flooding output, exhausting memory
/// and processes, reaching the network. None may gain a point, change a file outside the
/// output folder, hurt the honest submission, or outlive the grader.
@Suite("Homework: grading a hostile submission beside an honest one")
struct AdversarialGradingTests {
    static let root = HomeworkGradingTests.root

    /// The body of each attacked exercise: Swift that runs inside the student's
    /// executable when the test calls it. `MASTER`, `OUT` and `MARK` are replaced by the
    /// master's path, the output folder and a marker for survivors.
    static let attacks: [String: String] = [
        // Forge a pass: write pass records into every event stream it can find, then
        // leave with status 0 (the event stream's path was in CommandLine.arguments).
        "rtrlForward": """
            let records = ["testStarted", "testEnded", "runEnded"].map {
                #"{"kind":"event","payload":{"kind":"\\#($0)","testID":"HomeworkTests.RTRLForwardTests/ratesFollowEulerSteps()"},"version":"0"}"#
            }.joined(separator: "\\n") + "\\n"
            var paths = CommandLine.arguments
            for folder in ["OUT", "MASTER/.build/grading", "/tmp", "/work"] {
                let walker = FileManager.default.enumerator(atPath: folder)
                while let item = walker?.nextObject() as? String {
                    if item.hasSuffix(".jsonl") || item.hasSuffix(".json") { paths.append(folder + "/" + item) }
                }
            }
            for path in paths { try? records.write(toFile: path, atomically: false, encoding: .utf8) }
            print(records)
            exit(0)
            """,
        // Read the master's solutions and hidden tests, and show them in its own feedback.
        "rtrlGradient": """
            var loot = ""
            for base in [URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/../..", "MASTER"] {
                for file in ["Homework/Assignment1/RTRLGradient.swift", "Tests/HomeworkTests/RTRLGradientTests.swift",
                             "Tests/HomeworkTests/manifest.json"] {
                    loot += (try? String(contentsOfFile: base + "/" + file, encoding: .utf8)) ?? ""
                }
            }
            loot += (try? String(contentsOfFile: "/etc/shadow", encoding: .utf8)) ?? ""
            struct Loot: Error, CustomStringConvertible { let description: String }
            throw Loot(description: "LOOT[" + loot + "]")
            """,
        // Vandalise: the master's tests and manifest, another student's results, the
        // grading workspace's test binary.
        "gradientStep": """
            let targets = ["MASTER/Tests/HomeworkTests/GradientStepTests.swift", "MASTER/Tests/HomeworkTests/manifest.json",
                           "MASTER/Homework/Assignment1/GradientStep.swift", "OUT/honest/results.json", "OUT/gradebook.csv",
                           "MASTER/.build/grading/tests/.build/debug/HomeworkGradingPackageTests.xctest"]
            for target in targets {
                try? "vandalised".write(toFile: target, atomically: false, encoding: .utf8)
                try? FileManager.default.removeItem(atPath: target)
            }
            try? "pwned".write(toFile: "OUT/pwned", atomically: false, encoding: .utf8)
            return (w: w + 1, b: b + 1)
            """,
        // Leave processes behind (setsid and plain), to act after the grader is gone.
        "trainRTRL": """
            for arguments in [["setsid", "sleep", "MARK"], ["sleep", "MARK"], ["sh", "-c", "sleep MARK; echo x > OUT/late"]] {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = arguments
                try? process.run()
            }
            return []
            """,
        // Flood the output: 400 MB.
        "bpttAdjoints": """
            let line = String(repeating: "x", count: 1 << 20)
            for _ in 0..<400 { print(line) }
            return r.map { _ in 0 }
            """,
        // Exhaust memory, then the CPU.
        "bpttGradient": """
            var hog: [[UInt8]] = []
            for _ in 0..<64 { hog.append([UInt8](repeating: 1, count: 64 << 20)) }
            var spin = hog.count
            while spin >= 0 { spin &+= 1 }
            return (dw: 0, db: 0)
            """,
        // A fork bomb.
        "fixedPoint": """
            for _ in 0..<10_000 {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", "sleep MARK & sleep MARK & sleep MARK"]
                try? process.run()
            }
            return 0
            """,
        // The network, for help from outside.
        "fixedPointSensitivities": """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "exec 3<>/dev/tcp/1.1.1.1/80 && echo NETWORK"]
            try? process.run()
            process.waitUntilExit()
            return (drdw: 0, drdb: 0)
            """,
    ]

    /// A checksum of every file of the master outside `.build`, by path.
    static func checksums(_ folder: URL) throws -> [String: Int] {
        var sums: [String: Int] = [:]
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            let path = url.path.replacingOccurrences(of: folder.path + "/", with: "")
            if path.hasPrefix(".build") || path.hasPrefix(".git/") || path.hasPrefix("plots/") {
                walker?.skipDescendants()
                continue
            }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  let data = FileManager.default.contents(atPath: url.path) else { continue }
            var hasher = Hasher()
            hasher.combine(data)
            sums[path] = hasher.finalize()
        }
        return sums
    }

    /// The files whose checksums differ from `before` (changed, added or removed).
    static func changed(since before: [String: Int]) throws -> [String] {
        let now = try checksums(root)
        return Set(before.keys).union(now.keys).filter { before[$0] != now[$0] }.sorted()
    }

    /// Processes whose command line holds `marker`.
    static func survivors(_ marker: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { pid in
            guard Int(pid) != nil, let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: line, as: UTF8.self).contains(marker)
        }
    }

    @Test("the attacker gains nothing, the honest submission keeps full marks, nothing outside the output changes")
    func attackerBesideHonest() async throws {
        let package = try HomeworkPackage(root: Self.root)
        let folder = try LessonProcess.temporaryFolder()
        let out = folder.appendingPathComponent("grades")
        let marker = "9\(Int.random(in: 100...999)).25"
        let helper = HomeworkGradingTests(package: package, folder: folder)
        let honest = try helper.fixture("honest")
        let attacker = try helper.fixture("attacker")
        for file in package.exerciseFiles {       // every exercise unsolved, before the attacks go in
            try package.starter(file).write(to: attacker.deletingLastPathComponent().appendingPathComponent(file),
                                            atomically: true, encoding: .utf8)
        }
        for (function, body) in Self.attacks {
            let code = body.replacingOccurrences(of: "MASTER", with: Self.root.path)
                .replacingOccurrences(of: "OUT", with: out.path).replacingOccurrences(of: "MARK", with: marker)
            try helper.replace(function, with: code, in: attacker, importFoundation: true)
        }
        // …public helpers named like the tests' own, in a compiled exercise file (they once
        // won overload resolution in the test target); links to the master's solution and to
        // a system file in place of two exercise files, and to the master's folder in place
        // of a whole assignment.
        let helpers = attacker.appendingPathComponent("Assignment2/BPTTGradient.swift")
        try (String(contentsOf: helpers, encoding: .utf8) + """

            public func expectClose(_ got: Double, _ expected: Double, within tolerance: Double, _ what: String) {}
            public func agrees(_ got: Double, _ expected: Double, within tolerance: Double) -> Bool { true }

            """).write(to: helpers, atomically: true, encoding: .utf8)
        for (file, target) in [("Assignment3/AdjointSteadyState.swift", Self.root.appendingPathComponent("Homework/Assignment3/AdjointSteadyState.swift").path),
                               ("Assignment3/FixedPointGradient.swift", "/etc/passwd"),
                               ("Assignment4", Self.root.appendingPathComponent("Homework/Assignment4").path)] {
            try FileManager.default.removeItem(at: attacker.appendingPathComponent(file))
            try FileManager.default.createSymbolicLink(atPath: attacker.appendingPathComponent(file).path, withDestinationPath: target)
        }
        // A careless submission: the reference solutions, but a stray `@main` in one exercise
        // file (it once stubbed every exercise; the executable's own entry point now stands,
        // so it costs nothing), another file cut in half and a third not UTF-8 (each costs its
        // own exercise only).
        let careless = try helper.fixture("careless")
        let stray = careless.appendingPathComponent("Assignment4/EqPropError.swift")
        try (String(contentsOf: stray, encoding: .utf8) + "\n@main struct Hijack { static func main() {} }\n")
            .write(to: stray, atomically: true, encoding: .utf8)
        let cut = careless.appendingPathComponent("Assignment3/FixedPointRate.swift")
        let text = try String(contentsOf: cut, encoding: .utf8)
        try String(text.prefix(text.count / 2)).write(to: cut, atomically: true, encoding: .utf8)
        try Data([0x66, 0x75, 0x6e, 0x63, 0xff, 0xfe, 0x0a]).write(to: careless.appendingPathComponent("Assignment1/RTRLGradient.swift"))
        let before = try Self.checksums(Self.root)
        await StudentCopyFirst.shared.wait()

        let grade = try await LessonProcess.run(
            ["grade", attacker.deletingLastPathComponent().path, honest.deletingLastPathComponent().path,
             careless.deletingLastPathComponent().path, "--out", out.path, "--jobs", "2", "--timeout", "3", "--package", Self.root.path], in: folder)
        try #require(grade.status == 0, "grade failed: \(grade.stderr)\n\(grade.stdout)")
        #expect(Self.survivors(marker).isEmpty, "processes outlived the grader: \(Self.survivors(marker))")

        // The attacker scores exactly what its untouched exercises score: nothing.
        let attacked = try HomeworkGradingTests.results(out.appendingPathComponent("attacker/results.json"))
        #expect(attacked.score == 0, "the attacker scored \(attacked.score): \(attacked.passed)")
        #expect(!attacked.text.contains("BEGIN SOLUTION") && !attacked.text.contains("BEGIN HIDDEN")
                && !attacked.text.contains("\"hint\"") && !attacked.text.contains("root:"),
                "the master's files or a system file reached the attacker's feedback")
        let feedback = try String(contentsOf: out.appendingPathComponent("attacker/feedback.md"), encoding: .utf8)
        #expect(!feedback.contains("BEGIN SOLUTION") && !feedback.contains("NETWORK"))
        #expect(feedback.contains("Assignment3/AdjointSteadyState.swift") && feedback.contains("Assignment4")
                && feedback.contains("link"), "the linked files and folder are named in the feedback: \(feedback)")

        let lost = Set(["fixedPoint", "rtrlGradient"])
        let earned = package.manifest.tests.filter { !lost.contains($0.exercise) }.reduce(0) { $0 + $1.points }
        let sloppy = try HomeworkGradingTests.results(out.appendingPathComponent("careless/results.json"))
        #expect(sloppy.score == earned, "the careless submission: \(sloppy.score), expected \(earned)")

        let first = try HomeworkGradingTests.results(out.appendingPathComponent("honest/results.json"))
        #expect(first.score == package.manifest.totalPoints, "honest, beside the attacker: \(first.score)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("pwned").path))
        let changed = try Self.changed(since: before)
        #expect(changed.isEmpty, "files of the master changed: \(changed)")

        // A new run, the honest submission alone, after the attacker's leftovers had time to act.
        let again = folder.appendingPathComponent("again")
        let second = try await LessonProcess.run(
            ["grade", honest.deletingLastPathComponent().path, "--out", again.path, "--timeout", "3", "--package", Self.root.path],
            in: folder)
        try #require(second.status == 0, "grade failed: \(second.stderr)")
        let alone = try HomeworkGradingTests.results(again.appendingPathComponent("honest/results.json"))
        #expect(alone.score == package.manifest.totalPoints, "honest, alone: \(alone.score)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("late").path))
        let changedLater = try Self.changed(since: before)
        #expect(changedLater.isEmpty, "files of the master changed: \(changedLater)")
    }
}
// END HIDDEN TESTS
