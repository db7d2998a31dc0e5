/// The error every exercise throws until it is solved.
///
/// The student copy of the homework replaces each reference solution by
/// `throw NotImplemented("exerciseName")`, never by `fatalError()`: a trap would end
/// the whole test process, while a thrown error fails only the test that called it.
public struct NotImplemented: Error, CustomStringConvertible, Sendable {
    /// The exercise (function) still to be written.
    public let exercise: String

    public init(_ exercise: String) {
        self.exercise = exercise
    }

    public var description: String {
        "\(exercise) is not implemented yet: replace its `throw NotImplemented(...)` with your code"
    }
}
