import Homework
import HomeworkInterface

extension Calls {
    /// `gradientStep`: (w, b, dw, db, η) ↦ (w, b).
    static func gradientStep(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        let out = try Homework.gradientStep(w: a.get(0), b: a.get(1), dw: a.get(2), db: a.get(3), learningRate: a.get(4))
        return [out.w.wire, out.b.wire]
    }
}
