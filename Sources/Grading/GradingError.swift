/// What stops the homework tools, each with a one-line message saying what to do.
public enum GradingError: Error, CustomStringConvertible, Equatable {
    /// The instructor's package is missing something the tools need.
    case invalidPackage(String)
    /// A command-line argument cannot be used.
    case badInput(String)
    /// The instructor's package does not build even with every exercise stubbed.
    case masterDoesNotBuild(String)
    /// Reading or writing files failed.
    case io(String)

    public var description: String {
        switch self {
        case .invalidPackage(let message), .badInput(let message), .io(let message): message
        case .masterDoesNotBuild(let log): "the instructor's homework package does not build with the starter stubs:\n\(log)"
        }
    }
}
