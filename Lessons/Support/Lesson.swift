import RecurrentLearning

/// A lesson: a notebook in two files.
///
/// - `Lessons/<Name>/<Name>.md`, the narrative, with code cells written as
///   fenced blocks whose info string names the cell: ```` ```swift cell=model ````.
/// - `Lessons/<Name>/<Name>.swift`, a type conforming to `Lesson` whose methods
///   hold the same code between `// cell: model` and `// end cell` markers.
///
/// Running a lesson walks the narrative top to bottom: text is shown, and
/// each named cell is run, its output (lines, tables, checks, figures) sent to
/// a `CellOutput`. State flows from cell to cell through the lesson's stored
/// properties, as in a notebook. A test checks that every cell's code in the
/// Markdown is the code in the Swift file, so what students read is what runs.
public protocol Lesson: AnyObject {
    /// The id typed on the command line, e.g. `rtrl`.
    static var id: String { get }
    /// One line for `lesson list`.
    static var summary: String { get }
    /// The narrative's file name without extension, e.g. `RTRL`.
    static var narrativeName: String { get }
    /// Which command-line settings the lesson reads (beyond the seed).
    static var accepts: Set<LessonSetting> { get }

    init(settings: LessonSettings)
    /// The code cells by name.
    var cells: [String: (CellOutput) throws -> Void] { get }
}

/// The command-line settings a lesson may read.
public enum LessonSetting: String, Sendable, CaseIterable {
    case data, epochs, learningRate = "learning-rate", units
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

    public init(seed: UInt64 = 2023, epochs: Int? = nil, learningRate: Double? = nil, units: [Int]? = nil,
                data: SequenceData? = nil, dataName: String? = nil) {
        self.seed = seed
        self.units = units
        self.epochs = epochs
        self.learningRate = learningRate
        self.data = data
        self.dataName = dataName
    }

    /// "seed 2023", or "data from my.csv" when the student gave a sequence:
    /// printed with every result and figure so each reproduces.
    public var source: String {
        if data != nil { return "data from \(dataName ?? "your file")" }
        return "seed \(seed)"
    }
}
