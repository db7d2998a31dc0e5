import Homework
import HomeworkInterface

extension Calls {
    /// `eqpropGradient`: (w, b, x, y, λ, symmetric) ↦ (dw, db).
    static func eqpropGradient(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        let out = try Homework.eqpropGradient(w: a.get(0), b: a.get(1), x: a.get(2), y: a.get(3), nudge: a.get(4),
                                              symmetric: a.get(5))
        return [out.dw.wire, out.db.wire]
    }
}
