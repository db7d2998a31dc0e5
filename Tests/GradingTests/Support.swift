import Foundation
@testable import Grading

/// The course package this test target belongs to.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("grading-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A line of an event stream, as Swift Testing writes it.
func event(_ kind: String, _ id: String? = nil, failure: String? = nil, known: Bool = false, details: String? = nil) -> String {
    var messages = [["symbol": failure == nil ? "default" : "fail", "text": failure ?? kind]]
    if let details { messages.append(["symbol": "details", "text": details]) }
    var payload: [String: Any] = ["kind": kind, "messages": messages]
    if let id { payload["testID"] = id }
    if failure != nil { payload["issue"] = ["isFailure": true, "isKnown": known] }
    let data = try! JSONSerialization.data(withJSONObject: ["kind": "event", "payload": payload, "version": "6.3.0"])
    return String(decoding: data, as: UTF8.self)
}

/// Runs `body`, which waits on child processes, on a thread of its own and suspends until
/// it returns: Swift Testing runs tests on one thread per core, and a test blocked in a
/// wait would hold one of them while the other tests queue behind it.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
