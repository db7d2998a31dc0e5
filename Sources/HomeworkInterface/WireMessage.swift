/// One line of the conversation between a graded test and the student's executable.
///
/// The test sends `call`; the student's side answers `returned` or `threw`. While a call
/// runs, the student's side may send `callback` (an exercise that takes functions, such as
/// `trainRTRL`, calling the building blocks the test gave it), which the test answers
/// with `returned` or `threw` before the call goes on.
public enum WireMessage: Equatable, Sendable {
    case call(exercise: String, arguments: [WireValue])
    case returned([WireValue])
    case threw(ThrownError)
    case callback(name: String, arguments: [WireValue])

    public var wire: WireValue {
        switch self {
        case let .call(exercise, arguments): .list([.string("call"), .string(exercise), .list(arguments)])
        case let .returned(values): .list([.string("returned"), .list(values)])
        case let .threw(error): .list([.string("threw"), error.wire])
        case let .callback(name, arguments): .list([.string("callback"), .string(name), .list(arguments)])
        }
    }

    public init?(wire: WireValue) {
        guard case .list(let parts) = wire, let kind = parts.first.flatMap(String.init(wire:)) else { return nil }
        switch (kind, parts.count) {
        case ("call", 3):
            guard let exercise = String(wire: parts[1]), case .list(let arguments) = parts[2] else { return nil }
            self = .call(exercise: exercise, arguments: arguments)
        case ("returned", 2):
            guard case .list(let values) = parts[1] else { return nil }
            self = .returned(values)
        case ("threw", 2):
            guard let error = ThrownError(wire: parts[1]) else { return nil }
            self = .threw(error)
        case ("callback", 3):
            guard let name = String(wire: parts[1]), case .list(let arguments) = parts[2] else { return nil }
            self = .callback(name: name, arguments: arguments)
        default:
            return nil
        }
    }
}

/// An error thrown on one side of the boundary, as the other side rethrows it: the
/// homework's provided error types keep their type and fields (a test can expect
/// `UnstableFixedPoint(w: 1)`), any other error keeps its description.
public enum ThrownError: Equatable, Sendable {
    case notImplemented(exercise: String)
    case unstableFixedPoint(w: Double)
    case adjointDidNotConverge(steps: Int)
    case unstableNudgedFixedPoint(w: Double, nudge: Double)
    /// Any other error: its description, cut to `maximumDescription` characters.
    case other(String)

    public static let maximumDescription = 2000

    public init(_ error: any Error) {
        switch error {
        case let e as NotImplemented: self = .notImplemented(exercise: e.exercise)
        case let e as UnstableFixedPoint: self = .unstableFixedPoint(w: e.w)
        case let e as AdjointDidNotConverge: self = .adjointDidNotConverge(steps: e.steps)
        case let e as UnstableNudgedFixedPoint: self = .unstableNudgedFixedPoint(w: e.w, nudge: e.nudge)
        case let e as ErrorFromOtherSide: self = .other(e.description)
        default: self = .other(String(String(describing: error).prefix(Self.maximumDescription)))
        }
    }

    /// The error to throw on this side.
    public var error: any Error {
        switch self {
        case .notImplemented(let exercise): NotImplemented(exercise)
        case .unstableFixedPoint(let w): UnstableFixedPoint(w: w)
        case .adjointDidNotConverge(let steps): AdjointDidNotConverge(steps: steps)
        case let .unstableNudgedFixedPoint(w, nudge): UnstableNudgedFixedPoint(w: w, nudge: nudge)
        case .other(let description): ErrorFromOtherSide(description: description)
        }
    }

    var wire: WireValue {
        switch self {
        case .notImplemented(let exercise): .list([.string("notImplemented"), .string(exercise)])
        case .unstableFixedPoint(let w): .list([.string("unstableFixedPoint"), .double(w)])
        case .adjointDidNotConverge(let steps): .list([.string("adjointDidNotConverge"), .int(steps)])
        case let .unstableNudgedFixedPoint(w, nudge): .list([.string("unstableNudgedFixedPoint"), .double(w), .double(nudge)])
        case .other(let description): .list([.string("other"), .string(description)])
        }
    }

    init?(wire: WireValue) {
        guard case .list(let parts) = wire, let kind = parts.first.flatMap(String.init(wire:)) else { return nil }
        let values = WireValues(Array(parts.dropFirst()))
        do {
            switch kind {
            case "notImplemented": try values.expect(count: 1); self = .notImplemented(exercise: try values.get(0))
            case "unstableFixedPoint": try values.expect(count: 1); self = .unstableFixedPoint(w: try values.get(0))
            case "adjointDidNotConverge": try values.expect(count: 1); self = .adjointDidNotConverge(steps: try values.get(0))
            case "unstableNudgedFixedPoint":
                try values.expect(count: 2)
                self = .unstableNudgedFixedPoint(w: try values.get(0), nudge: try values.get(1))
            case "other":
                try values.expect(count: 1)
                self = .other(String(try values.get(0, as: String.self).prefix(Self.maximumDescription)))
            default: return nil
            }
        } catch {
            return nil
        }
    }
}

/// An error of a type the boundary does not know, rethrown with its description.
public struct ErrorFromOtherSide: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(description: String) { self.description = description }
}
