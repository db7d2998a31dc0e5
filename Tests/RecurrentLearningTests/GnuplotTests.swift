import Foundation
import Testing
@testable import RecurrentLearning

/// Tests that launch the real gnuplot are enabled only where it is installed;
/// the others use small shell scripts standing in for a misbehaving gnuplot.
private let hasGnuplot = Gnuplot.locate() != nil

@Suite("Gnuplot renderer")
struct GnuplotTests {
    // MARK: Helpers

    /// A fresh empty directory for one test.
    static func scratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gnuplot-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func remove(_ directories: URL...) {
        for directory in directories { try? FileManager.default.removeItem(at: directory) }
    }

    /// A path that no test creates on purpose: an injected `touch` would.
    static func markerPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gnuplot-injected-\(UUID().uuidString)").path
    }

    static func isPNG(_ url: URL) -> Bool {
        guard let data = try? Data(contentsOf: url) else { return false }
        return data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    static func contents(of directory: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
    }

    /// An executable shell script standing in for gnuplot.
    static func fakeGnuplot(_ body: String, in directory: URL) throws -> Gnuplot {
        let path = directory.appendingPathComponent("gnuplot").path
        let created = FileManager.default.createFile(
            atPath: path, contents: Data("#!/bin/sh\n\(body)\n".utf8), attributes: [.posixPermissions: 0o755])
        #expect(created)
        return Gnuplot(executable: path)
    }

    static func sample(title: String = "Loss", logY: Bool = false) -> Figure {
        Figure(title: title, xLabel: "epoch", yLabel: "loss", series: [
            .init("rtrl", x: [1, 2, 3, 4], y: [1, 0.5, 0.25, 0.125]),
            .init("bptt, shifted", x: [1, 2, 3], y: [0.9, .nan, 0.2], style: .points),
            .init("both", x: [1.5, 2.5], y: [0.7, 0.3], style: .linesPoints),
        ], logY: logY)
    }

    /// `line` with every single-quoted literal removed. The renderer's
    /// literals hold no `'`, so each quote opens or closes one; an unclosed
    /// literal leaves a `'` behind.
    static func outsideSingleQuotes(_ line: String) -> String {
        var rest = "", inside = false
        for c in line {
            if c == "'" { inside.toggle() } else if !inside { rest.append(c) }
        }
        return inside ? rest + "'" : rest
    }

    /// Hostile text: each case would run `touch marker` if it escaped its literal.
    enum Payload: String, CaseIterable {
        case backquote, doubleQuoteBreakOut, singleQuoteBreakOut, newline, datablockEnd, macroAndQuotes

        func text(marker: String) -> String {
            switch self {
            case .backquote: "`touch \(marker)`"
            case .doubleQuoteBreakOut: "\"; system(\"touch \(marker)\"); \""
            case .singleQuoteBreakOut: "'; system('touch \(marker)'); '"
            case .newline: "title\nsystem \"touch \(marker)\"\n"
            case .datablockEnd: "EOD\nsystem \"touch \(marker)\"\nEOD"
            case .macroAndQuotes: "'' ''' @GPVAL_TERM' \" @ARG0 # `touch \(marker)` \\"
            }
        }
    }

    // MARK: Script generation (no gnuplot needed)

    @Test func quotingSplitsAtApostrophesAndRemovesLineBreaks() {
        #expect(Gnuplot.quoted("loss") == "'loss'")
        #expect(Gnuplot.quoted("it's") == "'it'.apostrophe.'s'")
        #expect(Gnuplot.quoted("'") == "''.apostrophe.''")
        #expect(Gnuplot.quoted("") == "''")
        #expect(Gnuplot.quoted("a\nb\r\nc\0d") == "'a b  c d'")
        #expect(Gnuplot.quoted("`x` \"y\" \\ @z #") == "'`x` \"y\" \\ @z #'")
        #expect(Gnuplot.number(0.1) == "0.1")
        #expect(Gnuplot.number(-.infinity) == "NaN")
        #expect(Gnuplot.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }

    /// What lies outside the literals — what gnuplot's scanner and macro
    /// expander treat as code — holds no user character.
    @Test func userTextOnlyInsideSingleQuotes() {
        let evil = Payload.allCases.map { $0.text(marker: "/tmp/X") }.joined(separator: " ")
        let figure = Figure(title: evil, xLabel: "'" + evil, yLabel: evil + "'",
                            series: [.init(evil, x: [1, 2], y: [3, .nan]), .init("EOD", x: [0], y: [1])],
                            logY: true)
        let script = Gnuplot.scriptText(for: figure, output: "/tmp/o'ut`x`@GPVAL_PWD.png")
        #expect(script.contains("set terminal pngcairo noenhanced size 900,500\n"))
        #expect(script.contains("set logscale y\n"))
        var inBlock = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("$data") && line.hasSuffix("<< EOD") { inBlock = true; continue }
            if inBlock {
                if line == "EOD" { inBlock = false; continue }
                #expect(line.allSatisfy { "0123456789.e+-NaN ".contains($0) }, "data line \(line)")
                continue
            }
            if line.hasPrefix("# Written by") || line == "apostrophe = \"'\"" { continue }
            let code = Self.outsideSingleQuotes(line)
            for forbidden in ["`", "\"", "system", "@", "#", "'", "touch"] {
                #expect(!code.contains(forbidden), "line \(line)")
            }
        }
        #expect(!inBlock)
    }

    @Test func csvHasHeaderAndEveryPoint() {
        let csv = Gnuplot.csvText(for: Self.sample())
        let rows = csv.split(separator: "\n")
        #expect(rows.first == "series,x,y")
        #expect(rows.count == 1 + 4 + 3 + 2)
        #expect(rows.contains("\"bptt, shifted\",2.0,nan"))
    }

    // MARK: Rendering with the real gnuplot

    @Test(.enabled(if: hasGnuplot)) func rendersPNGAndCSV() throws {
        let directory = try Self.scratchDirectory()
        defer { Self.remove(directory) }
        let figure = Self.sample(title: "Loss_{t} ^2 @x", logY: true)
        let rendered = try Gnuplot().render(figure, to: directory.appendingPathComponent("loss.png"))
        #expect(Self.isPNG(rendered.png))
        #expect(rendered.data.lastPathComponent == "loss.csv")
        let csv = try String(contentsOf: rendered.data, encoding: .utf8)
        #expect(csv.hasPrefix("series,x,y\n"))
        var rows = csv.split(separator: "\n").dropFirst().map(String.init)
        for series in figure.series {
            for (x, y) in zip(series.x, series.y) {
                let row = "\(Gnuplot.csvField(series.label)),\(x),\(y)"
                #expect(rows.first == row)
                rows.removeFirst()
            }
        }
        #expect(rows.isEmpty)
        #expect(Self.contents(of: directory) == ["loss.png", "loss.csv"])
    }

    @Test(.enabled(if: hasGnuplot)) func rendersFiguresWithoutDrawablePoints() throws {
        let directory = try Self.scratchDirectory()
        defer { Self.remove(directory) }
        let empty = Figure(title: "empty", xLabel: "x", yLabel: "y", series: [])
        let undefined = Figure(title: "NaN", xLabel: "x", yLabel: "y",
                               series: [.init("diverged", x: [1, 2], y: [.nan, -1]), .init("none", x: [], y: [])],
                               logY: true)
        #expect(Self.isPNG(try Gnuplot().render(empty, to: directory.appendingPathComponent("a.png")).png))
        #expect(Self.isPNG(try Gnuplot().render(undefined, to: directory.appendingPathComponent("b.png")).png))
        let nothingPositive = Figure(title: "log-log", xLabel: "N", yLabel: "error",
                                     series: [.init("x ≤ 0", x: [0, -1], y: [1, 2])], logY: true, logX: true)
        let script = Gnuplot.scriptText(for: nothingPositive, output: "c.png")
        #expect(script.contains("set logscale x\n") && script.contains("set xrange [0.1:10]\n"))
        #expect(Self.isPNG(try Gnuplot().render(nothingPositive, to: directory.appendingPathComponent("c.png")).png))
    }

    @Test(.enabled(if: hasGnuplot), arguments: Payload.allCases)
    func injectedTextIsDrawnNotRun(_ payload: Payload) throws {
        let directory = try Self.scratchDirectory()
        defer { Self.remove(directory) }
        let marker = Self.markerPath()
        let text = payload.text(marker: marker)
        let figure = Figure(title: text, xLabel: text, yLabel: text, series: [
            .init(text, x: [0, 1], y: [1, 2]), .init(text, x: [0, 1], y: [2, 1], style: .points),
        ])
        let png = directory.appendingPathComponent("plot.png")
        try Gnuplot().render(figure, to: png)
        #expect(Self.isPNG(png))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    /// gnuplot reads back exactly the text, line breaks as spaces (`print`
    /// writes the string expression to stderr).
    @Test(.enabled(if: hasGnuplot), arguments: Payload.allCases)
    func gnuplotReadsTheTextVerbatim(_ payload: Payload) throws {
        let marker = Self.markerPath()
        let text = payload.text(marker: marker)
        let script = "apostrophe = \"'\"\nprint \(Gnuplot.quoted(text))\n"
        let outcome = try Gnuplot().run(script: Data(script.utf8))
        let expected = text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        #expect(outcome.status == 0)
        #expect(outcome.stderr == expected)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test(.enabled(if: hasGnuplot)) func fileNameWithQuotesAndBackquotes() throws {
        let directory = try Self.scratchDirectory()
        defer { Self.remove(directory) }
        let markerName = "gnuplot-injected-\(UUID().uuidString)"
        let name = "it's `touch \(markerName)` '' \"q\" @GPVAL_TERM"
        let rendered = try Gnuplot().render(Self.sample(), to: directory.appendingPathComponent(name + ".png"))
        #expect(Self.isPNG(rendered.png))
        #expect(Self.contents(of: directory) == [name + ".png", name + ".csv"])
        // A backquote that ran would `touch` in gnuplot's working directory, which is ours.
        #expect(!FileManager.default.fileExists(atPath: markerName))
    }

    /// The control experiment: the payload double-quoted, as a naive renderer
    /// would write it, does run — so the tests above would see a regression.
    @Test(.enabled(if: hasGnuplot)) func naiveDoubleQuotingRunsTheBackquote() throws {
        let marker = Self.markerPath()
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let outcome = try Gnuplot().run(script: Data("set title \"`touch \(marker)`\"\n".utf8))
        #expect(outcome.status == 0)
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test(.enabled(if: hasGnuplot)) func gnuplotErrorLeavesOldFileAndNoTemporary() throws {
        let directory = try Self.scratchDirectory()
        defer { Self.remove(directory) }
        let png = directory.appendingPathComponent("plot.png")
        try Data("old".utf8).write(to: png)
        // The error comes after `plot`: gnuplot has already written into the temporary file.
        let error = #expect(throws: PlotError.self) {
            try Gnuplot().render(Self.sample(), to: png) { output in
                Gnuplot.scriptText(for: Self.sample(), output: output) + "no such command\n"
            }
        }
        guard case let .gnuplotFailed(status, message) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(status == 1)
        #expect(message.contains("invalid command"))
        #expect(Self.contents(of: directory) == ["plot.png"])
        #expect(try Data(contentsOf: png) == Data("old".utf8))
    }

    @Test(.enabled(if: hasGnuplot), .timeLimit(.minutes(1))) func bigDataRendersWithoutDeadlock() throws {
        let directory = try Self.scratchDirectory()
        defer { Self.remove(directory) }
        let n = 200_000
        let x = (0..<n).map { Double($0) / Double(n) }
        let figure = Figure(title: "big", xLabel: "t", yLabel: "r(t)",
                            series: [.init("sin", x: x, y: x.map { sin(40 * $0) })])
        let rendered = try Gnuplot().render(figure, to: directory.appendingPathComponent("big.png"))
        #expect(Self.isPNG(rendered.png))
        let csv = try String(contentsOf: rendered.data, encoding: .utf8)
        #expect(csv.split(separator: "\n").count == n + 1)
    }

    // MARK: Failures (fake gnuplot scripts, no gnuplot needed)

    @Test func failingGnuplotReportsStderrAndLeavesNothing() throws {
        let tools = try Self.scratchDirectory(), directory = try Self.scratchDirectory()
        defer { Self.remove(tools, directory) }
        let gnuplot = try Self.fakeGnuplot("cat > /dev/null; echo '  line 3: boom  ' >&2; exit 1", in: tools)
        #expect(throws: PlotError.gnuplotFailed(status: 1, message: "line 3: boom")) {
            try gnuplot.render(Self.sample(), to: directory.appendingPathComponent("p.png"))
        }
        #expect(Self.contents(of: directory).isEmpty)
    }

    @Test(.timeLimit(.minutes(1))) func earlyExitWithBigScriptIsAnErrorNotSIGPIPE() throws {
        let tools = try Self.scratchDirectory(), directory = try Self.scratchDirectory()
        defer { Self.remove(tools, directory) }
        let gnuplot = try Self.fakeGnuplot("echo 'gave up' >&2; exit 1", in: tools)
        let x = (0..<200_000).map(Double.init)
        let figure = Figure(title: "t", xLabel: "x", yLabel: "y", series: [.init("s", x: x, y: x)])
        #expect(throws: PlotError.gnuplotFailed(status: 1, message: "gave up")) {
            try gnuplot.render(figure, to: directory.appendingPathComponent("p.png"))
        }
        #expect(Self.contents(of: directory).isEmpty)
    }

    @Test(.timeLimit(.minutes(1))) func stderrFloodIsDrainedWhileWriting() throws {
        let tools = try Self.scratchDirectory(), directory = try Self.scratchDirectory()
        defer { Self.remove(tools, directory) }
        // 200 KB on stderr and on stdout before reading the script: more than a pipe holds.
        let gnuplot = try Self.fakeGnuplot(
            "head -c 200000 /dev/zero | tr '\\0' x >&2; head -c 200000 /dev/zero; cat > /dev/null; exit 3", in: tools)
        let error = #expect(throws: PlotError.self) {
            try gnuplot.render(Self.sample(), to: directory.appendingPathComponent("p.png"))
        }
        guard case let .gnuplotFailed(status, message) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(status == 3)
        #expect(message.count == 200_000)
    }

    @Test func missingPngcairoIsReported() throws {
        let tools = try Self.scratchDirectory(), directory = try Self.scratchDirectory()
        defer { Self.remove(tools, directory) }
        let gnuplot = try Self.fakeGnuplot(
            "cat > /dev/null; echo '\"/dev/stdin\" line 2: unknown or ambiguous terminal type' >&2; exit 1", in: tools)
        #expect(throws: PlotError.missingTerminal) {
            try gnuplot.render(Self.sample(), to: directory.appendingPathComponent("p.png"))
        }
    }

    @Test func missingExecutableThrows() throws {
        let directory = try Self.scratchDirectory()
        defer { Self.remove(directory) }
        let error = #expect(throws: PlotError.self) {
            try Gnuplot(executable: "/nonexistent/gnuplot")
                .render(Self.sample(), to: directory.appendingPathComponent("p.png"))
        }
        guard case .cannotLaunch(executable: "/nonexistent/gnuplot", _) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(Self.contents(of: directory).isEmpty)
    }

    @Test func missingDirectoryIsCannotWrite() {
        let png = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/p.png")
        let error = #expect(throws: PlotError.self) {
            try Gnuplot(executable: "/nonexistent/gnuplot").render(Self.sample(), to: png)
        }
        guard case let .cannotWrite(path, reason) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(path == png.path)
        #expect(reason.contains("does not exist"))
    }

    @Test func locateSearchesOnlyThePath() throws {
        #expect(Gnuplot.locate(searchPath: "/nonexistent") == nil)
        #expect(Gnuplot.locate(searchPath: nil) == nil)
        #expect(throws: PlotError.gnuplotNotFound) { try Gnuplot(searchPath: "/nonexistent:/also-missing") }
        #expect(PlotError.gnuplotNotFound.description == "gnuplot was not found on PATH; install it with "
            + "`apt-get install gnuplot-nox` (Debian/Ubuntu) or `brew install gnuplot` (macOS)")
        let tools = try Self.scratchDirectory()
        defer { Self.remove(tools) }
        let fake = try Self.fakeGnuplot("exit 0", in: tools)
        #expect(Gnuplot.locate(searchPath: "/nonexistent::\(tools.path)") == fake.executable)
    }
}
