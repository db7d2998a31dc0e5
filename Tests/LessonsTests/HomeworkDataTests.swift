import Testing
@testable import Lessons

/// `lesson rtrl --data FILE` must train exactly as the course homework does.
@Suite("rtrl on a student's data equals the course homework")
struct HomeworkDataTests {
    /// The course homework, written independently as a plain scalar loop:
    /// r₀ = y₀, p = 0; r_{t+1} = r_t + Δt((w−1)r_t + b + x_t),
    /// p_{w,t+1} = p_{w,t} + Δt((w−1)p_{w,t} + r_t), p_{b,t+1} = p_{b,t} + Δt((w−1)p_{b,t} + 1);
    /// loss = ½ mean (r_t − y_{t−1})², dL/dw = mean (r_t − y_{t−1}) p_{w,t}; w −= η dL/dw.
    static func course(x: [Double], y: [Double], epochs: Int, η: Double) -> [(loss: Double, w: Double, b: Double)] {
        var w = 1.0, b = 1.0
        let Δt = 0.1, T = Double(x.count)
        var history: [(Double, Double, Double)] = []
        for _ in 0..<epochs {
            var r = y[0], pw = 0.0, pb = 0.0
            var loss = 0.0, dw = 0.0, db = 0.0
            for t in 0..<x.count {
                let rNext = r + Δt * ((w - 1) * r + b + x[t])
                pw = pw + Δt * ((w - 1) * pw + r)
                pb = pb + Δt * ((w - 1) * pb + 1)
                r = rNext
                let e = r - y[t]
                loss += e * e / (2 * T)
                dw += e * pw / T
                db += e * pb / T
            }
            w -= η * dw
            b -= η * db
            history.append((loss, w, b))
        }
        return history
    }

    @Test("per-epoch loss, w and b of the lesson's training table agree with the independent homework loop")
    func matchesCourse() throws {
        let data = SequenceData(x: [0.12, -0.05, 0.03, 0.2, -0.11, 0.0, 0.07, -0.02, 0.15, 0.01, -0.3, 0.4],
                                y: [2.9, 2.6, 2.4, 2.1, 1.9, 1.8, 1.6, 1.4, 1.3, 1.2, 1.1, 1.0])
        for (epochs, η) in [(10, 0.1), (40, 0.3)] {
            let outcome = LessonSession.run(RTRLLesson.self, settings: LessonSettings(epochs: epochs, learningRate: η, data: data))
            #expect(outcome.error == nil)
            // The train cell's table: epoch, loss, dL/dw, dL/db, w, b (13 significant digits).
            let rows = try #require(outcome.events.lazy.compactMap { event -> [[String]]? in
                if case let .table(header, rows) = event, header.first == "epoch" { rows } else { nil }
            }.first)
            let expected = Self.course(x: data.x, y: data.y, epochs: epochs, η: η)
            try #require(rows.count == epochs)
            // The loss and the parameters after each epoch's update, as the homework loop computes them.
            for (k, (row, want)) in zip(rows, expected).enumerated() {
                let got = row.compactMap { Double($0) }
                for (a, b, what) in [(got[1], want.loss, "loss"), (got[4], want.w, "w"), (got[5], want.b, "b")] {
                    #expect(abs(a - b) <= 1e-11 * max(1, abs(b)), "epoch \(k) \(what): expected \(b), got \(a)")
                }
            }
        }
    }
}
