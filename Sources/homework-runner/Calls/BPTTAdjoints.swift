import Homework
import HomeworkInterface

extension Calls {
    /// `bpttAdjoints`: (r, y, w, dt) ↦ adjoints.
    static func bpttAdjoints(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        return [try Homework.bpttAdjoints(r: a.get(0), y: a.get(1), w: a.get(2), dt: a.get(3)).wire]
    }
}
