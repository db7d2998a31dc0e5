import HomeworkInterface

// Assignment 3 as the graded tests call it (see `StudentCode`). The errors it throws
// (`UnstableFixedPoint`, `AdjointDidNotConverge`) arrive here as the same types.

public func fixedPoint(w: Double, b: Double, x: Double) throws -> Double {
    let out = try StudentCode.call("fixedPoint", [w.wire, b.wire, x.wire])
    return try StudentCode.decode("fixedPoint") { () throws(WireMismatch) in
        try out.expect(count: 1)
        return try out.get(0)
    }
}

public func fixedPointSensitivities(w: Double, b: Double, x: Double) throws -> (drdw: Double, drdb: Double) {
    let out = try StudentCode.call("fixedPointSensitivities", [w.wire, b.wire, x.wire])
    return try StudentCode.decode("fixedPointSensitivities") { () throws(WireMismatch) in
        try out.expect(count: 2)
        return (try out.get(0), try out.get(1))
    }
}

public func fixedPointGradient(w: Double, b: Double, x: Double, y: Double) throws -> (loss: Double, dw: Double, db: Double) {
    let out = try StudentCode.call("fixedPointGradient", [w.wire, b.wire, x.wire, y.wire])
    return try StudentCode.decode("fixedPointGradient") { () throws(WireMismatch) in
        try out.expect(count: 3)
        return (try out.get(0), try out.get(1), try out.get(2))
    }
}

public func adjointSteadyState(w: Double, b: Double, x: Double, y: Double, dt: Double,
                               tolerance: Double, maxSteps: Int) throws -> (v: Double, steps: Int) {
    let out = try StudentCode.call("adjointSteadyState",
                                   [w.wire, b.wire, x.wire, y.wire, dt.wire, tolerance.wire, maxSteps.wire])
    return try StudentCode.decode("adjointSteadyState") { () throws(WireMismatch) in
        try out.expect(count: 2)
        return (try out.get(0), try out.get(1))
    }
}
