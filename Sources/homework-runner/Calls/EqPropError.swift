import Homework
import HomeworkInterface

extension Calls {
    /// `eqpropErrors`: (w, b, x, y, nudges) ↦ [(one-sided, symmetric)], as two lists.
    static func eqpropErrors(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        let out = try Homework.eqpropErrors(w: a.get(0), b: a.get(1), x: a.get(2), y: a.get(3), nudges: a.get(4))
        return [out.map(\.oneSided).wire, out.map(\.symmetric).wire]
    }
}
