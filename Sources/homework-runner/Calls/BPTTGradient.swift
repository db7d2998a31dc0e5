import Homework
import HomeworkInterface

extension Calls {
    /// `bpttGradient`: (r0, r, adjoints, dt) ↦ (dw, db).
    static func bpttGradient(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        let out = try Homework.bpttGradient(r0: a.get(0), r: a.get(1), adjoints: a.get(2), dt: a.get(3))
        return [out.dw.wire, out.db.wire]
    }
}
