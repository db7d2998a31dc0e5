import RecurrentLearning

/// A lesson: a notebook written once, as `Lessons/<Name>/<Name>.md`.
///
/// The Markdown is the narrative and the only copy of the code: the LessonCells build
/// plugin compiles its code cells into `run(settings:out:)` of a type conforming to this
/// protocol (see `Sources/LessonFormat`), so what students read is by construction what
/// runs. Running a lesson walks it top to bottom; each cell's output (lines, tables,
/// checks, figures, progress) goes to the `CellOutput` as events, and state flows from
/// cell to cell as in a notebook: a later cell sees what an earlier one declared.
public protocol Lesson {
    /// The id typed on the command line, e.g. `rtrl`.
    static var id: String { get }
    /// One line for `lesson list`.
    static var summary: String { get }
    /// Which command-line settings the lesson reads (beyond the seed).
    static var accepts: Set<LessonSetting> { get }
    /// The narrative and the code of every cell, as written in the Markdown.
    static var narrative: Narrative { get }
    /// Runs every cell in order; `out.begin(cell:)` marks where each starts.
    static func run(settings: LessonSettings, out: CellOutput) throws
}

/// The command-line settings a lesson may read.
public enum LessonSetting: String, Sendable, CaseIterable {
    case data, epochs, learningRate = "learning-rate", units
    /// The homework model's starting w and b.
    case w0, b0
    /// Membrane noise σ (mV) of the LIF neurons.
    case noise
    /// Surrogate sharpness β.
    case sharpness
    /// Gain of the random W of a rate network.
    case gain
    /// A small sweep in place of the full one (the complexity lab).
    case quick
}

/// What the student chose on the command line.
public struct LessonSettings: Sendable {
    /// Every random draw of the lesson comes from a generator seeded with this.
    public var seed: UInt64
    public var epochs: Int?
    public var learningRate: Double?
    /// Network sizes N, for the lessons that run a table over them.
    public var units: [Int]?
    /// The student's own (x, y) sequence, when given.
    public var data: SequenceData?
    /// Where `data` came from (a file name), for captions.
    public var dataName: String?
    /// The knobs the exercises turn; nil: the lesson's own value.
    public var w0: Double?, b0: Double?, noise: Double?, sharpness: Double?, gain: Double?
    /// The small sweep (`--quick`).
    public var quick: Bool

    public init(seed: UInt64 = 2023, epochs: Int? = nil, learningRate: Double? = nil, units: [Int]? = nil,
                data: SequenceData? = nil, dataName: String? = nil, w0: Double? = nil, b0: Double? = nil,
                noise: Double? = nil, sharpness: Double? = nil, gain: Double? = nil, quick: Bool = false) {
        self.seed = seed
        self.units = units
        self.epochs = epochs
        self.learningRate = learningRate
        self.data = data
        self.dataName = dataName
        self.w0 = w0
        self.b0 = b0
        self.noise = noise
        self.sharpness = sharpness
        self.gain = gain
        self.quick = quick
    }

    /// "seed 2023", or "data from my.csv" when the student gave a sequence, followed by every
    /// knob given ("seed 2023, w0 = 0.5"): printed with every result and figure so each reproduces.
    public var source: String {
        var parts = [data != nil ? "data from \(dataName ?? "your file")" : "seed \(seed)"]
        let knobs: [(String, Double?)] = [("w0", w0), ("b0", b0), ("noise", noise), ("sharpness", sharpness), ("gain", gain)]
        for case let (name, value?) in knobs { parts.append("\(name) = \(value.formatted(sig: 6))") }
        if quick { parts.append("quick sweep") }
        return parts.joined(separator: ", ")
    }
}
