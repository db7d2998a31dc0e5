import Homework
import HomeworkInterface

extension Calls {
    /// `fixedPoint`: (w, b, x) ↦ r*.
    static func fixedPoint(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        return [try Homework.fixedPoint(w: a.get(0), b: a.get(1), x: a.get(2)).wire]
    }
}
