import Homework
import HomeworkInterface

extension Calls {
    /// `rtrlForward`: (x, w, b, r0, dt) ↦ (r, p_w, p_b).
    static func rtrlForward(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        let out = try Homework.rtrlForward(x: a.get(0), w: a.get(1), b: a.get(2), r0: a.get(3), dt: a.get(4))
        return [out.r.wire, out.pw.wire, out.pb.wire]
    }
}
