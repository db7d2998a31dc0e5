import Homework
import HomeworkInterface

extension Calls {
    /// `nudgedFixedPoint`: (w, b, x, y, λ) ↦ r*_λ.
    static func nudgedFixedPoint(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        return [try Homework.nudgedFixedPoint(w: a.get(0), b: a.get(1), x: a.get(2), y: a.get(3), nudge: a.get(4)).wire]
    }
}
