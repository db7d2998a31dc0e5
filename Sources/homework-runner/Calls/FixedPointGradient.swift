import Homework
import HomeworkInterface

extension Calls {
    /// `fixedPointGradient`: (w, b, x, y) ↦ (loss, dw, db).
    static func fixedPointGradient(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        let out = try Homework.fixedPointGradient(w: a.get(0), b: a.get(1), x: a.get(2), y: a.get(3))
        return [out.loss.wire, out.dw.wire, out.db.wire]
    }
}
