import Homework
import HomeworkInterface

extension Calls {
    /// `rtrlGradient`: (r, p_w, p_b, y) ↦ (loss, dw, db).
    static func rtrlGradient(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        let out = try Homework.rtrlGradient(r: a.get(0), pw: a.get(1), pb: a.get(2), y: a.get(3))
        return [out.loss.wire, out.dw.wire, out.db.wire]
    }
}
