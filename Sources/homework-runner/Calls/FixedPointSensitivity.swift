import Homework
import HomeworkInterface

extension Calls {
    /// `fixedPointSensitivities`: (w, b, x) ↦ (dr*/dw, dr*/db).
    static func fixedPointSensitivities(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        let out = try Homework.fixedPointSensitivities(w: a.get(0), b: a.get(1), x: a.get(2))
        return [out.drdw.wire, out.drdb.wire]
    }
}
