import HomeworkInterface

/// One exercise as the executable answers it: the call's arguments in, its results out.
typealias Call = (WireValues, Callbacks) throws -> [WireValue]

/// The exercises by name, one file each in `Calls/`, named after the exercise file whose
/// function it calls: a compile error there is that exercise's (its signature changed).
enum Calls {
    static var table: [String: Call] {
        [
        "rtrlForward": rtrlForward, "rtrlGradient": rtrlGradient, "gradientStep": gradientStep,
        "trainRTRL": trainRTRL,
        "bpttAdjoints": bpttAdjoints, "bpttGradient": bpttGradient,
        "fixedPoint": fixedPoint, "fixedPointSensitivities": fixedPointSensitivities,
        "fixedPointGradient": fixedPointGradient, "adjointSteadyState": adjointSteadyState,
        "nudgedFixedPoint": nudgedFixedPoint, "eqpropGradient": eqpropGradient, "eqpropErrors": eqpropErrors,
        ]
    }
}

/// The functions a test passed to an exercise, called back across the boundary.
struct Callbacks {
    let channel: LineChannel

    /// Asks the test to run its function `name`; its results, or the error it threw.
    func call(_ name: String, _ arguments: [WireValue]) throws -> WireValues {
        guard channel.send(.callback(name: name, arguments: arguments)) else {
            throw ErrorFromOtherSide(description: "the graded test is gone")
        }
        switch try channel.receive() {
        case .returned(let values): return WireValues(values)
        case .threw(let error): throw error.error
        default: throw ErrorFromOtherSide(description: "the graded test answered the callback \(name) with something else")
        }
    }
}
