import HomeworkInterface

// Assignment 4 as the graded tests call it (see `StudentCode`). `UnstableNudgedFixedPoint`
// arrives here as the same type.

public func nudgedFixedPoint(w: Double, b: Double, x: Double, y: Double, nudge λ: Double) throws -> Double {
    let out = try StudentCode.call("nudgedFixedPoint", [w.wire, b.wire, x.wire, y.wire, λ.wire])
    return try StudentCode.decode("nudgedFixedPoint") { () throws(WireMismatch) in
        try out.expect(count: 1)
        return try out.get(0)
    }
}

public func eqpropGradient(w: Double, b: Double, x: Double, y: Double, nudge λ: Double,
                           symmetric: Bool) throws -> (dw: Double, db: Double) {
    let out = try StudentCode.call("eqpropGradient", [w.wire, b.wire, x.wire, y.wire, λ.wire, symmetric.wire])
    return try StudentCode.decode("eqpropGradient") { () throws(WireMismatch) in
        try out.expect(count: 2)
        return (try out.get(0), try out.get(1))
    }
}

public func eqpropErrors(w: Double, b: Double, x: Double, y: Double,
                         nudges: [Double]) throws -> [(oneSided: Double, symmetric: Double)] {
    let out = try StudentCode.call("eqpropErrors", [w.wire, b.wire, x.wire, y.wire, nudges.wire])
    return try StudentCode.decode("eqpropErrors") { () throws(WireMismatch) in
        try out.expect(count: 2)
        let oneSided: [Double] = try out.get(0), symmetric: [Double] = try out.get(1)
        guard oneSided.count == symmetric.count else { throw WireMismatch("the two error lists have different lengths") }
        return zip(oneSided, symmetric).map { ($0, $1) }
    }
}
