/// Every lesson, in teaching order.
public enum Catalog {
    public static var lessons: [any Lesson.Type] { [
        SNNRateLesson.self,
        FixedPointLesson.self,
        FeedforwardLesson.self,
        EqPropLesson.self,
        RTRLLesson.self,
        BPTTLesson.self,
        SpikingLesson.self,
        BackwardTuningLesson.self,
        ComplexityLesson.self,
    ] }

    public static var ids: [String] { lessons.map { $0.id } }

    public static func lesson(id: String) -> (any Lesson.Type)? {
        lessons.first { $0.id == id }
    }
}
