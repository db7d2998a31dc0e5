import HomeworkInterface

// Assignment 2 as the graded tests call it (see `StudentCode`).

public func bpttAdjoints(r: [Double], y: [Double], w: Double, dt: Double) throws -> [Double] {
    let out = try StudentCode.call("bpttAdjoints", [r.wire, y.wire, w.wire, dt.wire])
    return try StudentCode.decode("bpttAdjoints") { () throws(WireMismatch) in
        try out.expect(count: 1)
        return try out.get(0)
    }
}

public func bpttGradient(r0: Double, r: [Double], adjoints: [Double], dt: Double) throws
    -> (dw: Double, db: Double)
{
    let out = try StudentCode.call("bpttGradient", [r0.wire, r.wire, adjoints.wire, dt.wire])
    return try StudentCode.decode("bpttGradient") { () throws(WireMismatch) in
        try out.expect(count: 2)
        return (try out.get(0), try out.get(1))
    }
}
