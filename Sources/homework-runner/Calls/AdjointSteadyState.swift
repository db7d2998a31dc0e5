import Homework
import HomeworkInterface

extension Calls {
    /// `adjointSteadyState`: (w, b, x, y, dt, tolerance, maxSteps) ↦ (v, steps).
    static func adjointSteadyState(_ a: WireValues, _: Callbacks) throws -> [WireValue] {
        let out = try Homework.adjointSteadyState(w: a.get(0), b: a.get(1), x: a.get(2), y: a.get(3), dt: a.get(4),
                                                  tolerance: a.get(5), maxSteps: a.get(6))
        return [out.v.wire, out.steps.wire]
    }
}
