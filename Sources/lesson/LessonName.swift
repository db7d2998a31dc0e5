import Lessons

/// A lesson as the student typed its id: exact, in any case (`RTRL` is `rtrl`), or else
/// the ids closest to it for a did-you-mean (`rtlr` → `rtrl`).
enum LessonName {
    /// The lesson `typed` names, ignoring case.
    static func lesson(_ typed: String) -> (any Lesson.Type)? {
        Catalog.lesson(id: typed) ?? Catalog.lessons.first { $0.id.lowercased() == typed.lowercased() }
    }

    /// The ids within a few edits of `typed` (at most 2, or a third of its length), closest first.
    static func suggestions(for typed: String) -> [String] {
        let wanted = typed.lowercased()
        let limit = max(2, wanted.count / 3)
        return Catalog.ids
            .map { (id: $0, distance: editDistance(wanted, $0)) }
            .filter { $0.distance <= limit }
            .sorted { ($0.distance, $0.id) < ($1.distance, $1.id) }
            .map(\.id)
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbours (`rtlr` is one swap from `rtrl`) each cost 1.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
