import Homework
import HomeworkInterface

extension Calls {
    /// `trainRTRL`: (x, y, epochs, η, dt) ↦ the history as five lists (loss, dw, db, w, b).
    /// Its three building blocks are the test's, called back across the boundary.
    static func trainRTRL(_ a: WireValues, _ callbacks: Callbacks) throws -> [WireValue] {
        let history = try Homework.trainRTRL(
            x: a.get(0), y: a.get(1), epochs: a.get(2), learningRate: a.get(3), dt: a.get(4),
            forward: { x, w, b, r0, dt in
                let out = try callbacks.call("forward", [x.wire, w.wire, b.wire, r0.wire, dt.wire])
                try out.expect(count: 3)
                return (try out.get(0), try out.get(1), try out.get(2))
            },
            gradient: { r, pw, pb, y in
                let out = try callbacks.call("gradient", [r.wire, pw.wire, pb.wire, y.wire])
                try out.expect(count: 3)
                return (try out.get(0), try out.get(1), try out.get(2))
            },
            step: { w, b, dw, db, η in
                let out = try callbacks.call("step", [w.wire, b.wire, dw.wire, db.wire, η.wire])
                try out.expect(count: 2)
                return (try out.get(0), try out.get(1))
            })
        return [history.map(\.loss).wire, history.map(\.dw).wire, history.map(\.db).wire,
                history.map(\.w).wire, history.map(\.b).wire]
    }
}
