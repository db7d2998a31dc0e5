import HomeworkInterface

// Assignment 1 as the graded tests call it: each function has the exercise's signature
// and runs the student's own, in the sandboxed executable (see `StudentCode`).

public func rtrlForward(x: [Double], w: Double, b: Double, r0: Double, dt: Double) throws
    -> (r: [Double], pw: [Double], pb: [Double])
{
    let out = try StudentCode.call("rtrlForward", [x.wire, w.wire, b.wire, r0.wire, dt.wire])
    return try StudentCode.decode("rtrlForward") { () throws(WireMismatch) in
        try out.expect(count: 3)
        return (try out.get(0), try out.get(1), try out.get(2))
    }
}

public func rtrlGradient(r: [Double], pw: [Double], pb: [Double], y: [Double]) throws
    -> (loss: Double, dw: Double, db: Double)
{
    let out = try StudentCode.call("rtrlGradient", [r.wire, pw.wire, pb.wire, y.wire])
    return try StudentCode.decode("rtrlGradient") { () throws(WireMismatch) in
        try out.expect(count: 3)
        return (try out.get(0), try out.get(1), try out.get(2))
    }
}

public func gradientStep(w: Double, b: Double, dw: Double, db: Double, learningRate: Double) throws
    -> (w: Double, b: Double)
{
    let out = try StudentCode.call("gradientStep", [w.wire, b.wire, dw.wire, db.wire, learningRate.wire])
    return try StudentCode.decode("gradientStep") { () throws(WireMismatch) in
        try out.expect(count: 2)
        return (try out.get(0), try out.get(1))
    }
}

/// The student's training loop, with the test's building blocks: each call the loop
/// makes comes back here and runs in the test's process.
public func trainRTRL(
    x: [Double], y: [Double], epochs: Int = 10, learningRate: Double = 0.1, dt: Double = 0.1,
    forward: RTRLForwardFunction = rtrlForward,
    gradient: RTRLGradientFunction = rtrlGradient,
    step: GradientStepFunction = gradientStep
) throws -> [(loss: Double, dw: Double, db: Double, w: Double, b: Double)] {
    let out = try StudentCode.call(
        "trainRTRL", [x.wire, y.wire, epochs.wire, learningRate.wire, dt.wire]
    ) { name, a in
        switch name {
        case "forward":
            let o = try forward(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4))
            return [o.r.wire, o.pw.wire, o.pb.wire]
        case "gradient":
            let o = try gradient(a.get(0), a.get(1), a.get(2), a.get(3))
            return [o.loss.wire, o.dw.wire, o.db.wire]
        case "step":
            let o = try step(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4))
            return [o.w.wire, o.b.wire]
        default:
            return nil
        }
    }
    return try StudentCode.decode("trainRTRL") { () throws(WireMismatch) in
        try out.expect(count: 5)
        let columns: [[Double]] = try (0..<5).map { i throws(WireMismatch) in try out.get(i) }
        guard columns.allSatisfy({ $0.count == columns[0].count }) else {
            throw WireMismatch("the history's columns have different lengths")
        }
        return columns[0].indices.map { (columns[0][$0], columns[1][$0], columns[2][$0], columns[3][$0], columns[4][$0]) }
    }
}
